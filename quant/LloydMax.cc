#include "quant/LloydMax.hh"

#include <cmath>

namespace nladc::quant {

LevelSet fitLloydMax(const SortedSamples& samples, std::vector<double> levels, const LloydMaxOptions& options)
{
  double previousSse = INFINITY;
  int iteration = 0;
  while (iteration < options.maxIterations) {
    ++iteration;
    const std::vector<size_t> bounds = samples.cellBounds(midpoints(levels));
    double sse = 0.0;
    for (size_t k = 0; k < levels.size(); ++k) {
      if (bounds[k] == bounds[k + 1])
        continue;
      levels[k] = samples.meanOf(bounds[k], bounds[k + 1]);
      sse += samples.sseOf(bounds[k], bounds[k + 1]);
    }
    if (sse <= 0.0 || std::abs(previousSse - sse) < options.relativeTolerance * sse)
      break;
    previousSse = sse;
  }
  LevelSet set;
  set.thresholds = midpoints(levels);
  set.levels = std::move(levels);
  set.params["iterations"] = iteration;
  return set;
}

} // namespace nladc::quant
