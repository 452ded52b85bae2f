#include "flow/Histogram.hh"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace nladc::flow {

uint64_t Histogram::total() const
{
  return std::accumulate(counts.begin(), counts.end(), below + above);
}

Histogram histogramOf(std::span<const float> samples, double lo, double hi, size_t bins)
{
  Histogram h{lo, hi, std::vector<uint64_t>(std::max<size_t>(bins, 1), 0), 0, 0};
  const double width = hi - lo;
  for (const float sample : samples) {
    const double x = sample;
    if (std::isnan(x)) {
      continue;
    } else if (x < lo) {
      ++h.below;
    } else if (x > hi) {
      ++h.above;
    } else {
      const double position = width > 0.0 ? (x - lo) / width * static_cast<double>(h.counts.size()) : 0.0;
      const size_t bin = std::min(static_cast<size_t>(position), h.counts.size() - 1);
      ++h.counts[bin];
    }
  }
  return h;
}

} // namespace nladc::flow
