// The generated deck in the standalone `ngspice -b`, no nladc code in the
// loop: the ramp at each step end against the design, each test column's
// code against the behavioural model.

#include "adc/BehaviouralModel.hh"
#include "adc/ColumnParameters.hh"
#include "adc/TechnologyReader.hh"
#include "netlist/AnalogBlocks.hh"
#include "netlist/Erc.hh"
#include "netlist/InMemoryAdcCircuit.hh"
#include "netlist/ReferenceColumnNetlist.hh"
#include "netlist/SpiceWriter.hh"
#include "quant/Method.hh"
#include "tests/support/LevelSets.hh"
#include "tests/support/StandaloneNgspice.hh"
#include "tests/support/TempDir.hh"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

using namespace nladc;
namespace fs = std::filesystem;

namespace {

// Runs `ngspice -b` on a deck and returns its .meas results by name.
std::map<std::string, double> runNgspice(const fs::path& deck)
{
  std::istringstream in(testing::runStandaloneNgspice(deck));
  std::map<std::string, double> results;
  const std::regex line(R"(^\s*([a-z]+[0-9]+)\s*=\s*([-+0-9.eE]+))");
  for (std::string text; std::getline(in, text);) {
    std::smatch m;
    if (std::regex_search(text, m, line))
      results[m[1]] = std::stod(m[2]);
  }
  return results;
}

} // namespace

TEST_CASE("generated decks run in ngspice and realise the designed ramp and codes")
{
  const testing::TempDir scratch("nladc-deck");
  const fs::path& dir = scratch.path();
  for (const char* technology : {"generic-65nm", "generic-16nm"})
    for (const int bits : {2, 3, 4})
      for (const quant::Method method : quant::allMethods()) {
        const adc::Technology tech =
            adc::readTechnology(fs::path(NLADC_EXAMPLES_DIR) / "tech" / (std::string(technology) + ".yaml"));
        const adc::ReferenceColumnDesign design =
            adc::designReferenceColumn(testing::reluLevelSet(method, bits), adc::columnParameters(tech));
        netlist::DeckOptions options = netlist::deckOptions(tech);
        options.testColumns = 16;
        const netlist::Circuit circuit = netlist::buildReferenceColumnDeck(design, options);
        INFO(technology << ": " << quant::methodName(method) << ", " << bits << " bits");
        CHECK(netlist::checkCircuit(circuit).empty());

        const fs::path deck = dir / fmt::format("{}_{}_{}.sp", technology, quant::methodName(method), bits);
        std::ofstream(deck) << netlist::writeSpice(circuit);
        const std::map<std::string, double> measured = runNgspice(deck);

        const std::vector<double> ramp = adc::rampLevels(design.parameters, adc::nominalDevices(design));
        double smallest = INFINITY;
        for (size_t j = 1; j < ramp.size(); ++j)
          smallest = std::min(smallest, ramp[j] - ramp[j - 1]);
        // 1 % of the smallest step, but not below the simulator's own error at
        // the deck's reltol of 1e-8 (about 2 µV, 4e-6 of full scale, measured):
        // a CDF cut just above ReLU's zeros leaves a step of one G_min cell,
        // about 0.1 mV, whose 1 % no transient resolves.
        const double simulatorError = 1e-5 * design.parameters.fullScale;
        const double tolerance = std::max(0.01 * smallest, simulatorError);
        for (size_t j = 0; j < ramp.size(); ++j) {
          const std::string name = fmt::format("ramp{}", j);
          REQUIRE(measured.contains(name));
          INFO(name << ": ngspice " << measured.at(name) << ", design " << ramp[j] << ", smallest step " << smallest);
          CHECK(std::abs(measured.at(name) - ramp[j]) < tolerance);
        }
        const std::vector<double> inputs = netlist::testInputVolts(design, options.testColumns);
        for (size_t c = 0; c < inputs.size(); ++c) {
          const std::string name = fmt::format("code{}", c);
          REQUIRE(measured.contains(name));
          INFO(name << " at " << inputs[c] << " V");
          CHECK(std::lround(measured.at(name)) == adc::codeOf(inputs[c], ramp));
          CHECK(std::abs(measured.at(name) - std::lround(measured.at(name))) < 1e-3);
        }
      }
}

TEST_CASE("a transistor deck's op-amp and ramp load are the ones area counts for the columns its ramp serves")
{
  const adc::Technology t = adc::readTechnology(fs::path(NLADC_EXAMPLES_DIR) / "tech" / "generic-65nm.yaml");
  const adc::ReferenceColumnDesign design =
      adc::designReferenceColumn(testing::reluLevelSet(quant::Method::bsKmq, 3), adc::columnParameters(t));
  // 16 columns leave the op-amp as drawn (its 1.2 pF floor); 1024 scale it.
  for (const int columns : {16, netlist::defaultRampColumns, 1024}) {
    INFO(columns << " columns");
    const netlist::DeckOptions deck = netlist::deckOptions(t, adc::BlockKind::transistor, columns);
    REQUIRE(deck.transistor);
    CHECK(deck.rampColumns == columns);
    CHECK(deck.transistor->rampLoad == netlist::rampLoadCapacitance(t, columns));
    const netlist::AdcCircuit counted = netlist::inMemoryAdcCircuit(design, t, columns, netlist::StepRule::smallest);
    const auto opamp =
        std::find_if(counted.circuit.subcircuits.begin(), counted.circuit.subcircuits.end(),
                     [&](const netlist::Subcircuit& s) { return s.name == deck.transistor->opamp.name; });
    REQUIRE(opamp != counted.circuit.subcircuits.end());
    REQUIRE(opamp->devices.size() == deck.transistor->opamp.devices.size());
    for (size_t d = 0; d < opamp->devices.size(); ++d) {
      INFO(opamp->devices[d].name);
      CHECK(opamp->devices[d].value == deck.transistor->opamp.devices[d].value);
      CHECK(opamp->devices[d].params == deck.transistor->opamp.devices[d].params);
    }
  }
}
