#include "adc/ReferenceColumnDesign.hh"
#include "cli/Commands.hh"
#include "cli/DesignInputs.hh"
#include "netlist/ReferenceColumnNetlist.hh"
#include "netlist/SpiceWriter.hh"
#include "util/AtomicFile.hh"
#include "util/Error.hh"

#include <fmt/format.h>
#include <iostream>
#include <memory>

namespace nladc::cli {

namespace {

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
    DesignFlags design;
    std::string output;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command =
      app.add_subcommand("netlist", "Design the reference-column NL-ADC of a level set; write its deck");
  addDesignFlags(*command, options->design);
  command->add_option("-o,--output", options->output, "Deck to write (default: standard output)");
  command->callback([options] {
    if (!options->output.empty())
      requireWritablePath(options->output);
    const DesignInputs in = loadDesign(options->design);
    const netlist::Circuit circuit = checkedDeck(in);
    if (options->output.empty()) {
      std::cout << netlist::writeSpice(circuit);
      return;
    }
    netlist::writeSpiceFile(options->output, circuit);
    printDesign(in.design);
  });
}

} // namespace nladc::cli
