#pragma once

#include "adc/ReferenceColumnDesign.hh"
#include "adc/Technology.hh"
#include "netlist/Circuit.hh"
#include "netlist/ReferenceColumnNetlist.hh"
#include "quant/EffectiveError.hh"
#include "quant/LevelSet.hh"

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace nladc::cli {

// The flags every command that designs the reference column shares
// (netlist, sim, mc): LEVELS, --tech, --set, --method, --offset, --columns, --blocks,
// or --design DESIGN.json in place of the first four: the ADC `nladc design`
// chose, its knobs applied to its technology.
struct DesignFlags {
  std::string levels;
  std::string tech;
  std::optional<std::string> set;
  std::optional<std::string> method;
  std::optional<std::string> design;
  double offset = 0.0;
  std::optional<int> columns;           // default: the design's specified columns, else 16
  std::optional<adc::BlockKind> blocks; // default: the technology's blocks.default
};

void addDesignFlags(CLI::App& command, DesignFlags& flags);
// --blocks alone, for the commands that design (design, flow).
void addBlocksFlag(CLI::App& command, std::optional<adc::BlockKind>& blocks);

// The level set, technology, design and deck options the flags name.
struct DesignInputs {
  std::string levelsFile; // LEVELS, or the design file's level file
  quant::LevelSet set;
  adc::Technology technology;
  adc::ReferenceColumnDesign design;
  netlist::DeckOptions deck;    // its testColumns: --columns, or the default above
  std::optional<uint64_t> seed; // a design's: the seed of its SPICE Monte Carlo run
};

// InputError for LEVELS or --tech given with --design, or neither given.
DesignInputs loadDesign(const DesignFlags& flags);

// The full testbench deck (with the test columns) after the electrical
// rule checks; a violation is a bug of the generator (WorkError).
netlist::Circuit checkedDeck(const DesignInputs& inputs);

// The activations of --data for a level set: the tensor --tensor names,
// else the one the level set was fitted on when the file has it, else the
// file's only tensor.
quant::SortedSamples readSamplesFor(const std::string& file, const std::optional<std::string>& tensor,
                                    const quant::LevelSet& set);

// readSamplesFor, sorted for the effective error; null without --data.
std::unique_ptr<quant::EffectiveError> readDataFor(const std::optional<std::string>& file,
                                                   const std::optional<std::string>& tensor,
                                                   const quant::LevelSet& set);

} // namespace nladc::cli
