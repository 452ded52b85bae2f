#include "cli/DesignInputs.hh"

#include "adc/ColumnParameters.hh"
#include "adc/TechnologyReader.hh"
#include "design/DesignFile.hh"
#include "layout_est/IsoYield.hh"
#include "netlist/Erc.hh"
#include "quant/LevelFileReader.hh"
#include "quant/SampleSetReader.hh"
#include "util/Error.hh"

#include <fmt/format.h>
#include <iostream>

namespace nladc::cli {

namespace {

// The one set of the level file: the only one, or the one --set/--method
// select.
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

} // namespace

void addDesignFlags(CLI::App& command, DesignFlags& flags)
{
  command.add_option("LEVELS", flags.levels, "Level file (or --design)");
  command.add_option("--tech", flags.tech, "Technology file (YAML; or --design)");
  command.add_option("--design", flags.design,
                     "A design.json of nladc design, in place of LEVELS, --tech, --set and --method");
  command.add_option("--set", flags.set, "The level set's name, when the file holds several");
  command.add_option("--method", flags.method, "The level set's method, when the file holds several");
  command.add_option("--offset", flags.offset, "Ramp offset V_0 (volts) the calibration cells set")
      ->check(CLI::Range(0.0, 10.0))
      ->capture_default_str();
  command
      .add_option(
          "--columns", flags.columns,
          "Test columns reading the ramp (default: 16, or the design's columns; sim of transistor blocks: 16 at most)")
      ->check(CLI::Range(1, 1024));
  addBlocksFlag(command, flags.blocks);
}

void addBlocksFlag(CLI::App& command, std::optional<adc::BlockKind>& blocks)
{
  command
      .add_option("--blocks", blocks,
                  "Comparator, integrator and switches: behavioural or transistor (default: the technology's "
                  "blocks.default, else behavioural)")
      ->transform(CLI::CheckedTransformer(std::map<std::string, adc::BlockKind>{
          {"behavioural", adc::BlockKind::behavioural}, {"transistor", adc::BlockKind::transistor}}));
}

DesignInputs loadDesign(const DesignFlags& flags)
{
  DesignInputs in;
  int columns = 16;
  int rampColumns = netlist::defaultRampColumns;
  std::optional<adc::BlockKind> blocks; // a design's, unless --blocks says otherwise
  if (flags.design) {
    if (!flags.levels.empty() || !flags.tech.empty() || flags.set || flags.method)
      throw InputError(fmt::format("{}: --design replaces LEVELS, --tech, --set and --method; give one or the other",
                                   *flags.design));
    const design::DesignFile file = design::readDesignFile(*flags.design);
    in.levelsFile = file.sources.levels.string();
    in.set = selectSet(in.levelsFile, file.sources.set, file.sources.method);
    in.technology = layout_est::sizedTechnology(adc::readTechnology(file.sources.technology), file.sizing);
    columns = file.specification.columns;
    rampColumns = file.specification.columns;
    in.seed = file.confirmationSeed;
    blocks = file.blocks;
  } else {
    if (flags.levels.empty() || flags.tech.empty())
      throw InputError("LEVELS and --tech are required (or --design DESIGN.json)");
    in.levelsFile = flags.levels;
    in.set = selectSet(flags.levels, flags.set, flags.method);
    in.technology = adc::readTechnology(flags.tech);
  }
  adc::ColumnParameters parameters = adc::columnParameters(in.technology);
  parameters.offsetTarget = flags.offset;
  in.design = adc::designReferenceColumn(in.set, parameters);
  in.deck = netlist::deckOptions(in.technology, flags.blocks ? flags.blocks : blocks, rampColumns);
  in.deck.testColumns = flags.columns.value_or(columns);
  return in;
}

netlist::Circuit checkedDeck(const DesignInputs& in)
{
  netlist::Circuit circuit = netlist::buildReferenceColumnDeck(in.design, in.deck);
  netlist::requireCleanGenerated(circuit, "generated deck");
  return circuit;
}

quant::SortedSamples readSamplesFor(const std::string& file, const std::optional<std::string>& tensor,
                                    const quant::LevelSet& set)
{
  quant::ReadOptions options;
  options.tensor = tensor;
  std::vector<quant::TensorSamples> tensors = quant::readSampleSets({file}, options, quant::defaultMemoryBudget());
  const auto chosen = [](quant::TensorSamples& t) {
    if (!t.resolution.exact())
      std::cerr << fmt::format("nladc: warning: --data: tensor '{}': {}\n", t.name, quant::histogramNote(t.resolution));
    return std::move(t.samples);
  };
  if (tensors.size() == 1)
    return chosen(tensors.front());
  for (quant::TensorSamples& t : tensors)
    if (set.source && t.name == set.source->tensor)
      return chosen(t);
  std::string names;
  for (const quant::TensorSamples& t : tensors)
    names += (names.empty() ? "" : ", ") + t.name;
  throw InputError(fmt::format("{}: holds {} tensors and none is the level set's; choose one with --tensor ({})", file,
                               tensors.size(), names));
}

std::unique_ptr<quant::EffectiveError> readDataFor(const std::optional<std::string>& file,
                                                   const std::optional<std::string>& tensor, const quant::LevelSet& set)
{
  return file ? std::make_unique<quant::EffectiveError>(readSamplesFor(*file, tensor, set), set) : nullptr;
}

} // namespace nladc::cli
