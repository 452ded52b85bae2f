#include "flow/Flow.hh"

#include "adc/ColumnParameters.hh"
#include "adc/TechnologyReader.hh"
#include "design/DesignArtefacts.hh"
#include "flow/ArtefactLayout.hh"
#include "flow/FlowReport.hh"
#include "layout_est/AreaJson.hh"
#include "layout_est/MatchedLinearBits.hh"
#include "netlist/Erc.hh"
#include "netlist/ReferenceColumnNetlist.hh"
#include "netlist/SpiceWriter.hh"
#include "quant/EffectiveError.hh"
#include "quant/LevelFileWriter.hh"
#include "quant/SampleSetReader.hh"
#include "spice/MonteCarlo.hh"
#include "spice/NominalSimulation.hh"
#include "spice/RampSimulation.hh"
#include "util/AtomicFile.hh"
#include "util/Error.hh"
#include "util/Fingerprint.hh"

#include <fmt/format.h>
#include <fstream>

namespace nladc::flow {

namespace fs = std::filesystem;

namespace {

// The histogram of the report: fine enough to show a distribution's shape,
// coarse enough that each bin of 40,000 samples holds a count worth plotting.
constexpr size_t histogramBins = 120;

std::string absolutePath(const fs::path& path)
{
  return fs::absolute(path).lexically_normal().string();
}

std::string fileFingerprint(const fs::path& path)
{
  Fingerprint f;
  f.addFile(path.string());
  return f.hex();
}

nlohmann::json optionalJson(const std::optional<double>& v)
{
  return v ? nlohmann::json(*v) : nlohmann::json();
}

// What flow.json records: everything the results depend on, so --resume
// refuses a directory made from other inputs or settings.
nlohmann::json settingsRecord(const FlowSettings& s)
{
  const quant::FitOptions& fit = s.fit.fit;
  return {{"activations", absolutePath(s.activations)},
          {"activations_fingerprint", quant::dataFingerprint(s.activations.string())},
          {"eval", s.heldOut ? absolutePath(*s.heldOut) : ""},
          {"eval_fingerprint", s.heldOut ? quant::dataFingerprint(s.heldOut->string()) : ""},
          {"technology", absolutePath(s.technology)},
          {"technology_fingerprint", fileFingerprint(s.technology)},
          {"tensor", s.read.tensor.value_or("")},
          {"column", s.read.column.value_or(0)},
          {"drop_nonfinite", s.read.dropNonfinite},
          {"bits", fit.bits},
          {"fit_seed", fit.seed},
          {"boundary_eps", fit.bsKmq.boundaryEps},
          {"boundary_mass", fit.bsKmq.boundaryMass},
          {"suppression", quant::suppressionName(fit.bsKmq.suppression)},
          {"domain",
           {{"lo", optionalJson(s.fit.domain.lo)},
            {"hi", optionalJson(s.fit.domain.hi)},
            {"clip_percentile", optionalJson(s.fit.domain.clipPercentile)}}},
          {"test_columns", s.testColumns},
          {"yield", s.specification.yield},
          {"columns", s.specification.columns},
          {"max_effective_mse_ratio", optionalJson(s.specification.maxEffectiveMseRatio)},
          {"offset_cancellation", design::cancellationName(s.specification.cancellation)},
          {"explore_samples", s.exploreSamples},
          {"samples", s.samples},
          {"seed", s.seed},
          {"blocks", s.blocks ? nlohmann::json(adc::blockKindName(*s.blocks)) : nlohmann::json()}};
}

void writeSettings(const ArtefactLayout& layout, const nlohmann::json& settings, bool complete)
{
  const nlohmann::json document = {
      {"format", "nladc-flow"}, {"version", 1}, {"settings", settings}, {"complete", complete}};
  writeFileAtomically(layout.settings(), document.dump(2) + "\n");
}

// A new flow needs an empty or absent directory: it never writes over
// files it did not make. A resumed one needs the same settings.
void prepareDirectory(const ArtefactLayout& layout, const nlohmann::json& settings, bool resume)
{
  const fs::path& dir = layout.root;
  std::error_code error;
  if (resume) {
    std::ifstream stream(layout.settings());
    if (!stream)
      throw InputError(fmt::format("{}: no flow to resume (flow.json is missing)", dir.string()));
    nlohmann::json stored;
    try {
      stored = nlohmann::json::parse(stream).at("settings");
    } catch (const nlohmann::json::exception&) {
      throw InputError(fmt::format("{}: not a flow's settings", layout.settings().string()));
    }
    for (const auto& [key, value] : settings.items())
      if (stored.value(key, nlohmann::json()) != value)
        throw InputError(fmt::format("{}: the flow was made with other inputs or settings ('{}' differs); "
                                     "resume it with the same ones, or choose another -o",
                                     layout.settings().string(), key));
  } else if (fs::exists(dir, error) && !fs::is_empty(dir, error)) {
    if (fs::exists(layout.settings(), error))
      throw InputError(
          fmt::format("{}: holds a flow's results; continue it with --resume or choose another -o", dir.string()));
    throw InputError(fmt::format("{}: exists and is not empty; choose a new directory with -o", dir.string()));
  }
  for (const char* sub : ArtefactLayout::subdirectories) {
    fs::create_directories(dir / sub, error);
    if (error)
      throw InputError(fmt::format("{}: cannot create the directory: {}", (dir / sub).string(), error.message()));
  }
  writeSettings(layout, settings, false);
}

// The baseline (linear, cdf, lloyd-max, kmeans: the paper's) with the least
// MSE on the evaluated samples. kmeans-optimal is the MSE floor for K levels
// (DESIGN.md §3), a reference rather than a design a user would pick over
// BS-KMQ, so it is not a candidate.
size_t bestBaselineOf(const std::vector<quant::LevelSet>& sets, size_t bsKmq)
{
  std::optional<size_t> best;
  for (size_t i = 0; i < sets.size(); ++i) {
    if (i == bsKmq || quant::parseMethod(sets[i].method) == quant::Method::kmeansOptimal)
      continue;
    if (!best || sets[i].metrics.at("mse").get<double>() < sets[*best].metrics.at("mse").get<double>())
      best = i;
  }
  return *best;
}

} // namespace

const MonteCarloRun* TensorResult::monteCarloOf(const std::string& method) const
{
  for (const MonteCarloRun& run : monteCarlo)
    if (run.method == method)
      return &run;
  return nullptr;
}

FlowResult runFlow(const FlowSettings& settings, const FlowHooks& hooks)
{
  const ArtefactLayout layout{settings.directory};
  const auto stopRequested = [&hooks] { return hooks.stopRequested && hooks.stopRequested(); };

  // Every input is read and checked before anything is written.
  FlowResult flow{settings, {}, {}, false};
  const adc::Technology technology = adc::readTechnology(settings.technology);
  flow.technology = technology.name;
  const adc::ColumnParameters parameters = adc::columnParameters(technology);
  quant::FitRequest request = settings.fit;
  request.methods = quant::allMethods();
  std::vector<quant::SortedSamples> samples; // each tensor's, the samples its metrics are on
  std::vector<quant::LevelSet> allSets;
  std::vector<std::string> heldOut;
  if (settings.heldOut)
    heldOut.push_back(settings.heldOut->string());
  for (quant::FittedTensor& fitted :
       quant::fitActivations({settings.activations.string()}, heldOut, settings.read, settings.memoryBudget, request)) {
    allSets.insert(allSets.end(), fitted.sets.begin(), fitted.sets.end());
    TensorResult t;
    t.name = fitted.name;
    t.sets = std::move(fitted.sets);
    if (!fitted.resolution.exact())
      t.notes.push_back(quant::histogramNote(fitted.resolution));
    flow.tensors.push_back(std::move(t));
    samples.push_back(std::move(fitted.evaluationSamples));
  }
  const nlohmann::json record = settingsRecord(settings);
  if (!technology.design)
    throw InputError(fmt::format("{}: no design section: the flow designs every ADC to its specification and "
                                 "needs the bounds of the knobs (design.*, docs/technology.md)",
                                 technology.file.string()));
  design::validate(settings.specification);
  netlist::deckOptions(technology, settings.blocks); // transistor blocks need the blocks section
  prepareDirectory(layout, record, settings.resume);
  quant::writeLevelFile(layout.levels(), allSets);

  for (size_t k = 0; k < flow.tensors.size(); ++k) {
    TensorResult& t = flow.tensors[k];
    const std::string where = fmt::format("tensor '{}': ", t.name);
    for (size_t i = 0; i < t.sets.size(); ++i)
      if (t.sets[i].method == quant::methodName(quant::Method::bsKmq))
        t.bsKmq = i;
    t.bestBaseline = bestBaselineOf(t.sets, t.bsKmq);
    const quant::LevelSet& set = t.bsKmqSet();
    t.histogram = histogramOf(samples[k], set.domain.lo, set.domain.hi, histogramBins);
    try {
      t.design = adc::designReferenceColumn(set, parameters);
      t.linearBits = layout_est::linearBitsMatchingMse(set, samples[k]);
    } catch (const InputError& e) {
      throw InputError(where + e.what());
    }
  }

  // The long stages: BS-KMQ's ADC and the best baseline's, each designed to
  // the specification and confirmed in SPICE on the same data.
  const fs::path dataFile = settings.heldOut.value_or(settings.activations);
  for (size_t k = 0; k < flow.tensors.size(); ++k) {
    TensorResult& t = flow.tensors[k];
    for (const size_t index : {t.bsKmq, t.bestBaseline}) {
      const quant::LevelSet& set = t.sets[index];
      try {
        adc::designReferenceColumn(set, parameters);
      } catch (const InputError& e) {
        t.notes.push_back(
            fmt::format("{} could not be designed, so it has no design search: {}", set.method, e.what()));
        continue;
      }
      const quant::EffectiveError data(samples[k], set);
      design::SearchOptions options;
      options.specification = settings.specification;
      options.exploreSamples = settings.exploreSamples;
      options.confirmSamples = settings.samples;
      options.jobs = settings.jobs;
      options.seed = settings.seed;
      options.sampleTimeLimit = settings.sampleTimeLimit;
      options.blocks = settings.blocks;
      options.directory = layout.design(t.name, set.method);
      options.linearBits = layout_est::linearBitsMatchingMse(set, samples[k]);
      // A set that cannot meet the specification is refitted for the
      // circuit on the samples it was fitted on (not on held-out data).
      if (!settings.heldOut)
        options.refitSamples = &samples[k];
      // A resumed flow continues the searches it started and starts the others.
      options.resume = settings.resume && fs::exists(options.directory / "explore");
      design::prepareDesignDirectory(options.directory, options.resume);
      const design::DesignSources sources =
          design::sourcesOf(layout.levels().string(), set, technology.file, dataFile.string(), t.name);
      design::DesignOutcome outcome = design::designToSpecification(
          set, technology, &data, design::provenanceOf(sources), options, {hooks.progress, stopRequested});
      if (!outcome.complete)
        return flow;
      design::writeDesignArtefacts(outcome, technology, sources, options);
      t.monteCarlo.push_back({set.method, outcome.chosen.spice->summary});
      t.designs.push_back({set.method, std::move(outcome)});
    }
  }

  // BS-KMQ's designed ADC: its deck, nominal transient and areas.
  for (size_t k = 0; k < flow.tensors.size(); ++k) {
    TensorResult& t = flow.tensors[k];
    const std::string where = fmt::format("tensor '{}': ", t.name);
    const quant::LevelSet& set = t.bsKmqSet();
    // The fixed budget: every design with the technology file's comparators.
    const netlist::StepRule rule = netlist::StepRule::smallest;
    t.area = layout_est::compareAreas(t.design, technology, settings.specification.columns, t.linearBits, rule);
    nlohmann::ordered_json area = layout_est::areaJson(set, technology.name, rule, t.linearBits, t.area);
    const adc::Technology* designed = &technology;
    if (!t.designs.empty() && t.designs.front().method == set.method) {
      const design::DesignOutcome& outcome = t.designs.front().outcome;
      t.design = outcome.design;
      designed = &outcome.technology;
      t.isoYield = outcome.isoYield;
      layout_est::addIsoYieldJson(area, technology, settings.specification.yield, t.isoYield);
    }
    writeFileAtomically(layout.area(t.name), area.dump(2) + "\n");

    netlist::DeckOptions deck = netlist::deckOptions(*designed, settings.blocks, settings.specification.columns);
    deck.testColumns = settings.testColumns;
    const netlist::Circuit circuit = netlist::buildReferenceColumnDeck(t.design, deck);
    netlist::requireCleanGenerated(circuit, where + "the generated deck");
    netlist::writeSpiceFile(layout.deck(t.name), circuit);

    const std::optional<spice::NominalRun> transient =
        spice::simulateNominal(t.design, deck, settings.simulationTimeLimit, stopRequested);
    if (!transient)
      return flow;
    const quant::EffectiveError data(samples[k], t.design.levels);
    t.simulation = spice::nominalReport(t.design, deck, designed->name, *transient, &data);
    t.timing = netlist::conversionTiming(t.design, deck.blocks());
    t.rampTime = transient->result.vectors[spice::RampSimulation::time];
    t.rampVolts = transient->result.vectors[spice::RampSimulation::ramp];
    writeFileAtomically(layout.simulation(t.name), t.simulation.dump(2) + "\n");
    writeFileAtomically(layout.rampWaveform(t.name), spice::rampWaveformCsv(transient->result));
  }

  flow.complete = true;
  writeFlowReport(flow, layout);
  writeSettings(layout, record, true);
  return flow;
}

} // namespace nladc::flow
