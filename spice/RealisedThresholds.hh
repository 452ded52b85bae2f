#pragma once

#include "adc/ReferenceColumnDesign.hh"
#include "spice/SampleTable.hh"

#include <cstdint>
#include <string>
#include <vector>

namespace nladc::spice {

// A Monte Carlo run's thresholds.npy: the realised thresholds of every
// sample's every test column, in activation units (adc::columnThresholds),
// so that a network can be evaluated with each sampled ADC (the Python
// module's mc_thresholds). float64, shape (samples, columns, K − 1); a
// sample that did not simulate (failed, or not run yet) is NaN throughout.
std::string formatRealisedThresholds(const adc::ReferenceColumnDesign& design, const std::vector<SampleRow>& rows,
                                     std::uint64_t samples, int columns);

} // namespace nladc::spice
