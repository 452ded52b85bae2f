// The designs of DESIGN.md §6 from one level set: monotonic in bits and
// columns, the design point reproducible, the SAR estimate against a
// published design.

#include "adc/ColumnParameters.hh"
#include "adc/TechnologyReader.hh"
#include "layout_est/AdcArea.hh"
#include "layout_est/AreaComparison.hh"
#include "layout_est/MatchedLinearBits.hh"
#include "netlist/AnalogBlocks.hh"
#include "netlist/SarAdcCircuit.hh"
#include "netlist/ThresholdGrid.hh"
#include "quant/Method.hh"
#include "tests/support/AreaComparisons.hh"
#include "tests/support/LevelSets.hh"
#include "util/Error.hh"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <optional>

using namespace nladc;
using nladc::testing::comparison;
using nladc::testing::technology;
namespace fs = std::filesystem;

namespace {

// A level set on [0, 1] from its levels (thresholds at the midpoints).
quant::LevelSet handLevelSet(std::vector<double> levels)
{
  quant::LevelSet set;
  set.name = "hand";
  set.method = "linear";
  set.domain = {0.0, 1.0};
  set.levels = std::move(levels);
  set.thresholds = quant::midpoints(set.levels);
  set.bits = quant::bitsFor(set.levelCount());
  return set;
}

// Threshold j's tolerance step by the rule's words (docs/area.md), written
// out from the code bins: the reference the grid is checked against.
double stepByHand(const quant::LevelSet& set, size_t j, netlist::StepRule rule)
{
  std::vector<double> bins; // code bin k spans edge k … edge k+1
  std::vector<double> edges{set.domain.lo};
  edges.insert(edges.end(), set.thresholds.begin(), set.thresholds.end());
  edges.push_back(set.domain.hi);
  for (size_t k = 0; k + 1 < edges.size(); ++k)
    bins.push_back((edges[k + 1] - edges[k]) / set.domain.width());
  switch (rule) {
  case netlist::StepRule::smallest: return *std::min_element(bins.begin(), bins.end());
  case netlist::StepRule::interior:
    return bins.size() > 2 ? *std::min_element(bins.begin() + 1, bins.end() - 1)
                           : *std::min_element(bins.begin(), bins.end());
  case netlist::StepRule::local: return std::min(bins[j], bins[j + 1]);
  }
  return 0.0;
}

double worstGridError(const quant::LevelSet& set, int bits, netlist::StepRule rule)
{
  const double steps = std::ldexp(1.0, bits);
  double worst = 0.0;
  for (size_t j = 0; j < set.thresholds.size(); ++j) {
    const double position = (set.thresholds[j] - set.domain.lo) / set.domain.width();
    worst = std::max(worst, std::abs(position - std::round(position * steps) / steps) / stepByHand(set, j, rule));
  }
  return worst;
}

} // namespace

TEST_CASE("the threshold grid is the smallest R that places every threshold within a quarter of its step")
{
  using netlist::StepRule;
  for (const StepRule rule : {StepRule::smallest, StepRule::interior, StepRule::local})
    for (const int bits : {2, 3, 4, 5}) {
      const quant::LevelSet set = testing::reluLevelSet(quant::Method::bsKmq, bits);
      const netlist::ThresholdGrid grid = netlist::thresholdGrid(set, rule);
      INFO(netlist::stepRuleName(rule) << " at " << bits << " bits: R = " << grid.bits);
      CHECK(grid.worstError == Approx(worstGridError(set, grid.bits, rule)));
      CHECK(grid.worstError <= 0.25);
      CHECK(grid.codes.size() == set.thresholds.size());
      for (int fewer = 1; fewer < grid.bits; ++fewer)
        CHECK(worstGridError(set, fewer, rule) > 0.25);
    }
}

TEST_CASE("the step rules read a hand-made set as documented")
{
  // Bins: 0.05 (edge), 0.2, 0.3, 0.45 (edge) → thresholds 0.05, 0.25, 0.55.
  const quant::LevelSet set = handLevelSet({0.0, 0.1, 0.4, 0.7});
  REQUIRE(set.thresholds[0] == Approx(0.05));
  using netlist::StepRule;
  CHECK(netlist::narrowestStep(set, StepRule::smallest) == Approx(0.05));
  CHECK(netlist::narrowestStep(set, StepRule::interior) == Approx(0.2));
  CHECK(netlist::thresholdStep(set, 0, StepRule::local) == Approx(0.05));
  CHECK(netlist::thresholdStep(set, 1, StepRule::local) == Approx(0.2));
  CHECK(netlist::thresholdStep(set, 2, StepRule::local) == Approx(0.3));
  CHECK(netlist::parseStepRule("interior") == StepRule::interior);
  CHECK_THROWS_AS(netlist::parseStepRule("widest"), InputError);
  // Thresholds closer than 2^−22 of the domain: no 24-bit grid places them.
  CHECK_THROWS_AS(netlist::thresholdGrid(handLevelSet({0.0, 1e-8, 0.5, 1.0}), StepRule::smallest), InputError);
}

TEST_CASE("the hold capacitor keeps kT/C noise within a twelfth of the narrowest step")
{
  const adc::Technology t = technology("generic-65nm");
  // Narrowest bin 0.05 of a 0.5 V full scale: σ = 25 mV / 12, C = kT/σ².
  const quant::LevelSet set = handLevelSet({0.0, 0.1, 0.4, 0.7});
  const double sigma = 0.05 * t.fullScale / 12.0;
  const double kT = 1.380649e-23 * 300.0;
  const double expected = std::max(t.area.unitCapacitance, kT / (sigma * sigma));
  CHECK(netlist::holdCapacitance(set, t, netlist::StepRule::smallest) == Approx(expected));
  // 25 mV steps need less than the smallest matched capacitor: the floor.
  CHECK(expected == t.area.unitCapacitance);
  // A 0.5 % bin (2.5 mV) needs kT/C: 4.14e-21 / (0.208 mV)² ≈ 95 fF.
  const quant::LevelSet narrow = handLevelSet({0.0, 0.01, 0.4, 0.7});
  CHECK(netlist::holdCapacitance(narrow, t, netlist::StepRule::smallest) ==
        Approx(kT / std::pow(0.005 * t.fullScale / 12.0, 2)));
  // The interior reading ignores the narrow edge bin.
  CHECK(netlist::holdCapacitance(narrow, t, netlist::StepRule::interior) <
        netlist::holdCapacitance(narrow, t, netlist::StepRule::smallest));
}

TEST_CASE("DAC units grow past unit_capacitance only beyond the bits it matches")
{
  const adc::Technology t = technology("generic-65nm");
  // σ_u = 1 %: 9·σ²·2^R ≤ 1 up to R = 10.
  CHECK(netlist::matchedDacBits(t.area) == 10);
  CHECK(netlist::dacUnitCapacitance(t.area, 10) == t.area.unitCapacitance);
  CHECK(netlist::dacUnitCapacitance(t.area, 11) == Approx(t.area.unitCapacitance * 9e-4 * 2048));
  CHECK(netlist::sarAdcCircuit(8, t).notes.empty());
  // 12 bits: mismatch upsizes the units, and the 0.12 mV LSB's kT/C
  // (4.14e-21 J / (0.12 mV / 12)² ≈ 41 pF over 4096 units) more so.
  const netlist::AdcCircuit sar12 = netlist::sarAdcCircuit(12, t);
  REQUIRE(sar12.notes.size() == 2);
  CHECK(sar12.notes[0].find("12-bit DAC exceeds the 10 bits") != std::string::npos);
  CHECK(sar12.notes[1].find("kT/C") != std::string::npos);
  const double lsb = t.fullScale / 4096;
  CHECK(netlist::samplingCapacitance(lsb) == Approx(1.380649e-23 * 300 / std::pow(lsb / 12, 2)));
  const double dacArea = layout_est::estimateArea(sar12, t).blocks[1].area;
  CHECK(dacArea > netlist::samplingCapacitance(lsb) / t.area.momDensity * t.area.routingFactor);
}

TEST_CASE("a degenerate level set gets a flagged, finite estimate")
{
  // CDF levels on ReLU data crowd the pile-up at 0: bins of 1e-5 of the
  // domain need an 18-bit grid, beyond what 1 fF units match.
  const adc::Technology t = technology("generic-65nm");
  const quant::LevelSet set = handLevelSet({0.0, 1e-5, 2e-5, 0.2, 0.4, 0.6, 0.8, 1.0});
  const adc::ReferenceColumnDesign design = adc::designReferenceColumn(set, adc::columnParameters(t));
  const layout_est::AreaComparison c = layout_est::compareAreas(design, t, 128, 8, netlist::StepRule::smallest);
  const layout_est::DesignArea& nlSar = c.designs[1];
  CHECK(nlSar.dacBits >= 17);
  REQUIRE(nlSar.notes.size() == 1);
  CHECK(nlSar.notes[0].find("units upsized") != std::string::npos);
  CHECK(std::isfinite(c.ratio(nlSar)));
  CHECK(c.inMemory().notes.empty());
}

TEST_CASE("more bits cost more area in every design")
{
  for (const char* name : {"generic-65nm", "generic-16nm"}) {
    const adc::Technology t = technology(name);
    std::optional<layout_est::AreaComparison> previous;
    for (int bits = 2; bits <= 6; ++bits) {
      const layout_est::AreaComparison c = comparison(t, bits, 128);
      if (previous)
        for (size_t i = 0; i < c.designs.size(); ++i) {
          INFO(name << " " << c.designs[i].name << " at " << bits << " bits");
          CHECK(c.designs[i].perColumn() > previous->designs[i].perColumn());
        }
      previous = c;
    }
  }
}

TEST_CASE("more shared columns cost the in-memory design less area per column")
{
  const adc::Technology t = technology("generic-65nm");
  double previous = INFINITY;
  for (const int columns : {16, 32, 64, 128, 256, 512, 1024}) {
    const double area = comparison(t, 3, columns).inMemory().perColumn();
    CHECK(area < previous);
    previous = area;
  }
}

TEST_CASE("the design point's ratios are reproducible")
{
  const adc::Technology t = technology("generic-65nm");
  const layout_est::AreaComparison a = comparison(t, 3, 128);
  const layout_est::AreaComparison b = comparison(t, 3, 128);
  REQUIRE(a.designs.size() == 5);
  for (size_t i = 0; i < a.designs.size(); ++i) {
    CHECK(a.designs[i].perColumn() == b.designs[i].perColumn());
    fmt::print("design point (3 bits, 128 columns, {}): {:<18} {:>9.2f} um2/column  ratio {:.2f}\n", t.name,
               a.designs[i].name, a.designs[i].perColumn() * 1e12, a.ratio(a.designs[i]));
  }
  CHECK(a.designs[0].name == "in-memory-nl-adc");
  CHECK(a.designs[1].name == "nl-sar");
  CHECK(a.designs[2].name == "nl-flash");
  // The conventional NL-ADCs are larger than the in-memory one.
  CHECK(a.ratio(a.designs[1]) > 1.0);
  CHECK(a.ratio(a.designs[2]) > 1.0);
}

TEST_CASE("the 8-bit SAR estimate is within 2x of a published 65 nm column SAR")
{
  // Fan et al., ISCAS 2022 (doi 10.1109/ISCAS48785.2022.9937285): a 3–8
  // bit SAR/single-slope column ADC for computing in memory, 65 nm,
  // 190 µm × 5 µm = 950 µm² (docs/area.md).
  const adc::Technology t = technology("generic-65nm");
  const double estimate = layout_est::estimateArea(netlist::sarAdcCircuit(8, t), t).perColumn() * 1e12;
  fmt::print("8-bit SAR at 65 nm: {:.0f} um2 (published: 950 um2)\n", estimate);
  CHECK(estimate > 950.0 / 2);
  CHECK(estimate < 950.0 * 2);
}
