#pragma once

#include "quant/SortedSamples.hh"

#include <cstdint>
#include <vector>

namespace nladc::flow {

// Counts of samples in equal bins over [lo, hi] (the last bin closed), and
// how many fell outside: held-out data can reach past the fitted domain.
struct Histogram {
  double lo = 0.0;
  double hi = 1.0;
  std::vector<uint64_t> counts;
  uint64_t below = 0;
  uint64_t above = 0;

  double binWidth() const { return (hi - lo) / static_cast<double>(counts.size()); }
  double binCentre(size_t i) const { return lo + (static_cast<double>(i) + 0.5) * binWidth(); }
  uint64_t total() const; // every counted sample, outside ones included
};

// `bins` >= 1; a domain of zero width puts every sample in one bin.
Histogram histogramOf(const quant::SortedSamples& samples, double lo, double hi, size_t bins);

} // namespace nladc::flow
