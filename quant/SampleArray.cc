#include "quant/SampleArray.hh"

#include "util/Error.hh"

#include <algorithm>

namespace nladc::quant {

TensorSamples countSampleArray(std::span<const float> samples, const std::string& name, const std::string& where,
                               bool dropNonfinite, std::uint64_t memoryBudget)
{
  // The readers' chunk (1 MiB): large enough for the counter's two cores.
  constexpr std::size_t chunk = std::size_t{1} << 18;
  try {
    SampleCounter counter(memoryBudget);
    for (std::size_t first = 0; first < samples.size(); first += chunk)
      counter.add(samples.subspan(first, std::min(chunk, samples.size() - first)));
    requireFinite(where, name, counter.nonfiniteCount(), dropNonfinite);
    requireSamples(where, name, counter.finiteCount(), counter.nonfiniteCount() > 0);
    SortedSamples sorted = counter.takeSortedSamples();
    return {name, std::move(sorted), counter.resolution()};
  } catch (const std::bad_alloc&) {
    throw InputError(where + ": not enough memory to count its samples");
  }
}

} // namespace nladc::quant
