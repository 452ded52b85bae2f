#include "quant/EffectiveError.hh"

#include "util/Error.hh"

#include <algorithm>

namespace nladc::quant {

namespace {

SortedSamples nonEmpty(const SortedSamples& samples)
{
  if (samples.size() == 0)
    throw InputError("no activation samples to measure the effective error on");
  return samples;
}

} // namespace

EffectiveError::EffectiveError(const SortedSamples& samples, const LevelSet& set)
    : set_(set), samples_(nonEmpty(samples))
{
}

double EffectiveError::mse(std::vector<double> thresholds) const
{
  std::sort(thresholds.begin(), thresholds.end());
  const std::vector<size_t> bounds = samples_.cellBounds(thresholds);
  double sse = 0.0;
  for (size_t k = 0; k < set_.levels.size(); ++k)
    sse += samples_.sseAbout(bounds[k], bounds[k + 1], set_.levels[k]);
  return std::max(sse, 0.0) / samples_.totalWeight();
}

double EffectiveError::codeErrorRate(std::vector<double> thresholds) const
{
  // With both sets sorted, x gets a different code exactly when it lies
  // between some t_k and its realisation t̂_k: the union of those intervals.
  std::sort(thresholds.begin(), thresholds.end());
  std::vector<std::pair<size_t, size_t>> intervals;
  for (size_t k = 0; k < thresholds.size(); ++k) {
    const double a = std::min(thresholds[k], set_.thresholds[k]);
    const double b = std::max(thresholds[k], set_.thresholds[k]);
    intervals.emplace_back(samples_.lowerBound(a), samples_.lowerBound(b));
  }
  std::sort(intervals.begin(), intervals.end());
  double wrong = 0.0;
  size_t coveredTo = 0;
  for (const auto& [a, b] : intervals) {
    const size_t from = std::max(a, coveredTo);
    if (b > from) {
      wrong += samples_.weightOf(from, b);
      coveredTo = b;
    }
  }
  return wrong / samples_.totalWeight();
}

} // namespace nladc::quant
