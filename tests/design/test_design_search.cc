#include "adc/ConversionMeasurement.hh"
#include "adc/TechnologyReader.hh"
#include "design/DesignArtefacts.hh"
#include "design/DesignSearch.hh"
#include "tests/support/LevelSets.hh"
#include "tests/support/TempDir.hh"
#include "tests/support/Workspace.hh"

#include <catch2/catch.hpp>
#include <cmath>

using namespace nladc;

namespace {

double normalCdf(double z)
{
  return 0.5 * std::erfc(-z / std::sqrt(2.0));
}

// z with Φ(z) = p, by bisection.
double normalQuantile(double p)
{
  double lo = -40.0, hi = 40.0;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (normalCdf(mid) < p ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

// The bundled technology with every variation off but the comparators'
// offsets, and one V_FS to choose: the yield is then P(|o| < h_min)^N.
adc::Technology offsetOnlyTechnology()
{
  adc::Technology t = adc::readTechnology(testing::bundledTechnology());
  t.variation.rramSigmaRel = 0.0;
  t.variation.aVt = 0.0;
  t.variation.gainSigma = 0.0;
  t.variation.vreadSpread = 0.0;
  t.design->maxFullScale = t.fullScale;
  return t;
}

} // namespace

TEST_CASE("the search sizes the comparator to the hand-computed offset budget, and SPICE confirms it",
          "[design][search]")
{
  const adc::Technology technology = offsetOnlyTechnology();
  const quant::LevelSet set = testing::reluLevelSet(quant::Method::bsKmq, 3);
  const testing::TempDir dir("nladc-design");

  design::SearchOptions options;
  options.specification = {0.99, 64, {}, design::OffsetCancellation::off};
  options.exploreSamples = 2000;
  options.confirmSamples = 40;
  options.jobs = 2;
  options.directory = dir.path();
  options.linearBits = 5; // the synthetic set has no metrics to derive it from
  design::prepareDesignDirectory(options.directory, false);
  const design::DesignOutcome outcome =
      design::designToSpecification(set, technology, nullptr, nlohmann::json::object(), options, {});

  // By hand: every column passes when its offset stays within half the
  // narrowest local step, so Y_t = (2Φ(h/σ) − 1)^N.
  double halfStep = INFINITY;
  for (size_t j = 0; j < set.thresholds.size(); ++j)
    halfStep = std::min(halfStep, 0.5 * adc::localStep(set, j) / set.domain.width() * technology.fullScale);
  const double target = design::confirmableYield(0.99, 40);
  const double sigma = halfStep / normalQuantile(0.5 * (1.0 + std::pow(target, 1.0 / 64)));

  REQUIRE(!outcome.explored.empty());
  const design::Candidate& first = outcome.explored.front();
  CHECK(first.sizingTarget == Approx(target));
  CHECK_FALSE(first.sized.sizing.autoZero);
  CHECK(first.sized.sizing.fullScale == Approx(technology.fullScale));
  // The design's static ramp error (below 1 % of a step) shifts the answer
  // by about as much.
  CHECK(first.sized.sizing.comparatorOffsetSigma == Approx(sigma).epsilon(0.02));

  CHECK(outcome.met);
  REQUIRE(outcome.chosen.spice);
  CHECK(outcome.chosen.spice->samples == 40);
  CHECK(outcome.chosen.spice->failed <= design::allowedFailures(0.99, 40));
  CHECK(outcome.chosen.behavioural->yield >= 0.99);
  // The chosen comparator is the one whose offset the Monte Carlo drew.
  CHECK(outcome.chosen.spice->summary.at("test_columns") == 64);
  CHECK(std::filesystem::is_symlink(dir.path() / "mc"));
  CHECK(std::filesystem::exists(dir.path() / "mc" / "summary.json"));
}
