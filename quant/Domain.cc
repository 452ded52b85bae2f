#include "quant/Domain.hh"

#include "util/Error.hh"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace nladc::quant {

namespace {

// The p-th percentile (0..100) by the nearest-rank rule, without sorting a
// copy of all samples: nth_element on a copy is O(n) but needs the copy, so
// the copy is made only when a percentile is asked for.
double percentile(std::span<const float> samples, double p)
{
  std::vector<float> copy(samples.begin(), samples.end());
  const double rank = std::ceil(p / 100.0 * static_cast<double>(copy.size()));
  const size_t index = static_cast<size_t>(std::clamp(rank, 1.0, static_cast<double>(copy.size()))) - 1;
  std::nth_element(copy.begin(), copy.begin() + static_cast<std::ptrdiff_t>(index), copy.end());
  return copy[index];
}

} // namespace

Domain chooseDomain(std::span<const float> samples, const DomainOptions& options)
{
  if (samples.empty())
    throw InputError("no samples to choose a domain from");
  Domain domain;
  if (options.clipPercentile) {
    const double p = *options.clipPercentile;
    if (!(p > 50.0 && p <= 100.0))
      throw InputError(fmt::format("--clip-percentile {} is outside (50, 100]", p));
    domain.lo = percentile(samples, 100.0 - p);
    domain.hi = percentile(samples, p);
  } else {
    const auto [minIt, maxIt] = std::minmax_element(samples.begin(), samples.end());
    domain.lo = *minIt;
    domain.hi = *maxIt;
  }
  if (options.lo)
    domain.lo = *options.lo;
  if (options.hi)
    domain.hi = *options.hi;
  if (!std::isfinite(domain.lo) || !std::isfinite(domain.hi))
    throw InputError("the domain bounds must be finite");
  if (!(domain.hi > domain.lo))
    throw InputError(
        fmt::format("the domain [{}, {}] is empty: all samples are equal or lo >= hi", domain.lo, domain.hi));
  return domain;
}

} // namespace nladc::quant
