#include "quant/KMeans.hh"
#include "quant/OptimalKMeans.hh"
#include "tests/support/Synthetic.hh"

#include <catch2/catch.hpp>

using namespace nladc::quant;

TEST_CASE("kmeans finds well separated clusters")
{
  nladc::testing::RandomStream source(9);
  std::vector<float> x;
  const std::vector<double> centres{-3.0, 0.0, 2.0, 7.0};
  for (int i = 0; i < 4000; ++i)
    x.push_back(static_cast<float>(centres[static_cast<size_t>(i) % 4] + 0.05 * source.normal()));
  const SortedSamples samples(x, Domain{-10.0, 10.0});
  const LevelSet set = fitKMeans(samples, 4, KMeansOptions{.seed = 3});
  REQUIRE(set.levels.size() == 4);
  for (size_t k = 0; k < 4; ++k)
    CHECK(set.levels[k] == Approx(centres[k]).margin(0.01));
  CHECK(set.thresholds == midpoints(set.levels));
}

TEST_CASE("kmeans is deterministic for a seed and restarts n_init times")
{
  const std::vector<float> x = nladc::testing::reluShaped(30000, 4);
  const SortedSamples samples(x, Domain{0.0, 6.0});
  const LevelSet a = fitKMeans(samples, 8, KMeansOptions{.seed = 5});
  const LevelSet b = fitKMeans(samples, 8, KMeansOptions{.seed = 5});
  CHECK(a.levels == b.levels);
  CHECK(a.params["n_init"] == 10);

  // More restarts never end worse: the best inertia is kept.
  auto inertia = [&](const LevelSet& s) {
    const std::vector<size_t> bounds = samples.cellBounds(s.thresholds);
    double total = 0.0;
    for (size_t k = 0; k < s.levels.size(); ++k)
      total += samples.sseAbout(bounds[k], bounds[k + 1], s.levels[k]);
    return total;
  };
  const LevelSet single = fitKMeans(samples, 8, KMeansOptions{.initCount = 1, .seed = 5});
  CHECK(inertia(a) <= inertia(single) * (1.0 + 1e-12));
  CHECK(inertia(a) >= optimalKMeans(samples, 0, samples.size(), 8).sse * (1.0 - 1e-12));
}

TEST_CASE("kmeans levels are a Lloyd fixed point: each level is the mean of its cell")
{
  const std::vector<float> x = nladc::testing::standardNormal(20000, 8);
  const SortedSamples samples(x, Domain{-6.0, 6.0});
  const LevelSet set = fitKMeans(samples, 8, KMeansOptions{.seed = 1});
  const std::vector<size_t> bounds = samples.cellBounds(set.thresholds);
  // scikit-learn stops at tol = 1e-4·var: the centres are within that of
  // the means of their cells.
  for (size_t k = 0; k < 8; ++k)
    CHECK(set.levels[k] == Approx(samples.meanOf(bounds[k], bounds[k + 1])).margin(1e-2));
}
