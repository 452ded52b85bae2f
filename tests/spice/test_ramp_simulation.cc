// RampSimulation: the Monte Carlo ramp deck (no test columns) against the
// full deck with its 16 comparators and latches, and the nominal ramp
// against the design's realised ramp.

#include "adc/BehaviouralModel.hh"
#include "adc/ConversionMeasurement.hh"
#include "adc/VariationModel.hh"
#include "spice/RampSimulation.hh"
#include "tests/spice/SpiceTestSupport.hh"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <ranges>

using namespace nladc;

namespace {

constexpr uint64_t seed = 7;
constexpr uint64_t samples = 6;
constexpr double timeLimit = 120.0;

// The ramp levels (and, with test columns, the latched codes) of samples
// 0 … n−1 of `devicesOf` through one deck.
testing::Sweep simulate(const adc::ReferenceColumnDesign& design, const netlist::DeckOptions& options,
                        const std::function<adc::ColumnDevices(uint64_t)>& devicesOf, uint64_t n)
{
  const spice::RampSimulation simulation(design, options);
  const std::vector<uint64_t> indices = testing::indicesUpTo(n);
  testing::Sweep s = testing::sweep(simulation.runner(devicesOf, timeLimit, false), indices, 2);
  testing::requireEachReportedOnce(s, indices);
  for (const auto& [index, r] : s.results) {
    INFO("sample " << index << ": " << r.reason);
    REQUIRE(r.ok);
    REQUIRE(r.vectors.size() > spice::RampSimulation::holdCodes);
    REQUIRE(r.vectors[spice::RampSimulation::rampLevels].size() == design.levels.levelCount());
    REQUIRE(r.vectors[spice::RampSimulation::holdCodes].size() == static_cast<size_t>(options.testColumns));
  }
  return s;
}

} // namespace

TEST_CASE("the ramp deck gives the full deck's ramp, and its codes follow from that ramp")
{
  for (const int bits : {3, 4}) {
    INFO(bits << "-bit bs-kmq");
    const adc::ReferenceColumnDesign design = testing::bsKmqDesign(bits);
    const adc::VariationModel model = adc::variationModel(testing::generic65());
    const int columns = 16;
    const auto devicesOf = [&](uint64_t index) { return adc::drawSample(design, model, columns, seed, index).devices; };
    const testing::Sweep rampDeck = simulate(design, testing::deckOptions(0, true), devicesOf, samples);
    const testing::Sweep fullDeck = simulate(design, testing::deckOptions(columns, true), devicesOf, samples);

    const double fullScale = design.parameters.fullScale;
    // The comparators' input-referred resolution: half the supply's swing
    // at their gain (0.6 V at 1e4: 60 µV). An input within twice that of a
    // ramp level may latch either code; such columns are not compared.
    const double ambiguous = testing::generic65().supply / testing::generic65().comparator.gain;
    const std::vector<double> inputs = netlist::testInputVolts(design, columns);
    for (uint64_t index = 0; index < samples; ++index) {
      INFO("sample " << index);
      const std::vector<double>& ramp = rampDeck.results.at(index).vectors[spice::RampSimulation::rampLevels];
      const std::vector<double>& full = fullDeck.results.at(index).vectors[spice::RampSimulation::rampLevels];
      for (size_t j = 0; j < ramp.size(); ++j) {
        INFO("ramp level " << j << ": ramp deck " << ramp[j] << " V, full deck " << full[j] << " V");
        CHECK(std::abs(ramp[j] - full[j]) < 1e-5 * fullScale);
      }
      const std::vector<double>& codes = fullDeck.results.at(index).vectors[spice::RampSimulation::holdCodes];
      int compared = 0;
      for (size_t c = 0; c < inputs.size(); ++c) {
        const double distance =
            std::ranges::min(std::vector<double>(ramp.begin() + 1, ramp.end()) |
                             std::views::transform([&](double t) { return std::abs(t - inputs[c]); }));
        if (distance < ambiguous)
          continue;
        ++compared;
        INFO("column " << c << " at " << inputs[c] << " V");
        CHECK(codes[c] == adc::columnCode(ramp, adc::ColumnVariation{}, inputs[c]));
      }
      CHECK(compared >= columns - 1);
    }
    // The samples' devices reached the deck: their ramps differ.
    const std::vector<double>& first = rampDeck.results.at(0).vectors[spice::RampSimulation::rampLevels];
    const std::vector<double>& second = rampDeck.results.at(1).vectors[spice::RampSimulation::rampLevels];
    double largest = 0.0;
    for (size_t j = 0; j < first.size(); ++j)
      largest = std::max(largest, std::abs(first[j] - second[j]));
    CHECK(largest > 1e-3 * fullScale);
  }
}

TEST_CASE("nominal devices through RampSimulation realise the design's ramp")
{
  for (const int bits : {3, 4}) {
    INFO(bits << "-bit bs-kmq");
    const adc::ReferenceColumnDesign design = testing::bsKmqDesign(bits);
    const adc::ColumnDevices nominal = adc::nominalDevices(design);
    const testing::Sweep s = simulate(
        design, testing::deckOptions(0, true), [&](uint64_t) { return nominal; }, 1);
    const std::vector<double>& ramp = s.results.at(0).vectors[spice::RampSimulation::rampLevels];

    double smallest = INFINITY;
    for (size_t j = 1; j < design.steps.size(); ++j)
      smallest = std::min(smallest, design.steps[j].realisedVolts - design.steps[j - 1].realisedVolts);
    smallest = std::min(smallest, design.steps.front().realisedVolts - design.offsetVolts);
    // As in tests/netlist: 1 % of the smallest step, not below the
    // simulator's own error at the deck's tolerances.
    const double tolerance = std::max(0.01 * smallest, 1e-5 * design.parameters.fullScale);
    INFO("smallest step " << smallest << " V, tolerance " << tolerance << " V");
    CHECK(std::abs(ramp[0] - design.offsetVolts) < tolerance);
    for (size_t j = 0; j < design.steps.size(); ++j) {
      INFO("T_" << j + 1 << ": ngspice " << ramp[j + 1] << " V, design " << design.steps[j].realisedVolts << " V");
      CHECK(std::abs(ramp[j + 1] - design.steps[j].realisedVolts) < tolerance);
    }
  }
}
