#include "design/DesignArtefacts.hh"

#include "adc/ColumnParameters.hh"
#include "layout_est/AreaComparison.hh"
#include "layout_est/AreaJson.hh"
#include "layout_est/MatchedLinearBits.hh"
#include "netlist/Erc.hh"
#include "netlist/ReferenceColumnNetlist.hh"
#include "netlist/SpiceWriter.hh"
#include "spice/MonteCarlo.hh"
#include "util/AtomicFile.hh"
#include "util/Error.hh"

#include <cmath>
#include <fmt/format.h>

namespace nladc::design {

namespace fs = std::filesystem;

DesignSources sourcesOf(const std::string& levels, const quant::LevelSet& set, const fs::path& technology,
                        const std::optional<std::string>& data, const std::optional<std::string>& tensor)
{
  DesignSources s;
  s.levels = fs::absolute(levels).lexically_normal();
  s.set = set.name;
  s.method = set.method;
  s.technology = fs::absolute(technology).lexically_normal();
  if (data)
    s.data = fs::absolute(*data).lexically_normal();
  s.tensor = tensor;
  return s;
}

nlohmann::json provenanceOf(const DesignSources& s)
{
  return spice::provenanceOf({s.levels, s.set, s.method, s.technology, 0.0, s.data, s.tensor});
}

void prepareDesignDirectory(const fs::path& directory, bool resume)
{
  std::error_code error;
  if (resume) {
    if (!fs::is_directory(directory / "explore", error))
      throw InputError(fmt::format("{}: no design to resume (explore/ is missing)", directory.string()));
    return;
  }
  if (fs::exists(directory, error) && !fs::is_empty(directory, error))
    throw InputError(fmt::format("{}: exists and is not empty; choose a new directory with -o, or continue a "
                                 "stopped design with --resume",
                                 directory.string()));
  fs::create_directories(directory / "explore", error);
  if (error)
    throw InputError(fmt::format("{}: cannot create the directory: {}", directory.string(), error.message()));
}

void writeDesignArtefacts(const DesignOutcome& o, const adc::Technology& technology, const DesignSources& sources,
                          const SearchOptions& options)
{
  const fs::path& dir = options.directory;
  const Specification& spec = options.specification;

  // As `nladc netlist --design` writes it: a test column for every column.
  netlist::DeckOptions deck = netlist::deckOptions(o.technology, o.blocks, spec.columns);
  deck.testColumns = spec.columns;
  const netlist::Circuit circuit = netlist::buildReferenceColumnDeck(o.design, deck);
  netlist::requireCleanGenerated(circuit, "the designed deck");
  netlist::writeSpiceFile(dir / "deck.sp", circuit);

  // The area of every design at the technology file's comparator budget,
  // as `nladc area` gives it, and every design held to the same yield.
  const quant::LevelSet& set = o.design.levels;
  const int linearBits = options.linearBits > 0 ? options.linearBits : layout_est::linearBitsFromMetrics(set);
  const layout_est::AreaComparison fixed =
      layout_est::compareAreas(adc::designReferenceColumn(set, adc::columnParameters(technology)), technology,
                               spec.columns, linearBits, options.rule);
  nlohmann::ordered_json area = layout_est::areaJson(set, technology.name, options.rule, linearBits, fixed);
  layout_est::addIsoYieldJson(area, technology, spec.yield, o.isoYield);
  writeFileAtomically(dir / "area.json", area.dump(2) + "\n");

  writeFileAtomically(dir / "design.json", designJson(o, sources, options).dump(2) + "\n");
}

namespace {

std::string knobsLine(const Candidate& c, const adc::Technology& t)
{
  const layout_est::Sizing& s = c.sized.sizing;
  return fmt::format("V_FS {:.3g} V, comparator σ {:.3g} mV (input pair W·L {:.3g} µm²), auto-zero {}; {:.4g} µm² "
                     "per column",
                     s.fullScale, s.comparatorOffsetSigma * 1e3, t.comparatorGateArea(s.comparatorOffsetSigma) * 1e12,
                     s.autoZero ? "on" : "off", c.sized.area.perColumn() * 1e12);
}

std::string evidenceLine(const char* engine, const std::optional<MonteCarloEvidence>& e, const Specification& spec)
{
  if (!e)
    return fmt::format("{} not run", engine);
  std::string line = fmt::format(
      "{} {:.4g} ({} samples, {} failed{})", engine, e->yield, e->samples, e->failed,
      e->engine == spice::Engine::spice ? fmt::format(" of {} allowed", allowedFailures(spec.yield, e->samples)) : "");
  if (e->effectiveMseRatio)
    line += fmt::format(", p95 effective MSE {:.4g}× ideal", *e->effectiveMseRatio);
  return line;
}

} // namespace

std::string designSummary(const DesignOutcome& o, const SearchOptions& options)
{
  const Specification& spec = options.specification;
  const quant::LevelSet& set = o.design.levels;
  std::string text = fmt::format("{} ({}, {} bits) on {}: yield ≥ {} over {} columns", set.name, set.method, set.bits,
                                 o.technology.name, spec.yield, spec.columns);
  if (spec.maxEffectiveMseRatio)
    text += fmt::format(", p95 effective MSE ≤ {}× ideal", *spec.maxEffectiveMseRatio);
  text += o.met ? ": met\n" : fmt::format(": NOT met ({})\n", o.limit);
  text += fmt::format("  {}: {}\n", o.met ? "design" : "best reached", knobsLine(o.chosen, o.technology));
  text +=
      fmt::format("  yield: analytic {:.4g} (sized for {:.4g}); {}; {}\n", o.chosen.sized.yield, o.chosen.sizingTarget,
                  evidenceLine("behavioural", o.chosen.behavioural, spec), evidenceLine("SPICE", o.chosen.spice, spec));
  if (o.cheaper)
    text += fmt::format("  cheaper, failed: {}; {}, short of the yield by {:.3g}\n",
                        knobsLine(*o.cheaper, o.technology), evidenceLine("behavioural", o.cheaper->behavioural, spec),
                        spec.yield - o.cheaper->behavioural->yield);
  for (const auto& [knob, why] : o.reasons)
    text += fmt::format("  {}: {}\n", knob, why);
  return text;
}

} // namespace nladc::design
