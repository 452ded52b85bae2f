#pragma once

#include "quant/LevelSet.hh"

#include <string_view>
#include <vector>

namespace nladc::netlist {

// What "the smallest step" of DESIGN.md §6 reads as: each threshold must
// sit within a quarter of it.
//  - smallest: the narrowest code bin, edge bins lo … t_1 and t_{K−1} … hi
//    included, for every threshold (the default). The edge bins are real
//    codes: BS-KMQ pins a level at an edge where the data piles up, and a
//    t_1 off by a quarter of a wider step would hand that pile-up to the
//    wrong code.
//  - interior: the narrowest gap between thresholds, edge bins left out.
//  - local: each threshold's own local step, the narrower of its two
//    adjacent bins (the INL measure of adc/ConversionMeasurement), so the
//    grid spends at most half of the |INL| < 0.5 yield budget.
// docs/area.md shows how the ratios move between them.
enum class StepRule { smallest, interior, local };

// A conventional NL-ADC places its thresholds on a uniform grid of 2^R
// steps across the domain (the codes of a capacitive DAC, or the taps of a
// ladder of 2^R unit resistors). R is the resolution that puts every
// threshold within a quarter of its step under a StepRule.
struct ThresholdGrid {
  int bits = 0;            // R
  std::vector<long> codes; // threshold k at code k on the 2^R grid, strictly increasing
  double worstError = 0.0; // max |t_k − code_k·Δ| in units of threshold k's step
};

// Threshold j's step under `rule`, in units of the domain width (with one
// threshold there is no gap, and `interior` reads as `smallest`).
double thresholdStep(const quant::LevelSet& set, size_t j, StepRule rule);

// The narrowest step of any threshold, in units of the domain width.
double narrowestStep(const quant::LevelSet& set, StepRule rule);

// "smallest", "interior", "local"; parseStepRule throws InputError naming
// the value otherwise.
const char* stepRuleName(StepRule rule);
StepRule parseStepRule(std::string_view name);

// The smallest R (1 … 24) that meets the quarter-step rule. Throws
// InputError if even 24 bits do not (thresholds closer than 2^−22 of the
// domain).
ThresholdGrid thresholdGrid(const quant::LevelSet& set, StepRule rule);

} // namespace nladc::netlist
