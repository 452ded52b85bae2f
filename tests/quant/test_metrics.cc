#include "quant/Metrics.hh"

#include <catch2/catch.hpp>
#include <cmath>

using namespace nladc::quant;

TEST_CASE("metrics of a hand-computed case")
{
  LevelSet set;
  set.domain = {0.0, 4.0};
  set.levels = {1.0, 3.0};
  set.thresholds = {2.0};
  // x:      0    1    2    3    4    5 (outside the domain: still an error)
  // q(x):   1    1    3    3    3    3
  // error: -1    0   -1    0    1    2
  const std::vector<float> x{0, 1, 2, 3, 4, 5};
  const Metrics m = evaluate(set, x, 0.1);
  CHECK(m.samples == 6);
  CHECK(m.mse == Approx((1 + 0 + 1 + 0 + 1 + 4) / 6.0));
  const double mean = 2.5;
  const double variance = (6.25 + 2.25 + 0.25 + 0.25 + 2.25 + 6.25) / 6.0;
  CHECK(mean == 2.5);
  CHECK(m.nmse == Approx(m.mse / variance));
  CHECK(m.sqnrDb == Approx(10.0 * std::log10((0 + 1 + 4 + 9 + 16 + 25) / 6.0 / m.mse)));
  // Bands: x <= 0.4 and x >= 3.6; interior samples 1, 2, 3.
  CHECK(m.mseInterior == Approx(1.0 / 3.0));
  CHECK(m.maxAbsErr == 2.0);
  CHECK(m.levelsUsed == 2);
}

TEST_CASE("a level no sample reaches is not counted as used, and zero error has no finite SQNR")
{
  LevelSet set;
  set.domain = {0.0, 3.0};
  set.levels = {0.0, 1.0, 2.0};
  set.thresholds = {0.5, 1.5};
  const std::vector<float> x{0, 0, 2, 2};
  const Metrics m = evaluate(set, x, 1e-3);
  CHECK(m.levelsUsed == 2);
  CHECK(m.mse == 0.0);
  CHECK(std::isinf(m.sqnrDb));
  CHECK(toJson(m)["sqnr_db"].is_null());
}
