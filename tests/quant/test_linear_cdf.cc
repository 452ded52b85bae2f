#include "quant/CdfFit.hh"
#include "quant/LinearFit.hh"
#include "quant/Method.hh"
#include "util/Error.hh"

#include <catch2/catch.hpp>

using namespace nladc::quant;

TEST_CASE("linear: thresholds lo + kΔ, levels at the bin centres")
{
  const LevelSet set = fitLinear(Domain{0.0, 6.0}, 4);
  CHECK(set.thresholds == std::vector<double>{1.5, 3.0, 4.5});
  CHECK(set.levels == std::vector<double>{0.75, 2.25, 3.75, 5.25});
}

TEST_CASE("cdf: equal-mass bins, levels at the bin means")
{
  std::vector<float> x;
  for (int i = 0; i < 1000; ++i)
    x.push_back(static_cast<float>(i));
  const SortedSamples samples(x, Domain{0.0, 999.0});
  const LevelSet set = fitCdf(samples, 4);
  REQUIRE(set.levels.size() == 4);
  // Cuts after the 250th, 500th and 750th sample.
  CHECK(set.thresholds == std::vector<double>{249.5, 499.5, 749.5});
  CHECK(set.levels == std::vector<double>{124.5, 374.5, 624.5, 874.5});
}

TEST_CASE("cdf: a point mass wider than 1/K merges quantiles and stays valid")
{
  std::vector<float> x(600, 0.0f); // 60 % zeros
  for (int i = 1; i <= 400; ++i)
    x.push_back(static_cast<float>(i));
  const Domain domain{0.0, 400.0};
  const SortedSamples samples(x, domain);
  FitOptions options;
  options.bits = 3;
  const LevelSet set = fitLevelSet(Method::cdf, samples, domain, options);
  // Quantiles 1/8 … 4/8 all fall on the zeros: one level there; 5/8, 6/8
  // and 7/8 cut 1…400 after 25, 150 and 275.
  REQUIRE(set.levels.size() == 5);
  CHECK(set.levels[0] == 0.0);
  CHECK(set.levels[1] == Approx(13.0));
  CHECK(set.thresholds[0] == 0.5);
  CHECK(set.thresholds[1] == 25.5);
  CHECK(set.params["requested_levels"] == 8);
  CHECK(set.bits == 3);
  LevelSet named = set;
  named.name = "t";
  CHECK_NOTHROW(validateLevelSet(named, ""));
}

TEST_CASE("every method refuses fewer distinct values than levels")
{
  const std::vector<float> x{1.0f, 2.0f, 2.0f, 3.0f};
  const Domain domain{1.0, 3.0};
  const SortedSamples samples(x, domain);
  for (const Method m : allMethods())
    CHECK_THROWS_AS(fitLevelSet(m, samples, domain, FitOptions{}), nladc::InputError);
}

TEST_CASE("method names round-trip")
{
  for (const Method m : allMethods())
    CHECK(parseMethod(methodName(m)) == m);
  CHECK_THROWS_AS(parseMethod("kmeans++"), nladc::InputError);
}
