#include "flow/Histogram.hh"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace nladc::flow {

uint64_t Histogram::total() const
{
  return std::accumulate(counts.begin(), counts.end(), below + above);
}

Histogram histogramOf(const quant::SortedSamples& samples, double lo, double hi, size_t bins)
{
  Histogram h{lo, hi, std::vector<uint64_t>(std::max<size_t>(bins, 1), 0), 0, 0};
  const double width = hi - lo;
  for (size_t i = 0; i < samples.size(); ++i) {
    const double x = samples.value(i);
    const auto count = static_cast<uint64_t>(samples.weight(i));
    if (x < lo) {
      h.below += count;
    } else if (x > hi) {
      h.above += count;
    } else {
      const double position = width > 0.0 ? (x - lo) / width * static_cast<double>(h.counts.size()) : 0.0;
      const size_t bin = std::min(static_cast<size_t>(position), h.counts.size() - 1);
      h.counts[bin] += count;
    }
  }
  return h;
}

} // namespace nladc::flow
