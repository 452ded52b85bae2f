#pragma once

#include "quant/LevelSet.hh"
#include "quant/SortedSamples.hh"

namespace nladc::quant {

// Equal-probability bins: the k-th threshold cuts the sorted samples where
// the cumulative weight reaches k/K, halfway between the value there and the
// next distinct value; each level is the mean of its bin. A point mass wider
// than 1/K makes cuts coincide; they are merged, so the set may hold fewer
// than K levels (params.requested_levels records K).
LevelSet fitCdf(const SortedSamples& samples, size_t levelCount);

} // namespace nladc::quant
