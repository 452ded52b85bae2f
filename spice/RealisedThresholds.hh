#pragma once

#include "adc/ReferenceColumnDesign.hh"
#include "spice/SampleTable.hh"

#include <cstdint>
#include <filesystem>
#include <vector>

namespace nladc::spice {

// A Monte Carlo run's thresholds.npy: the realised thresholds of every
// sample's every test column, in activation units (adc::columnThresholds),
// so that a network can be evaluated with each sampled ADC (the Python
// module's mc_thresholds). float64, shape (samples, columns, K − 1); a
// sample that did not simulate (failed, or not run yet) is NaN throughout.
// Written atomically, a sample at a time; not written (false) when it
// would take more than maxRealisedThresholdBytes.
constexpr std::uint64_t maxRealisedThresholdBytes = std::uint64_t{1} << 30;
bool writeRealisedThresholds(const std::filesystem::path& path, const adc::ReferenceColumnDesign& design,
                             const std::vector<SampleRow>& rows, std::uint64_t samples, int columns);

} // namespace nladc::spice
