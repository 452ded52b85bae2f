#pragma once

#include "quant/LevelSet.hh"
#include "quant/SortedSamples.hh"

#include <string_view>

namespace nladc::quant {

// How BS-KMQ treats a boundary pile-up (DESIGN.md §3, step 4).
enum class Suppression {
  pin,    // a level pinned at the edge; the band leaves the clustering
  remove, // the band leaves the clustering; no pinned level
  cap,    // the band stays, its weight capped at an interior bin's mean weight
};

std::string_view suppressionName(Suppression suppression);
Suppression parseSuppression(std::string_view name); // throws InputError

struct BsKmqOptions {
  double boundaryEps = 1e-3;  // band width, as a fraction of the domain
  double boundaryMass = 0.01; // a band holding more than this fraction is a pile-up
  Suppression suppression = Suppression::pin;
};

// Boundary Suppressed K-Means Quantization (Dong et al. 2026): boundary
// pile-ups (ReLU's zeros, the clamp at the top) are suppressed before the
// exact 1-D K-means of the interior, so the levels go where the information
// is instead of to the edges.
LevelSet fitBsKmq(const SortedSamples& samples, const Domain& domain, size_t levelCount, const BsKmqOptions& options);

} // namespace nladc::quant
