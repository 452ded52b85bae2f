#include "quant/LinearFit.hh"
#include "quant/LloydMax.hh"
#include "quant/Metrics.hh"
#include "quant/OptimalKMeans.hh"
#include "tests/support/Synthetic.hh"

#include <catch2/catch.hpp>

using namespace nladc::quant;

// J. Max, "Quantizing for minimum distortion", IRE Trans. Inf. Theory, 1960,
// Table I: the optimum quantizer of a unit Gaussian.
TEST_CASE("Lloyd-Max on 10^6 standard-normal samples reproduces Max's table")
{
  const std::vector<float> x = nladc::testing::standardNormal(1000000, 2024);
  const auto [minIt, maxIt] = std::minmax_element(x.begin(), x.end());
  const Domain domain{*minIt, *maxIt};
  const SortedSamples samples(x, domain);

  auto fitted = [&](size_t K) {
    LevelSet set = fitLloydMax(samples, fitLinear(domain, K).levels);
    set.domain = domain;
    return set;
  };

  SECTION("4 levels: ±0.4528, ±1.510, MSE 0.1175")
  {
    const LevelSet set = fitted(4);
    REQUIRE(set.levels.size() == 4);
    CHECK(set.levels[0] == Approx(-1.510).epsilon(0.01));
    CHECK(set.levels[1] == Approx(-0.4528).epsilon(0.01));
    CHECK(set.levels[2] == Approx(0.4528).epsilon(0.01));
    CHECK(set.levels[3] == Approx(1.510).epsilon(0.01));
    const double mse = evaluate(set, x, 1e-3).mse;
    CHECK(mse == Approx(0.1175).epsilon(0.01));

    const Clustering optimal = optimalKMeans(samples, 0, samples.size(), 4);
    CHECK(optimal.sse / samples.totalWeight() <= mse * (1.0 + 1e-9));
  }

  SECTION("8 levels: MSE 0.03455")
  {
    const LevelSet set = fitted(8);
    const double mse = evaluate(set, x, 1e-3).mse;
    CHECK(mse == Approx(0.03455).epsilon(0.01));
    CHECK(set.levels[4] == Approx(0.2451).epsilon(0.01));
    CHECK(set.levels[7] == Approx(2.152).epsilon(0.01));

    const Clustering optimal = optimalKMeans(samples, 0, samples.size(), 8);
    CHECK(optimal.sse / samples.totalWeight() <= mse * (1.0 + 1e-9));
  }
}

TEST_CASE("Lloyd-Max keeps the level of an empty cell and stops on a fixed point")
{
  // Two clumps and nothing in between: the middle linear levels get no samples.
  std::vector<float> x;
  for (int i = 0; i < 100; ++i) {
    x.push_back(0.01f * static_cast<float>(i));
    x.push_back(9.0f + 0.01f * static_cast<float>(i));
  }
  const Domain domain{0.0, 10.0};
  const SortedSamples samples(x, domain);
  const LevelSet set = fitLloydMax(samples, fitLinear(domain, 4).levels);
  REQUIRE(set.levels.size() == 4);
  for (size_t k = 1; k < 4; ++k)
    CHECK(set.levels[k - 1] < set.levels[k]);
  CHECK(set.levels[0] == Approx(0.495).epsilon(1e-6));
  CHECK(set.levels[3] == Approx(9.495).epsilon(1e-6));
  CHECK(set.params["iterations"].get<int>() < 1000);
}
