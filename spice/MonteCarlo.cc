#include "spice/MonteCarlo.hh"

#include "quant/SampleSetReader.hh"

#include "adc/ConversionMeasurement.hh"
#include "spice/IntegratorCharacterization.hh"
#include "spice/MonteCarloSummary.hh"
#include "spice/RampSimulation.hh"
#include "spice/RealisedThresholds.hh"
#include "spice/SampleTable.hh"
#include "util/AtomicFile.hh"
#include "util/Error.hh"
#include "util/Fingerprint.hh"

#include <fmt/format.h>
#include <fstream>

namespace nladc::spice {

namespace {

const char* engineName(Engine engine)
{
  return engine == Engine::spice ? "spice" : "behavioural";
}

nlohmann::json runRecord(const MonteCarloInputs& in, const MonteCarloOptions& o, const std::string& fingerprint)
{
  const adc::VariationModel& v = in.variation;
  return {{"format", "nladc-mc-run"},
          {"version", 1},
          {"inputs", in.provenance},
          {"design_fingerprint", fingerprint},
          {"samples", o.samples},
          {"seed", o.seed},
          {"engine", engineName(o.engine)},
          {"test_columns", o.testColumns},
          {"variation",
           {{"rram_sigma_rel", v.rramSigmaRel},
            {"rram_sigma_abs_S", v.rramSigmaAbs},
            {"p_stuck_off", v.pStuckOff},
            {"vth_sigma_V", v.vthSigma},
            {"gain_sigma", v.gainSigma},
            {"comparator_offset_mean_V", v.comparatorOffsetMean},
            {"comparator_offset_sigma_V", v.comparatorOffsetSigma},
            {"vread_spread", v.vreadSpread},
            {"vread_tracking", v.vreadTracking}}}};
}

// Prepares the directory; returns the rows a resumed run keeps (all but
// the aborted ones it tries again).
std::vector<SampleRow> prepareDirectory(const MonteCarloInputs& in, const MonteCarloOptions& o,
                                        const std::string& fingerprint, std::optional<SampleTable>& table)
{
  const std::filesystem::path& dir = o.directory;
  const std::filesystem::path runFile = dir / "run.json";
  const std::filesystem::path samplesFile = dir / "samples.csv";
  const nlohmann::json record = runRecord(in, o, fingerprint);
  const size_t slots = in.design.levels.levelCount();
  std::vector<SampleRow> rows;
  if (o.resume) {
    std::ifstream stream(runFile);
    if (!stream)
      throw InputError(fmt::format("{}: no run to resume (run.json is missing)", dir.string()));
    nlohmann::json stored;
    try {
      stored = nlohmann::json::parse(stream);
    } catch (const nlohmann::json::exception&) {
      throw InputError(fmt::format("{}: not valid JSON", runFile.string()));
    }
    for (const auto& [key, value] : record.items())
      if (stored.value(key, nlohmann::json()) != value)
        throw InputError(fmt::format("{}: the run was made with other settings ('{}' differs); "
                                     "resume it with the same ones",
                                     runFile.string(), key));
    table.emplace(SampleTable::resume(samplesFile, slots, in.data != nullptr, rows));
    for (const SampleRow& row : rows)
      if (row.index >= o.samples)
        throw InputError(fmt::format("{}: sample {} is out of range", samplesFile.string(), row.index));
    // Aborted samples run again; their new rows will supersede these.
    std::erase_if(rows, [](const SampleRow& row) { return row.aborted && row.attempts < maxAttemptsPerSample; });
    return rows;
  }
  // A run that never finished a sample (stopped between its files) holds
  // nothing to lose; any finished sample makes the directory a run.
  std::ifstream existing(samplesFile);
  std::string header, firstRow;
  if (std::getline(existing, header) && std::getline(existing, firstRow))
    throw InputError(fmt::format("{}: already holds a Monte Carlo run; continue it with --resume or choose another -o",
                                 dir.string()));
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error)
    throw InputError(fmt::format("{}: cannot create the directory: {}", dir.string(), error.message()));
  writeFileAtomically(runFile, record.dump(2) + "\n");
  table.emplace(SampleTable::create(samplesFile, slots, in.data != nullptr));
  return rows;
}

std::string absolutePath(const std::filesystem::path& path)
{
  return std::filesystem::absolute(path).lexically_normal().string();
}

netlist::DeckOptions rampDeckOptions(const MonteCarloInputs& in, const MonteCarloOptions& o)
{
  if (o.testColumns < 1)
    throw InputError("--columns: a Monte Carlo run needs at least one column");
  netlist::DeckOptions rampDeck = in.deck;
  rampDeck.testColumns = 0;
  rampDeck.mismatchSources = true;
  return rampDeck;
}

} // namespace

std::string designFingerprint(const MonteCarloInputs& in, const RampSimulation& simulation, Engine engine)
{
  Fingerprint f;
  for (const std::string& line : simulation.deck())
    f.add(line);
  f.addFile(in.deck.modelFile.string());
  const quant::LevelSet& set = in.design.levels;
  for (const double v : set.levels)
    f.add(v);
  for (const double v : set.thresholds)
    f.add(v);
  f.add(set.domain.lo);
  f.add(set.domain.hi);
  const adc::ColumnParameters& p = in.design.parameters;
  f.add(p.fullScale);
  // The behavioural model's integrator as the caller gives it (measured
  // numbers of a transistor deck are taken after this, from the deck).
  // In the order, and for an ideal integrator with the values, that runs
  // recorded before the bandwidth became a table and the delay was added,
  // so those runs still resume.
  f.add(p.opampGain);
  if (p.opampBandwidth.empty())
    f.add(0.0);
  for (const std::vector<double>* table : {&p.opampBandwidth, &p.opampDelay, &p.opampRestingInput})
    if (!table->empty()) {
      f.add(static_cast<double>(table->size()));
      for (const double v : *table)
        f.add(v);
    }
  // The behavioural engine measures a transistor deck's integrator after
  // this and models it; its runs whose model took the .ac sweep do not
  // resume into this one.
  if (engine == Engine::behavioural && in.deck.transistor)
    f.add("integrator modelled by its step response");
  f.add(p.opampOffset);
  f.add(p.resetLevel);
  return f.hex();
}

MonteCarloSampler::MonteCarloSampler(const MonteCarloInputs& in, const MonteCarloOptions& o)
    : design_(in.design), variation_(in.variation), testColumns_(o.testColumns), seed_(o.seed), jobs_(o.jobs),
      timeLimit_(o.timeLimit), simulation_(in.design, rampDeckOptions(in, o))
{
}

RunnerFactory MonteCarloSampler::runnerFactory() const
{
  // Copies, not references: the factory runs in a worker process, and a
  // helper rank's sampler may be gone before its pool is.
  auto devicesOf = [design = design_, variation = variation_, columns = testColumns_, seed = seed_](uint64_t index) {
    return adc::drawSample(design, variation, columns, seed, index).devices;
  };
  return simulation_.runner(devicesOf, timeLimit_, false);
}

PoolOptions MonteCarloSampler::poolOptions() const
{
  return PoolOptions{jobs_, watchdogFor(timeLimit_)};
}

nlohmann::json provenanceOf(const RunSources& s)
{
  return {{"levels", absolutePath(s.levels)},
          {"set", s.set},
          {"method", s.method},
          {"technology", absolutePath(s.technology)},
          {"offset_V", s.offset},
          {"data", s.data ? absolutePath(*s.data) : ""},
          {"data_fingerprint", s.data ? quant::dataFingerprint(s.data->string()) : ""},
          {"tensor", s.tensor.value_or("")}};
}

MonteCarloOutcome runMonteCarlo(const MonteCarloInputs& given, const MonteCarloOptions& o,
                                const std::function<void(uint64_t, uint64_t)>& progress,
                                const std::function<bool()>& stopRequested)
{
  // Built before anything is written, so a path or name the deck cannot
  // hold stops the run here.
  const MonteCarloSampler sampler(given, o);

  std::optional<SampleTable> table;
  std::vector<SampleRow> rows =
      prepareDirectory(given, o, designFingerprint(given, sampler.simulation(), o.engine), table);

  // The behavioural engine stands for a transistor integrator with the
  // numbers measured on it (docs/blocks.md). They follow from the deck,
  // which the fingerprint holds, so they are measured after the directory
  // is checked and are not part of it.
  MonteCarloInputs in = given;
  if (o.engine == Engine::behavioural && in.deck.transistor)
    in.design.parameters =
        withIntegrator(in.design.parameters, characterizeIntegrator(in.design, in.deck, o.timeLimit));
  const adc::ReferenceColumnDesign& design = in.design;

  std::vector<bool> done(o.samples, false);
  for (const SampleRow& row : rows)
    done[row.index] = true;
  std::vector<uint64_t> pending;
  for (uint64_t i = 0; i < o.samples; ++i)
    if (!done[i])
      pending.push_back(i);

  const std::vector<double> testInputs = netlist::testInputVolts(design, o.testColumns);
  auto sampleOf = [&](uint64_t index) { return adc::drawSample(design, in.variation, o.testColumns, o.seed, index); };
  // An ok row's columns and measurement: a resumed row's from its ramp in
  // samples.csv and its redrawn columns, exactly as when it first ran.
  auto measure = [&](SampleRow& row, std::vector<adc::ColumnVariation> columns) {
    row.columns = std::move(columns);
    row.measurement = adc::measureConversion(design, row.ramp, row.columns, testInputs, in.data);
  };
  for (SampleRow& row : rows)
    if (row.ok)
      measure(row, sampleOf(row.index).columns);
  // Records a finished sample; `columns` are its draws (redrawn when the
  // sample ran in a worker).
  auto record = [&](uint64_t index, bool ok, bool aborted, std::string reason, std::vector<double> ramp,
                    std::vector<adc::ColumnVariation> columns) {
    // The reason as samples.csv keeps it, so a resumed run summarises the same.
    SampleRow row{index, ok, aborted, storedReason(reason), std::move(ramp), {}, {}};
    if (ok)
      measure(row, std::move(columns));
    table->append(row);
    rows.push_back(std::move(row));
    progress(rows.size(), o.samples);
  };
  progress(rows.size(), o.samples);

  bool complete = true;
  if (o.engine == Engine::behavioural) {
    for (const uint64_t index : pending) {
      if (stopRequested()) {
        complete = false;
        break;
      }
      const adc::VariationSample sample = sampleOf(index);
      record(index, true, false, "", adc::rampLevels(design.parameters, sample.devices), sample.columns);
    }
  } else {
    LocalExecutor local;
    SampleExecutor& executor = o.executor ? *o.executor : local;
    complete = executor.run(
        sampler.runnerFactory(), sampler.poolOptions(), pending,
        [&](const SampleResult& result) {
          // A result from another machine is checked like any input: one
          // this run did not ask for, or asks again, must not reach the table.
          if (result.index >= o.samples || done[result.index])
            throw WorkError(fmt::format("sample {} was reported twice or was never asked for", result.index));
          if (result.ok && (result.vectors.size() <= RampSimulation::rampLevels ||
                            result.vectors[RampSimulation::rampLevels].size() != design.levels.levelCount()))
            throw WorkError(fmt::format("sample {} came back without its ramp", result.index));
          done[result.index] = true;
          record(result.index, result.ok, result.aborted, result.reason,
                 result.ok ? result.vectors[RampSimulation::rampLevels] : std::vector<double>{},
                 result.ok ? sampleOf(result.index).columns : std::vector<adc::ColumnVariation>{});
        },
        stopRequested);
  }

  SummaryInputs summaryInputs{&design, o.seed, o.testColumns, o.samples, in.data};
  MonteCarloOutcome outcome{complete, summarise(summaryInputs, rows, complete)};
  writeFileAtomically(o.directory / "summary.json", outcome.summary.dump(2) + "\n");
  writeRealisedThresholds(o.directory / "thresholds.npy", design, rows, o.samples, o.testColumns);
  return outcome;
}

} // namespace nladc::spice
