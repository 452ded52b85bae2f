// Every design sized to one yield (layout_est/IsoYield): a hand-computed
// case, each design's sizing at the edge of its yield, the flash's yield
// against a brute-force Monte Carlo, infeasible specifications, and
// `nladc area --yield` end to end.

#include "adc/ConversionMeasurement.hh"
#include "adc/TechnologyReader.hh"
#include "adc/ThresholdYield.hh"
#include "layout_est/IsoYield.hh"
#include "netlist/SarAdcCircuit.hh"
#include "tests/support/LevelSets.hh"
#include "tests/support/Workspace.hh"
#include "util/Error.hh"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

namespace fs = std::filesystem;
using namespace nladc;
using nladc::testing::Run;
using nladc::testing::Workspace;

namespace {

constexpr int columns = 128;
constexpr double target = 0.99;
// The MSE-matched SAR's bits: at 5 the column gain error alone (0.5 % of
// 0.87 V against half of a 28 mV LSB) keeps it below 0.99 over 128 columns.
constexpr int linearBits = 4;
constexpr auto rule = netlist::StepRule::smallest;

adc::Technology technology65()
{
  return adc::readTechnology(testing::bundledTechnology());
}

const quant::LevelSet& levelSet()
{
  static const quant::LevelSet set = testing::reluLevelSet(quant::Method::bsKmq, 3);
  return set;
}

double normalCdf(double z)
{
  return 0.5 * std::erfc(-z / std::sqrt(2.0));
}

// z with 2Φ(z) − 1 = p, by bisection.
double twoSidedQuantile(double p)
{
  double lo = 0.0;
  double hi = 40.0;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (2.0 * normalCdf(mid) - 1.0 < p ? lo : hi) = mid;
  }
  return lo;
}

} // namespace

TEST_CASE("the in-memory sizing meets the hand-computed offset budget when only the offset varies", "[iso-yield]")
{
  // No ramp or gain error, V_FS pinned and auto-zero priced out: a column
  // passes iff its one offset lies within the narrowest half step h_min,
  // so the yield is (2Φ(h_min/σ) − 1)^N, and the largest σ that meets Y is
  // h_min/z with 2Φ(z) − 1 = Y^(1/N). Without a blocks section: a bare
  // StrongARM, whose pair is sized down to the bounds (the front end's
  // floor is the next test's).
  adc::Technology t = technology65();
  t.blocks.reset();
  t.variation.rramSigmaRel = 0.0;
  t.variation.rramSigmaAbs = 0.0;
  t.variation.gainSigma = 0.0;
  t.design->maxFullScale = t.fullScale;
  t.design->autoZeroCapacitance = 1e-9;
  const quant::LevelSet& set = levelSet();
  const std::vector<double> half = adc::halfLocalSteps(set, t.fullScale);
  const double hMin = *std::min_element(half.begin(), half.end());
  const double expected = hMin / twoSidedQuantile(std::pow(target, 1.0 / columns));

  const layout_est::IsoYieldDesign d = layout_est::sizeInMemoryToYield(set, t, columns, target, rule);
  INFO("chosen sigma " << d.sizing.comparatorOffsetSigma << ", hand " << expected);
  REQUIRE(d.met);
  CHECK(d.limit.empty());
  CHECK_FALSE(d.sizing.autoZero);
  CHECK(d.sizing.fullScale == t.fullScale);
  // The bisection's 0.5 %, and the nominal ramp's static error, which
  // shifts the window a little.
  CHECK(d.sizing.comparatorOffsetSigma == Approx(expected).epsilon(0.01));
  CHECK(d.yield >= target);
}

TEST_CASE("with a front end the in-memory pair is not sized below the auto-zero residual", "[iso-yield]")
{
  // As above, auto-zero not allowed: the hand-computed σ is met while the
  // front end's residual is below it, and is out of reach above it.
  adc::Technology t = technology65();
  REQUIRE(t.blocks);
  t.variation.rramSigmaRel = 0.0;
  t.variation.rramSigmaAbs = 0.0;
  t.variation.gainSigma = 0.0;
  t.design->maxFullScale = t.fullScale;
  const quant::LevelSet& set = levelSet();
  const std::vector<double> half = adc::halfLocalSteps(set, t.fullScale);
  const double hMin = *std::min_element(half.begin(), half.end());
  const double expected = hMin / twoSidedQuantile(std::pow(target, 1.0 / columns));

  t.design->autoZeroResidualSigma = 0.5 * expected;
  const layout_est::IsoYieldDesign below =
      layout_est::sizeInMemoryToYield(set, t, columns, target, rule, layout_est::AutoZeroChoice::never);
  REQUIRE(below.met);
  CHECK(below.sizing.comparatorOffsetSigma == Approx(expected).epsilon(0.01));

  t.design->autoZeroResidualSigma = 2.0 * expected;
  const layout_est::IsoYieldDesign above =
      layout_est::sizeInMemoryToYield(set, t, columns, target, rule, layout_est::AutoZeroChoice::never);
  CHECK_FALSE(above.met);
  CHECK(above.limit == "design.auto_zero_residual_sigma");
  CHECK(above.sizing.comparatorOffsetSigma == Approx(2.0 * expected));
}

TEST_CASE("every design's sizing meets the yield and is the largest sigma and smallest unit that does", "[iso-yield]")
{
  // The bundled technology, whose 1 fF units already match every DAC here,
  // and one whose 8 % unit mismatch makes the SARs trade C_u for the pair.
  adc::Technology t = technology65();
  const bool mismatched = GENERATE(false, true);
  if (mismatched)
    t.area.unitCapacitorMismatch = 0.08;
  const quant::LevelSet& set = levelSet();
  const layout_est::PairSigmaRange pair = layout_est::pairSigmaRange(t);
  int unitsChecked = 0;
  const std::vector<layout_est::IsoYieldDesign> designs =
      layout_est::sizeAllToYield(set, t, columns, linearBits, target, rule);
  REQUIRE(designs.size() == 5);
  CHECK(designs[0].name == "in-memory-nl-adc");
  CHECK(layout_est::isoYieldRatio(designs, designs[0]) == 1.0);
  for (const layout_est::IsoYieldDesign& d : designs) {
    INFO(d.name << ": V_FS " << d.sizing.fullScale << ", auto-zero " << d.sizing.autoZero << ", sigma "
                << d.sizing.comparatorOffsetSigma << ", C_u " << d.sizing.unitCapacitance << ", yield " << d.yield);
    const auto yieldAt = [&](const layout_est::Sizing& s) {
      return layout_est::analyticYield(d.name, set, t, columns, linearBits, s, rule);
    };
    REQUIRE(d.met);
    CHECK(d.area.name == d.name);
    CHECK(d.area.perColumn() > 0.0);
    CHECK(yieldAt(d.sizing) == Approx(d.yield));
    CHECK(d.yield >= target);
    CHECK(d.sizing.fullScale >= t.fullScale);
    CHECK(d.sizing.fullScale <= t.design->maxFullScale + 1e-12);
    CHECK(d.sizing.comparatorOffsetSigma >= pair.smallest * (1 - 1e-9));
    CHECK(d.sizing.comparatorOffsetSigma <= pair.largest * (1 + 1e-9));
    // The largest σ that meets the yield, unless it is the smallest pair's.
    if (!d.sizing.autoZero && d.sizing.comparatorOffsetSigma < pair.largest) {
      layout_est::Sizing larger = d.sizing;
      larger.comparatorOffsetSigma *= 1.1;
      CHECK(yieldAt(larger) < target);
    }
    // The smallest unit capacitor that meets it, unless it is the circuit's
    // floor: the DAC's matching rule (kT/C asks far less per unit at these
    // steps).
    const bool sar = d.name == "nl-sar" || d.name == "sar" || d.name == "sar-mse-matched";
    CHECK((d.sizing.unitCapacitance > 0.0) == sar);
    if (sar && d.sizing.unitCapacitance > netlist::dacUnitCapacitance(t.area, d.area.dacBits) * 1.0001) {
      layout_est::Sizing smaller = d.sizing;
      smaller.unitCapacitance /= 1.1;
      CHECK(yieldAt(smaller) < target);
      ++unitsChecked;
    }
  }
  CHECK((unitsChecked > 0) == mismatched);
}

TEST_CASE("the flash's analytic yield agrees with a brute-force Monte Carlo of its comparators", "[iso-yield]")
{
  const adc::Technology t = technology65();
  const quant::LevelSet& set = levelSet();
  const double fullScale = 0.5;
  const std::vector<double> half = adc::halfLocalSteps(set, fullScale);
  std::vector<double> volts;
  for (const double x : set.thresholds)
    volts.push_back((x - set.domain.lo) / set.domain.width() * fullScale);
  const int draws = 200000;
  for (const double sigma : {5e-3, 8e-3, 12e-3}) {
    const layout_est::Sizing s{fullScale, false, sigma, 0.0};
    const double analytic = layout_est::analyticYield("nl-flash", set, t, 1, linearBits, s, rule);
    // Every comparator of the column draws its own offset; the column's
    // gain against the ladder is shared.
    std::mt19937_64 generator(11);
    std::normal_distribution<double> normal;
    int pass = 0;
    for (int i = 0; i < draws; ++i) {
      const double g = t.variation.gainSigma * normal(generator);
      bool ok = true;
      for (size_t j = 0; j < volts.size(); ++j)
        ok = std::abs(sigma * normal(generator) - volts[j] * g) < half[j] && ok;
      pass += ok;
    }
    const double sampled = static_cast<double>(pass) / draws;
    INFO("sigma " << sigma << ": analytic " << analytic << ", sampled " << sampled);
    // 4 standard errors of the sampled value.
    CHECK(analytic == Approx(sampled).margin(4.0 * std::sqrt(sampled * (1.0 - sampled) / draws) + 1e-4));
    CHECK(analytic > 0.05);
    CHECK(analytic < 0.999);
  }
}

TEST_CASE("an infeasible yield is not met and names the bound that stopped it", "[iso-yield]")
{
  const quant::LevelSet& set = levelSet();
  SECTION("a tiny comparator_max_input_area and a poor auto-zero")
  {
    adc::Technology t = technology65();
    t.design->comparatorMaxInputArea = t.area.minWidth * t.featureSize;
    t.design->autoZeroResidualSigma = 0.05;
    for (const layout_est::IsoYieldDesign& d : layout_est::sizeAllToYield(set, t, columns, linearBits, target, rule)) {
      INFO(d.name << ": yield " << d.yield);
      CHECK_FALSE(d.met);
      // The in-memory column's front end is auto-zeroed: its floor stopped it.
      CHECK(d.limit ==
            (d.name == "in-memory-nl-adc" ? "design.auto_zero_residual_sigma" : "design.comparator_max_input_area"));
      CHECK(d.yield < target);
      CHECK(d.sizing.fullScale == t.design->maxFullScale);
      CHECK(d.area.perColumn() > 0.0);
    }
  }
  SECTION("1 − 1e-12 over 1024 columns, beyond the gain error")
  {
    const adc::Technology t = technology65();
    const layout_est::IsoYieldDesign d = layout_est::sizeInMemoryToYield(set, t, 1024, 1.0 - 1e-12, rule);
    INFO("yield " << d.yield);
    CHECK_FALSE(d.met);
    CHECK(d.limit == "variation.gain_sigma");
    CHECK(d.yield < 1.0 - 1e-12);
  }
  SECTION("a technology without a design section")
  {
    adc::Technology t = technology65();
    t.design.reset();
    CHECK_THROWS_AS(layout_est::sizeAllToYield(set, t, columns, linearBits, target, rule), InputError);
    CHECK_THROWS_WITH(layout_est::sizeInMemoryToYield(set, t, columns, target, rule),
                      Catch::Contains("design section"));
  }
  SECTION("a yield outside (0, 1)")
  {
    const adc::Technology t = technology65();
    for (const double y : {0.0, 1.0, -0.5, 1.5})
      CHECK_THROWS_AS(layout_est::sizeInMemoryToYield(set, t, columns, y, rule), InputError);
  }
}

TEST_CASE("area --yield adds every design's iso-yield sizing and rejects a yield outside (0, 1)", "[iso-yield]")
{
  Workspace ws;
  const fs::path acts = ws.writeF32("acts.f32", testing::reluShaped(20000, 1));
  const fs::path levels = ws.path("levels.json");
  REQUIRE(ws.run({"levels", acts.string(), "--bits", "3", "--method", "bs-kmq", "-o", levels.string()}).status == 0);
  const std::string tech = testing::bundledTechnology();

  const Run r = ws.run({"area", levels.string(), "--tech", tech, "--format", "json", "--yield", "0.99"});
  REQUIRE(r.status == 0);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  CHECK(j.at("yield_target") == 0.99);
  REQUIRE(j.at("designs").size() == 5);
  for (const auto& d : j["designs"]) {
    const nlohmann::json& iso = d.at("iso_yield");
    INFO(d.at("name"));
    CHECK(iso.at("met") == true);
    CHECK(iso.at("limit").is_null());
    CHECK(iso.at("yield").get<double>() >= 0.99);
    CHECK(iso.at("um2_per_column").get<double>() > 0.0);
    for (const char* key :
         {"full_scale_V", "auto_zero", "comparator_offset_sigma_V", "input_pair_area_um2", "unit_capacitance_F"})
      CHECK(iso.at("sizing").contains(key));
  }
  CHECK(j["designs"][0]["iso_yield"]["ratio"] == 1.0);

  // The table and the CSV carry the iso-yield areas next to the fixed-budget ones.
  const Run table = ws.run({"area", levels.string(), "--tech", tech, "--yield", "0.99"});
  REQUIRE(table.status == 0);
  CHECK(table.out.find("at equal yield: 0.99 over 128 columns") != std::string::npos);
  const Run csv = ws.run({"area", levels.string(), "--tech", tech, "--format", "csv", "--yield", "0.99"});
  REQUIRE(csv.status == 0);
  CHECK(csv.out.rfind("set_bits,columns,design,design_bits,block,shared_by,block_um2,per_column_um2,ratio,"
                      "energy_per_conversion_J,iso_yield_per_column_um2,iso_yield_ratio,iso_yield_met,"
                      "iso_yield_energy_per_conversion_J\n",
                      0) == 0);
  // Every row has as many cells as the header.
  std::istringstream rows(csv.out);
  for (std::string row; std::getline(rows, row);)
    CHECK(std::count(row.begin(), row.end(), ',') == 13);

  // Without --yield nothing of it appears.
  const Run plain = ws.run({"area", levels.string(), "--tech", tech, "--format", "json"});
  REQUIRE(plain.status == 0);
  CHECK(plain.out.find("iso_yield") == std::string::npos);

  for (const char* bad : {"0", "1", "-0.5", "1.5", "nan", "lots"}) {
    const Run b = ws.run({"area", levels.string(), "--tech", tech, "--yield", bad});
    INFO(bad << ": " << b.err);
    CHECK(b.status == 2);
    CHECK(testing::isOneLine(b.err));
    CHECK(b.out.empty());
  }
}
