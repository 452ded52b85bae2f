#pragma once

#include "quant/LevelSet.hh"
#include "quant/SortedSamples.hh"

#include <cstdint>

namespace nladc::quant {

// The K-means a user would run in scikit-learn (KMeans defaults): greedy
// k-means++ seeding with 2 + ln K local trials, n_init restarts, Lloyd
// iterations until the labels stop changing or the squared centre shift
// falls to tol × var(x), the lowest inertia kept. In one dimension a
// cluster is an index range of the sorted samples, so each step costs
// O(K log n) instead of a pass over the samples; the iteration is the same.
struct KMeansOptions {
  int initCount = 10;
  int maxIterations = 300;
  double tolerance = 1e-4;
  uint64_t seed = 1;
};

LevelSet fitKMeans(const SortedSamples& samples, size_t clusterCount, const KMeansOptions& options = {});

} // namespace nladc::quant
