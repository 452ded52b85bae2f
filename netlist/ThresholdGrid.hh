#pragma once

#include "quant/LevelSet.hh"

#include <vector>

namespace nladc::netlist {

// A conventional NL-ADC places its thresholds on a uniform grid of 2^R
// steps across the domain (the codes of a capacitive DAC, or the taps of a
// ladder of 2^R unit resistors). R is the resolution that puts every
// threshold within a quarter of the smallest code bin (DESIGN.md §6).
struct ThresholdGrid {
  int bits = 0;            // R
  std::vector<long> codes; // threshold k at code k on the 2^R grid, strictly increasing
  double worstError = 0.0; // max |t_k − code_k·Δ| in units of the smallest bin
};

// The smallest R (1 … 24) that meets the quarter-bin rule. The smallest
// bin is the narrowest of lo … t_1 … t_{K−1} … hi. Throws InputError if
// even 24 bits do not (thresholds closer than 2^−22 of the domain).
ThresholdGrid thresholdGrid(const quant::LevelSet& set);

} // namespace nladc::netlist
