#include "quant/KMeans.hh"
#include "quant/OptimalKMeans.hh"
#include "quant/SortedSamples.hh"
#include "tests/support/Synthetic.hh"

#include <catch2/catch.hpp>
#include <functional>
#include <limits>

using namespace nladc::quant;
using nladc::testing::RandomStream;

namespace {

struct WeightedSet {
  std::vector<float> values;
  std::vector<double> weights;
};

WeightedSet randomSet(size_t n, RandomStream& source)
{
  std::vector<float> values;
  while (values.size() < n) {
    const float v = static_cast<float>(std::round(source.uniform() * 1000.0) / 100.0);
    if (std::find(values.begin(), values.end(), v) == values.end())
      values.push_back(v);
  }
  std::sort(values.begin(), values.end());
  std::vector<double> weights(n);
  for (double& w : weights)
    w = 1.0 + std::floor(source.uniform() * 4.0);
  return {values, weights};
}

// The least SSE over every partition of the points into exactly K non-empty
// sets, contiguous or not: restricted growth strings enumerate each set
// partition once. Independent of the DP's assumption that optimal clusters
// are contiguous.
double bruteForceSse(const WeightedSet& set, size_t K)
{
  const size_t n = set.values.size();
  std::vector<size_t> label(n, 0);
  double best = std::numeric_limits<double>::infinity();
  std::function<void(size_t, size_t)> visit = [&](size_t i, size_t used) {
    if (used + (n - i) < K)
      return;
    if (i == n) {
      if (used != K)
        return;
      std::vector<double> w(K), s(K), s2(K);
      for (size_t p = 0; p < n; ++p) {
        const double x = set.values[p];
        w[label[p]] += set.weights[p];
        s[label[p]] += set.weights[p] * x;
        s2[label[p]] += set.weights[p] * x * x;
      }
      double sse = 0.0;
      for (size_t k = 0; k < K; ++k)
        sse += s2[k] - s[k] * s[k] / w[k];
      best = std::min(best, sse);
      return;
    }
    for (size_t l = 0; l <= used && l < K; ++l) {
      label[i] = l;
      visit(i + 1, std::max(used, l + 1));
    }
  };
  visit(0, 0);
  return best;
}

// The textbook O(K·n²) dynamic program, a second reference for larger n.
double quadraticDpSse(const SortedSamples& samples, size_t K)
{
  const size_t n = samples.size();
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> previous(n + 1, inf);
  for (size_t i = 1; i <= n; ++i)
    previous[i] = samples.sseOf(0, i);
  for (size_t q = 2; q <= K; ++q) {
    std::vector<double> current(n + 1, inf);
    for (size_t i = q; i <= n; ++i)
      for (size_t j = q - 1; j < i; ++j)
        current[i] = std::min(current[i], previous[j] + samples.sseOf(j, i));
    previous = current;
  }
  return previous[n];
}

double sseOfClustering(const SortedSamples& samples, const Clustering& c)
{
  double sse = 0.0;
  for (size_t k = 0; k + 1 < c.bounds.size(); ++k)
    sse += samples.sseOf(c.bounds[k], c.bounds[k + 1]);
  return sse;
}

} // namespace

// The smallest coarse grid: every range with more than 2(K + 1) samples goes
// through the penalized search instead of the layers.
const OptimalKMeansOptions penalized{.coarseNodes = 1};
// The same, its pass split in two wherever the range allows.
const OptimalKMeansOptions split{.coarseNodes = 1, .splitRows = 1};

TEST_CASE("kmeans-optimal equals brute force over all partitions on small sets")
{
  const OptimalKMeansOptions options = GENERATE(OptimalKMeansOptions{}, penalized, split);
  RandomStream source(42);
  for (int trial = 0; trial < 60; ++trial) {
    const size_t n = 3 + static_cast<size_t>(source.uniform() * 7.0); // 3..9
    const WeightedSet set = randomSet(n, source);
    const SortedSamples samples(set.values, set.weights);
    for (size_t K = 1; K <= std::min<size_t>(n, 5); ++K) {
      const Clustering c = optimalKMeans(samples, 0, n, K, options);
      const double reference = bruteForceSse(set, K);
      INFO("trial " << trial << " n " << n << " K " << K);
      CHECK(c.sse == Approx(reference).margin(1e-9).epsilon(1e-9));
      CHECK(sseOfClustering(samples, c) == Approx(reference).margin(1e-9).epsilon(1e-9));
      REQUIRE(c.bounds.size() == K + 1);
      for (size_t k = 0; k < K; ++k)
        CHECK(c.bounds[k] < c.bounds[k + 1]);
    }
  }
}

TEST_CASE("kmeans-optimal equals brute force at n = 12")
{
  const OptimalKMeansOptions options = GENERATE(OptimalKMeansOptions{}, penalized, split);
  RandomStream source(7);
  const WeightedSet set = randomSet(12, source);
  const SortedSamples samples(set.values, set.weights);
  for (size_t K : {2, 3, 4}) {
    INFO("K " << K);
    CHECK(optimalKMeans(samples, 0, 12, K, options).sse == Approx(bruteForceSse(set, K)).margin(1e-9));
  }
}

TEST_CASE("kmeans-optimal equals the quadratic DP on larger sets and sub-ranges")
{
  const OptimalKMeansOptions options = GENERATE(OptimalKMeansOptions{}, penalized, split);
  RandomStream source(3);
  for (size_t n : {20, 97, 300}) {
    const WeightedSet set = randomSet(n, source);
    const SortedSamples samples(set.values, set.weights);
    for (size_t K : {2, 3, 5, 8, 16}) {
      INFO("n " << n << " K " << K);
      const Clustering c = optimalKMeans(samples, 0, n, K, options);
      CHECK(c.sse == Approx(quadraticDpSse(samples, K)).epsilon(1e-10).margin(1e-9));
      CHECK(sseOfClustering(samples, c) == Approx(c.sse).epsilon(1e-10).margin(1e-9));
    }
    // A sub-range is clustered as if it were the whole set.
    const size_t a = n / 5;
    const size_t b = n - n / 7;
    const std::vector<float> inner(set.values.begin() + a, set.values.begin() + b);
    const std::vector<double> innerW(set.weights.begin() + a, set.weights.begin() + b);
    const SortedSamples alone(inner, innerW);
    const Clustering sub = optimalKMeans(samples, a, b, 4, options);
    const Clustering whole = optimalKMeans(alone, 0, alone.size(), 4, options);
    CHECK(sub.sse == Approx(whole.sse).epsilon(1e-9));
    CHECK(sub.bounds.front() == a);
    CHECK(sub.bounds.back() == b);
  }
}

TEST_CASE("kmeans-optimal falls back to the layers where no penalty gives K clusters")
{
  // 40 equally spaced, equally weighted points: k clusters of pairs and
  // triples (40 − 2k triples, 3k − 40 pairs) cost 60 − 2.5k for every k in
  // 14 … 20, so D_k is linear around K = 16 and every penalty's optimum has
  // at most 14 or at least 20 clusters (or ties them).
  std::vector<float> values;
  for (int i = 0; i < 40; ++i)
    values.push_back(static_cast<float>(i));
  const std::vector<double> weights(values.size(), 1.0);
  const SortedSamples samples(values, weights);
  REQUIRE(quadraticDpSse(samples, 15) - quadraticDpSse(samples, 16) ==
          Approx(quadraticDpSse(samples, 16) - quadraticDpSse(samples, 17)));
  const Clustering c = optimalKMeans(samples, 0, samples.size(), 16, GENERATE(penalized, split));
  REQUIRE(c.bounds.size() == 17);
  CHECK(c.sse == Approx(20.0));
  CHECK(sseOfClustering(samples, c) == Approx(20.0));
}

TEST_CASE("kmeans-optimal's penalized search matches its layers on 10^5 samples")
{
  // By default the normal set's 10^5 distinct values split the pass in two
  // (the ReLU set's 64,000 do not); 4,096 splits both, SIZE_MAX neither.
  const OptimalKMeansOptions options = GENERATE(OptimalKMeansOptions{}, OptimalKMeansOptions{.splitRows = 4096},
                                                OptimalKMeansOptions{.splitRows = SIZE_MAX});
  const nladc::quant::Domain wide{-10.0, 10.0};
  const std::vector<std::vector<float>> sets{nladc::testing::standardNormal(100000, 3),
                                             nladc::testing::reluShaped(100000, 4)};
  for (size_t s = 0; s < sets.size(); ++s) {
    const SortedSamples samples(sets[s], wide);
    const OptimalKMeansOptions layered{.coarseNodes = samples.size()};
    for (size_t K : {2, 3, 8, 16}) {
      INFO("set " << s << " K " << K);
      const Clustering fast = optimalKMeans(samples, 0, samples.size(), K, options);
      const Clustering reference = optimalKMeans(samples, 0, samples.size(), K, layered);
      CHECK(fast.sse == Approx(reference.sse).epsilon(1e-12));
      CHECK(fast.bounds == reference.bounds);
    }
  }
}

TEST_CASE("kmeans-optimal is never worse than kmeans")
{
  const nladc::quant::Domain wide{-10.0, 10.0};
  std::vector<std::vector<float>> sets{
      nladc::testing::standardNormal(20000, 1),
      nladc::testing::reluShaped(20000, 2),
  };
  RandomStream source(5);
  std::vector<float> clumps;
  for (int i = 0; i < 5000; ++i)
    clumps.push_back(static_cast<float>(std::floor(source.uniform() * 5.0) + 0.1 * source.normal()));
  sets.push_back(clumps);
  for (size_t s = 0; s < sets.size(); ++s) {
    const SortedSamples samples(sets[s], wide);
    for (size_t K : {2, 4, 8, 16}) {
      INFO("set " << s << " K " << K);
      const double optimal = optimalKMeans(samples, 0, samples.size(), K).sse;
      const LevelSet km = fitKMeans(samples, K, KMeansOptions{.seed = 11});
      const std::vector<size_t> bounds = samples.cellBounds(km.thresholds);
      double kmSse = 0.0;
      for (size_t k = 0; k < K; ++k)
        kmSse += samples.sseAbout(bounds[k], bounds[k + 1], km.levels[k]);
      CHECK(optimal <= kmSse * (1.0 + 1e-12));
    }
  }
}
