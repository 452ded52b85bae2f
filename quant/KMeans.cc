#include "quant/KMeans.hh"

#include <algorithm>
#include <cmath>
#include <random>

namespace nladc::quant {

namespace {

// Uniform on [0, 1) from the top 53 bits: the same stream on every platform
// (std::uniform_real_distribution is implementation-defined).
double uniform01(std::mt19937_64& rng)
{
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

// Σ w·D² over all samples, D the distance to the nearest of the sorted centres.
double potential(const SortedSamples& samples, const std::vector<double>& centres)
{
  const std::vector<size_t> bounds = samples.cellBounds(midpoints(centres));
  double total = 0.0;
  for (size_t k = 0; k < centres.size(); ++k)
    total += std::max(0.0, samples.sseAbout(bounds[k], bounds[k + 1], centres[k]));
  return total;
}

// The sample index where the running sum of w·D² first reaches `target`
// (numpy.searchsorted over the cumulative sum, as scikit-learn samples).
size_t sampleByPotential(const SortedSamples& samples, const std::vector<double>& centres, double target)
{
  const std::vector<size_t> bounds = samples.cellBounds(midpoints(centres));
  for (size_t k = 0; k < centres.size(); ++k) {
    const size_t a = bounds[k];
    const size_t b = bounds[k + 1];
    const double cell = std::max(0.0, samples.sseAbout(a, b, centres[k]));
    if (target > cell) {
      target -= cell;
      continue;
    }
    // Smallest i in [a, b) with Σ_{a..i} w·(x − c)² >= target.
    size_t lo = a;
    size_t hi = b;
    while (lo + 1 < hi) {
      const size_t mid = lo + (hi - lo) / 2;
      if (samples.sseAbout(a, mid, centres[k]) >= target)
        hi = mid;
      else
        lo = mid;
    }
    return lo;
  }
  return samples.size() - 1;
}

std::vector<double> withCentre(std::vector<double> centres, double c)
{
  centres.insert(std::upper_bound(centres.begin(), centres.end(), c), c);
  return centres;
}

// Greedy k-means++ (Arthur & Vassilvitskii 2007, scikit-learn's variant).
std::vector<double> seedKMeansPlusPlus(const SortedSamples& samples, size_t clusterCount, std::mt19937_64& rng)
{
  const int localTrials = 2 + static_cast<int>(std::log(static_cast<double>(clusterCount)));
  std::vector<double> centres{
      samples.value(std::min(samples.indexAtWeight(uniform01(rng) * samples.totalWeight()), samples.size() - 1))};
  double currentPotential = potential(samples, centres);
  while (centres.size() < clusterCount) {
    std::vector<double> best;
    double bestPotential = INFINITY;
    for (int trial = 0; trial < localTrials; ++trial) {
      const size_t candidate = sampleByPotential(samples, centres, uniform01(rng) * currentPotential);
      std::vector<double> trialCentres = withCentre(centres, samples.value(candidate));
      const double trialPotential = potential(samples, trialCentres);
      if (trialPotential < bestPotential) {
        bestPotential = trialPotential;
        best = std::move(trialCentres);
      }
    }
    centres = std::move(best);
    currentPotential = bestPotential;
  }
  return centres;
}

struct LloydRun {
  std::vector<double> centres;
  double inertia = 0.0;
  int iterations = 0;
};

// scikit-learn's relocation of empty clusters: each takes the sample farthest
// from its centre (here the farthest distinct value; in a cell it is one of
// the two ends), which leaves its old cluster.
void relocateEmptyClusters(const SortedSamples& samples, const std::vector<size_t>& bounds,
                           const std::vector<double>& oldCentres, std::vector<double>& sums,
                           std::vector<double>& weights)
{
  std::vector<size_t> taken;
  for (size_t empty = 0; empty < oldCentres.size(); ++empty) {
    if (weights[empty] > 0.0)
      continue;
    size_t farthest = samples.size();
    size_t donor = 0;
    double farthestDistance = -1.0;
    for (size_t k = 0; k < oldCentres.size(); ++k) {
      if (bounds[k] == bounds[k + 1])
        continue;
      for (const size_t i : {bounds[k], bounds[k + 1] - 1}) {
        const double distance = std::abs(samples.value(i) - oldCentres[k]);
        if (distance > farthestDistance && std::find(taken.begin(), taken.end(), i) == taken.end()) {
          farthestDistance = distance;
          farthest = i;
          donor = k;
        }
      }
    }
    if (farthest == samples.size())
      return;
    taken.push_back(farthest);
    const double w = samples.weight(farthest);
    sums[donor] -= w * samples.value(farthest);
    weights[donor] -= w;
    sums[empty] = w * samples.value(farthest);
    weights[empty] = w;
  }
}

LloydRun runLloyd(const SortedSamples& samples, std::vector<double> centres, const KMeansOptions& options,
                  double tolerance)
{
  const size_t count = centres.size();
  std::vector<size_t> previousBounds;
  std::vector<size_t> bounds;
  bool strictConvergence = false;
  int iteration = 0;
  while (iteration < options.maxIterations) {
    ++iteration;
    bounds = samples.cellBounds(midpoints(centres));
    std::vector<double> sums(count);
    std::vector<double> weights(count);
    for (size_t k = 0; k < count; ++k) {
      weights[k] = samples.weightOf(bounds[k], bounds[k + 1]);
      sums[k] = weights[k] > 0.0 ? samples.meanOf(bounds[k], bounds[k + 1]) * weights[k] : 0.0;
    }
    relocateEmptyClusters(samples, bounds, centres, sums, weights);
    std::vector<double> next(count);
    for (size_t k = 0; k < count; ++k)
      next[k] = weights[k] > 0.0 ? sums[k] / weights[k] : centres[k];
    std::sort(next.begin(), next.end());

    double shift = 0.0;
    for (size_t k = 0; k < count; ++k)
      shift += (next[k] - centres[k]) * (next[k] - centres[k]);
    centres = std::move(next);
    if (bounds == previousBounds) {
      strictConvergence = true;
      break;
    }
    if (shift <= tolerance)
      break;
    previousBounds = bounds;
  }
  // As scikit-learn does, label the samples by the final centres unless the
  // labels had already converged.
  if (!strictConvergence)
    bounds = samples.cellBounds(midpoints(centres));
  LloydRun run{centres, 0.0, iteration};
  for (size_t k = 0; k < count; ++k)
    run.inertia += std::max(0.0, samples.sseAbout(bounds[k], bounds[k + 1], centres[k]));
  return run;
}

} // namespace

LevelSet fitKMeans(const SortedSamples& samples, size_t clusterCount, const KMeansOptions& options)
{
  // scikit-learn's tol is relative to the mean variance of the data.
  const double variance = std::max(0.0, samples.sseOf(0, samples.size())) / samples.totalWeight();
  const double tolerance = options.tolerance * variance;

  LloydRun best;
  best.inertia = INFINITY;
  int bestInit = 0;
  for (int init = 0; init < options.initCount; ++init) {
    std::seed_seq seeds{static_cast<uint32_t>(options.seed), static_cast<uint32_t>(options.seed >> 32),
                        static_cast<uint32_t>(init)};
    std::mt19937_64 rng(seeds);
    LloydRun run = runLloyd(samples, seedKMeansPlusPlus(samples, clusterCount, rng), options, tolerance);
    if (run.inertia < best.inertia) {
      best = std::move(run);
      bestInit = init;
    }
  }

  LevelSet set;
  set.thresholds = midpoints(best.centres);
  set.levels = std::move(best.centres);
  set.params["n_init"] = options.initCount;
  set.params["best_init"] = bestInit;
  set.params["iterations"] = best.iterations;
  return set;
}

} // namespace nladc::quant
