#include "adc/ColumnParameters.hh"
#include "adc/ReferenceColumnDesign.hh"
#include "adc/TechnologyReader.hh"
#include "cli/Commands.hh"
#include "netlist/Erc.hh"
#include "netlist/ReferenceColumnNetlist.hh"
#include "netlist/SpiceWriter.hh"
#include "quant/LevelFileReader.hh"
#include "util/Error.hh"

#include <fmt/format.h>
#include <iostream>
#include <memory>
#include <optional>

namespace nladc::cli {

namespace {

// The one set of the level file the deck is for: the only one, or the one
// --set/--method select.
quant::LevelSet selectSet(const std::string& file, const std::optional<std::string>& name,
                          const std::optional<std::string>& method)
{
  std::vector<quant::LevelSet> matches;
  std::string available;
  for (quant::LevelSet& set : quant::readLevelFile(file)) {
    available += fmt::format("{}{}/{}", available.empty() ? "" : ", ", set.name, set.method);
    if ((!name || set.name == *name) && (!method || set.method == *method))
      matches.push_back(std::move(set));
  }
  if (matches.size() != 1)
    throw InputError(fmt::format("{}: {} level sets match; choose one with --set NAME and --method M (sets: {})", file,
                                 matches.size(), available));
  return matches.front();
}

void printDesign(const adc::ReferenceColumnDesign& design)
{
  const quant::LevelSet& set = design.levels;
  fmt::print("{} ({}, {} bits): C_int = {:.4g} F, {} cells ({} calibration, code {}), V_0 = {:.4g} V\n", set.name,
             set.method, set.bits, design.cInt, design.cellCount(), design.calibrationConductances.size(),
             design.calibrationCode, design.offsetVolts);
  fmt::print("{:>4} {:>12} {:>12} {:>12} {:>12} {:>6} {:>12}\n", "step", "threshold", "target_V", "realised_V",
             "error_V", "cells", "G_cell_S");
  for (size_t j = 0; j < design.steps.size(); ++j) {
    const adc::RampStep& s = design.steps[j];
    fmt::print("{:>4} {:>12.6g} {:>12.6g} {:>12.6g} {:>12.3e} {:>6} {:>12.4e}\n", j + 1, set.thresholds[j],
               s.targetVolts, s.realisedVolts, s.realisedVolts - s.targetVolts, s.cells, s.conductance);
  }
  for (const std::string& note : design.notes)
    fmt::print("note: {}\n", note);
}

} // namespace

void addNetlistCommand(CLI::App& app)
{
  struct Options {
    std::string levels;
    std::string tech;
    int columns = 16;
    std::optional<std::string> set;
    std::optional<std::string> method;
    double offset = 0.0;
    std::string output;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command =
      app.add_subcommand("netlist", "Design the reference-column NL-ADC of a level set; write its deck");
  command->add_option("LEVELS", options->levels, "Level file")->required();
  command->add_option("--tech", options->tech, "Technology file (YAML)")->required();
  command->add_option("--columns", options->columns, "Test columns in the testbench")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  command->add_option("--set", options->set, "The level set's name, when the file holds several");
  command->add_option("--method", options->method, "The level set's method, when the file holds several");
  command->add_option("--offset", options->offset, "Ramp offset V_0 (volts) the calibration cells set")
      ->check(CLI::Range(0.0, 10.0))
      ->capture_default_str();
  command->add_option("-o,--output", options->output, "Deck to write (default: standard output)");
  command->callback([options] {
    const quant::LevelSet set = selectSet(options->levels, options->set, options->method);
    const adc::Technology tech = adc::readTechnology(options->tech);
    adc::ColumnParameters parameters = adc::columnParameters(tech);
    parameters.offsetTarget = options->offset;
    const adc::ReferenceColumnDesign design = adc::designReferenceColumn(set, parameters);
    netlist::DeckOptions deck = netlist::deckOptions(tech);
    deck.testColumns = options->columns;
    const netlist::Circuit circuit = netlist::buildReferenceColumnDeck(design, deck);
    // Electrical rule checks before the deck leaves: a violation here is a
    // bug of the generator, not of the input.
    const std::vector<netlist::Violation> violations = netlist::checkCircuit(circuit);
    if (!violations.empty())
      throw WorkError(fmt::format("generated deck fails its electrical rule checks: {}", violations.front().message));
    if (options->output.empty()) {
      std::cout << netlist::writeSpice(circuit);
      return;
    }
    netlist::writeSpiceFile(options->output, circuit);
    printDesign(design);
  });
}

} // namespace nladc::cli
