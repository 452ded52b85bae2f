#include "quant/Metrics.hh"

#include <algorithm>
#include <cmath>
#include <vector>

namespace nladc::quant {

Metrics evaluate(const LevelSet& set, const SortedSamples& samples, double boundaryEps)
{
  const double bandLo = set.domain.lo + boundaryEps * set.domain.width();
  const double bandHi = set.domain.hi - boundaryEps * set.domain.width();
  // Sums of a block of 4,096 values in double, the blocks' sums in long
  // double: 10^9-term sums stay exact to far below the reported digits, at
  // a quarter of the cost of long double throughout.
  long double sum = 0.0L;
  long double sumSquares = 0.0L;
  long double errorSquares = 0.0L;
  long double interiorErrorSquares = 0.0L;
  double interiorWeight = 0.0;
  double maxAbsErr = 0.0;
  std::vector<bool> used(set.levelCount(), false);
  size_t code = 0; // the values ascend, so the code only steps up
  constexpr size_t blockSize = 4096;
  for (size_t block = 0; block < samples.size(); block += blockSize) {
    double blockSum = 0.0;
    double blockSquares = 0.0;
    double blockErrors = 0.0;
    double blockInterior = 0.0;
    for (size_t i = block, end = std::min(block + blockSize, samples.size()); i < end; ++i) {
      const double x = samples.value(i);
      const double w = samples.weight(i);
      while (code < set.thresholds.size() && x >= set.thresholds[code])
        ++code;
      used[code] = true;
      const double error = x - set.levels[code];
      const double weightedError = w * error * error;
      blockSum += w * x;
      blockSquares += w * x * x;
      blockErrors += weightedError;
      maxAbsErr = std::max(maxAbsErr, std::abs(error));
      if (x > bandLo && x < bandHi) {
        blockInterior += weightedError;
        interiorWeight += w;
      }
    }
    sum += blockSum;
    sumSquares += blockSquares;
    errorSquares += blockErrors;
    interiorErrorSquares += blockInterior;
  }

  Metrics m;
  m.samples = static_cast<uint64_t>(samples.totalWeight());
  if (samples.size() == 0)
    return m;
  const long double n = samples.totalWeight();
  const long double mean = sum / n;
  const double variance = static_cast<double>(sumSquares / n - mean * mean);
  m.mse = static_cast<double>(errorSquares / n);
  m.nmse = variance > 0.0 ? m.mse / variance : INFINITY;
  m.sqnrDb = m.mse > 0.0 ? 10.0 * std::log10(static_cast<double>(sumSquares / n) / m.mse) : INFINITY;
  m.mseInterior = interiorWeight > 0.0 ? static_cast<double>(interiorErrorSquares / interiorWeight) : 0.0;
  m.maxAbsErr = maxAbsErr;
  for (const bool u : used)
    m.levelsUsed += u ? 1 : 0;
  return m;
}

Metrics evaluate(const LevelSet& set, std::span<const float> samples, double boundaryEps)
{
  return evaluate(set, SortedSamples(samples), boundaryEps);
}

nlohmann::json toJson(const Metrics& metrics)
{
  auto finiteOrNull = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); };
  return {
      {"mse", metrics.mse},
      {"nmse", finiteOrNull(metrics.nmse)},
      {"sqnr_db", finiteOrNull(metrics.sqnrDb)},
      {"mse_interior", metrics.mseInterior},
      {"max_abs_err", metrics.maxAbsErr},
      {"levels_used", metrics.levelsUsed},
      {"samples", metrics.samples},
  };
}

} // namespace nladc::quant
