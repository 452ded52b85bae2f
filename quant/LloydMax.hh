#pragma once

#include "quant/LevelSet.hh"
#include "quant/SortedSamples.hh"

namespace nladc::quant {

struct LloydMaxOptions {
  double relativeTolerance = 1e-9; // stop when the MSE changes by less than this, relatively
  int maxIterations = 1000;
};

// Lloyd's iteration on the samples (Lloyd 1957/1982, Max 1960): thresholds
// at the midpoints of the levels, each level moved to the mean of its cell,
// until the MSE stops changing. Starts from the given levels (the linear
// set, DESIGN.md §3). An empty cell keeps its level.
LevelSet fitLloydMax(const SortedSamples& samples, std::vector<double> levels, const LloydMaxOptions& options = {});

} // namespace nladc::quant
