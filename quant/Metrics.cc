#include "quant/Metrics.hh"

#include <cmath>
#include <vector>

namespace nladc::quant {

Metrics evaluate(const LevelSet& set, std::span<const float> samples, double boundaryEps)
{
  const double bandLo = set.domain.lo + boundaryEps * set.domain.width();
  const double bandHi = set.domain.hi - boundaryEps * set.domain.width();
  // long double keeps 10^8-term sums exact to far below the reported digits.
  long double sum = 0.0L;
  long double sumSquares = 0.0L;
  long double errorSquares = 0.0L;
  long double interiorErrorSquares = 0.0L;
  uint64_t interiorCount = 0;
  double maxAbsErr = 0.0;
  std::vector<bool> used(set.levelCount(), false);
  for (const float sample : samples) {
    const double x = sample;
    const size_t code = set.codeOf(x);
    used[code] = true;
    const double error = x - set.levels[code];
    sum += x;
    sumSquares += static_cast<long double>(x) * x;
    errorSquares += static_cast<long double>(error) * error;
    maxAbsErr = std::max(maxAbsErr, std::abs(error));
    if (x > bandLo && x < bandHi) {
      interiorErrorSquares += static_cast<long double>(error) * error;
      ++interiorCount;
    }
  }

  Metrics m;
  m.samples = samples.size();
  if (samples.empty())
    return m;
  const long double n = static_cast<long double>(samples.size());
  const long double mean = sum / n;
  const double variance = static_cast<double>(sumSquares / n - mean * mean);
  m.mse = static_cast<double>(errorSquares / n);
  m.nmse = variance > 0.0 ? m.mse / variance : INFINITY;
  m.sqnrDb = m.mse > 0.0 ? 10.0 * std::log10(static_cast<double>(sumSquares / n) / m.mse) : INFINITY;
  m.mseInterior = interiorCount > 0 ? static_cast<double>(interiorErrorSquares / interiorCount) : 0.0;
  m.maxAbsErr = maxAbsErr;
  for (const bool u : used)
    m.levelsUsed += u ? 1 : 0;
  return m;
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
