#include "quant/ExpectedError.hh"

#include "quant/Domain.hh"
#include "util/Error.hh"

#include <cmath>
#include <fmt/format.h>

namespace nladc::quant {

namespace {

// |z| beyond which Φ(z) is 0 or 1 to within 1e-15.
constexpr double saturation = 8.0;

} // namespace

JitteredTail jitteredTail(const SortedSamples& samples, double centre, double t, double sigma)
{
  const size_t n = samples.size();
  const size_t windowBegin = samples.lowerBound(t - saturation * sigma);
  const size_t windowEnd = sigma > 0.0 ? samples.lowerBound(t + saturation * sigma) : windowBegin;
  JitteredTail tail;
  if (windowEnd < n) {
    tail.w = samples.weightOf(windowEnd, n);
    tail.s1 = tail.w * (samples.meanOf(windowEnd, n) - centre);
    tail.s2 = samples.sseAbout(windowEnd, n, centre);
  }
  const double scale = -1.0 / (sigma * std::sqrt(2.0));
  for (size_t i = windowBegin; i < windowEnd; ++i) {
    const double x = samples.value(i);
    const double w = samples.weight(i) * 0.5 * std::erfc((x - t) * scale);
    const double d = x - centre;
    tail.w += w;
    tail.s1 += w * d;
    tail.s2 += w * d * d;
  }
  return tail;
}

double checkedSigma(const ThresholdSigma& sigma, double t)
{
  const double s = sigma(t);
  if (!(std::isfinite(s) && s >= 0.0))
    throw InputError(fmt::format("threshold sigma at {}: {} is not a finite value >= 0", t, s));
  return s;
}

ExpectedError::ExpectedError(const SortedSamples& samples) : samples_(samples)
{
}

double ExpectedError::mse(const LevelSet& set, const ThresholdSigma& sigma) const
{
  // Each threshold's jittered tail, about one centre; bin k holds tail k
  // minus tail k + 1, and its error about its level c follows from the
  // moments.
  const size_t n = samples_.size();
  const double centre = samples_.meanOf(0, n);
  std::vector<JitteredTail> tails;
  tails.push_back({samples_.totalWeight(), 0.0, samples_.sseAbout(0, n, centre)});
  for (const double t : set.thresholds)
    tails.push_back(jitteredTail(samples_, centre, t, checkedSigma(sigma, t)));
  tails.push_back({});
  double sse = 0.0;
  for (size_t k = 0; k < set.levelCount(); ++k) {
    const double w = tails[k].w - tails[k + 1].w;
    const double s1 = tails[k].s1 - tails[k + 1].s1;
    const double s2 = tails[k].s2 - tails[k + 1].s2;
    const double d = set.levels[k] - centre;
    sse += s2 - 2.0 * d * s1 + d * d * w;
  }
  return std::max(sse, 0.0) / samples_.totalWeight();
}

} // namespace nladc::quant
