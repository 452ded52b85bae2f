#pragma once

#include "quant/LevelSet.hh"
#include "quant/SortedSamples.hh"

#include <nlohmann/json.hpp>
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

// Steps 1–2 of DESIGN.md §3: the boundary bands, as index ranges [0, loEnd)
// and [hiBegin, n) of the sorted samples, their masses, and which of them
// are pile-ups. Shared by every method that treats pile-ups BS-KMQ's way.
struct BoundaryBands {
  size_t loEnd = 0;
  size_t hiBegin = 0;
  double loMass = 0.0; // fraction of the total weight
  double hiMass = 0.0;
  bool pileLo = false;
  bool pileHi = false;

  // The samples left once the pile-up bands are taken out: [begin, end).
  size_t begin() const { return pileLo ? loEnd : 0; }
  size_t end(const SortedSamples& samples) const { return pileHi ? hiBegin : samples.size(); }
};

// Checks the options (InputError naming the option), finds the bands and
// records the options and the bands in `params`.
BoundaryBands findBoundaryBands(const SortedSamples& samples, const Domain& domain, const BsKmqOptions& options,
                                nlohmann::json& params);

// `cap`: the samples with each pile-up band's weight scaled down to the
// mean weight of an interior bin of the band's width. Records the cap in
// `params`.
SortedSamples cappedBands(const SortedSamples& samples, const BoundaryBands& bands, const BsKmqOptions& options,
                          nlohmann::json& params);

// Boundary Suppressed K-Means Quantization (Dong et al. 2026): boundary
// pile-ups (ReLU's zeros, the clamp at the top) are suppressed before the
// exact 1-D K-means of the interior, so the levels go where the information
// is instead of to the edges.
LevelSet fitBsKmq(const SortedSamples& samples, const Domain& domain, size_t levelCount, const BsKmqOptions& options);

} // namespace nladc::quant
