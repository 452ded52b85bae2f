#include "design/Specification.hh"

#include "util/Error.hh"

#include <cmath>
#include <fmt/format.h>

namespace nladc::design {

std::string_view cancellationName(OffsetCancellation cancellation)
{
  switch (cancellation) {
  case OffsetCancellation::automatic: return "auto";
  case OffsetCancellation::on: return "on";
  case OffsetCancellation::off: return "off";
  }
  return "auto";
}

OffsetCancellation parseCancellation(std::string_view name)
{
  for (const OffsetCancellation c : {OffsetCancellation::automatic, OffsetCancellation::on, OffsetCancellation::off})
    if (cancellationName(c) == name)
      return c;
  throw InputError(fmt::format("offset_cancellation: expected auto, on or off, got '{}'", name));
}

void validate(const Specification& s)
{
  if (!(s.yield > 0.0 && s.yield < 1.0))
    throw InputError(fmt::format("yield: must lie strictly between 0 and 1, got {}", s.yield));
  if (s.columns < 1 || s.columns > 1024)
    throw InputError(fmt::format("columns: must be 1 to 1024, got {}", s.columns));
  if (s.maxEffectiveMseRatio && !(std::isfinite(*s.maxEffectiveMseRatio) && *s.maxEffectiveMseRatio >= 1.0))
    throw InputError(fmt::format("max_effective_mse_ratio: must be a finite number of at least 1 (the circuit "
                                 "cannot beat its ideal quantiser), got {}",
                                 *s.maxEffectiveMseRatio));
}

uint64_t allowedFailures(double yield, uint64_t samples)
{
  // The small allowance keeps 200 × (1 − 0.99), 2.0000000000000018 in
  // floating point, at the 2 it means.
  return static_cast<uint64_t>(std::floor(static_cast<double>(samples) * (1.0 - yield) + 1e-9)) + 1;
}

namespace {

// P(Binomial(n, p) ≤ k), summed in logs so large n stays finite.
double binomialCdf(uint64_t k, uint64_t n, double p)
{
  double sum = 0.0;
  for (uint64_t i = 0; i <= k && i <= n; ++i) {
    const double logTerm = std::lgamma(n + 1.0) - std::lgamma(i + 1.0) - std::lgamma(n - i + 1.0) +
                           static_cast<double>(i) * std::log(p) + static_cast<double>(n - i) * std::log1p(-p);
    sum += std::exp(logTerm);
  }
  return sum;
}

} // namespace

double confirmableYield(double yield, uint64_t samples)
{
  const uint64_t allowed = allowedFailures(yield, samples);
  // The failure probability falls from 1 − Y until the confirmation passes
  // 95 % of the time; bisection in log space, as it spans decades.
  double lo = 1e-12;       // passes
  double hi = 1.0 - yield; // passes less often
  if (binomialCdf(allowed, samples, hi) >= 0.95)
    return yield;
  for (int i = 0; i < 100; ++i) {
    const double mid = std::sqrt(lo * hi);
    (binomialCdf(allowed, samples, mid) >= 0.95 ? lo : hi) = mid;
  }
  return 1.0 - lo;
}

} // namespace nladc::design
