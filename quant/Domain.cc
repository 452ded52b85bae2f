#include "quant/Domain.hh"

#include "quant/SortedSamples.hh"
#include "util/Error.hh"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace nladc::quant {

Domain chooseDomain(const SortedSamples& samples, const DomainOptions& options)
{
  if (samples.size() == 0)
    throw InputError("no samples to choose a domain from");
  Domain domain{samples.value(0), samples.value(samples.size() - 1)};
  if (options.clipPercentile) {
    const double p = *options.clipPercentile;
    if (!(p > 50.0 && p <= 100.0))
      throw InputError(fmt::format("--clip-percentile {} is outside (50, 100]", p));
    // The nearest-rank rule: the ceil(p/100·n)-th smallest sample.
    const double n = samples.totalWeight();
    const auto atPercentile = [&](double q) {
      const double rank = std::clamp(std::ceil(q / 100.0 * n), 1.0, n);
      return double{samples.value(samples.indexAtWeight(rank) - 1)};
    };
    domain.lo = atPercentile(100.0 - p);
    domain.hi = atPercentile(p);
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

Domain chooseDomain(std::span<const float> samples, const DomainOptions& options)
{
  return chooseDomain(SortedSamples(samples), options);
}

} // namespace nladc::quant
