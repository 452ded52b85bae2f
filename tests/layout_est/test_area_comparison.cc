// The designs of DESIGN.md §6 from one level set: monotonic in bits and
// columns, the design point reproducible, the SAR estimate against a
// published design.

#include "adc/ColumnParameters.hh"
#include "adc/TechnologyReader.hh"
#include "layout_est/AdcArea.hh"
#include "layout_est/AreaComparison.hh"
#include "layout_est/MatchedLinearBits.hh"
#include "netlist/SarAdcCircuit.hh"
#include "netlist/ThresholdGrid.hh"
#include "quant/Method.hh"
#include "tests/support/LevelSets.hh"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <optional>

using namespace nladc;
namespace fs = std::filesystem;

namespace {

adc::Technology technology(const char* name)
{
  return adc::readTechnology(fs::path(NLADC_EXAMPLES_DIR) / "tech" / (std::string(name) + ".yaml"));
}

layout_est::AreaComparison comparison(const adc::Technology& t, int bits, int columns)
{
  const quant::LevelSet set = testing::reluLevelSet(quant::Method::bsKmq, bits);
  const adc::ReferenceColumnDesign design = adc::designReferenceColumn(set, adc::columnParameters(t));
  const std::vector<float> x = testing::reluShaped(50000, 8);
  return layout_est::compareAreas(design, t, columns, layout_est::linearBitsMatchingMse(set, x));
}

} // namespace

TEST_CASE("the threshold grid places every threshold within a quarter of the smallest bin")
{
  for (const int bits : {2, 3, 4, 5}) {
    const quant::LevelSet set = testing::reluLevelSet(quant::Method::bsKmq, bits);
    const netlist::ThresholdGrid grid = netlist::thresholdGrid(set);
    CHECK(grid.worstError <= 0.25);
    CHECK(grid.codes.size() == set.thresholds.size());
    if (grid.bits > 1) {
      // One bit less must fail the rule (the answer is the smallest R).
      const double steps = std::ldexp(1.0, grid.bits - 1);
      double smallest = 1.0;
      std::vector<double> edges{0.0};
      for (const double th : set.thresholds)
        edges.push_back((th - set.domain.lo) / set.domain.width());
      edges.push_back(1.0);
      for (size_t i = 1; i < edges.size(); ++i)
        smallest = std::min(smallest, edges[i] - edges[i - 1]);
      double worst = 0.0;
      for (size_t i = 1; i + 1 < edges.size(); ++i)
        worst = std::max(worst, std::abs(edges[i] - std::round(edges[i] * steps) / steps) / smallest);
      CHECK(worst > 0.25);
    }
  }
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
