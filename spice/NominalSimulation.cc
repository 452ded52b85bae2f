#include "spice/NominalSimulation.hh"

#include "adc/BehaviouralModel.hh"
#include "adc/ConversionMeasurement.hh"
#include "spice/RampSimulation.hh"
#include "spice/WorkerPool.hh"
#include "util/Error.hh"

#include <fmt/format.h>

namespace nladc::spice {

namespace {

// The supplies' energy over the transient, and per column with the ramp's
// supplies shared by the columns one ramp serves (deck.rampColumns),
// by block: the reference column draws from the source line, its
// word-line drivers and the common mode, the integrator from the op-amp's
// supply. The column blocks are behavioural in every deck (null).
nlohmann::json supplyEnergyReport(const SampleResult& result, const netlist::DeckOptions& deck,
                                  const netlist::ConversionTiming& timing)
{
  const std::vector<double>& e = result.vectors[RampSimulation::supplyEnergy];
  nlohmann::json supplies = {{"integrator_supply", e[RampSimulation::integratorSupply]},
                             {"word_line_drivers", e[RampSimulation::wordLineDrivers]},
                             {"source_line", e[RampSimulation::sourceLine]},
                             {"common_mode", e[RampSimulation::commonMode]}};
  // The ramp's supplies are shared by the columns it serves; the test
  // columns' are theirs, shared by the test columns.
  const double perColumn = 1.0 / deck.rampColumns;
  const double referenceColumn =
      e[RampSimulation::sourceLine] + e[RampSimulation::wordLineDrivers] + e[RampSimulation::commonMode];
  nlohmann::json blocks = {{"reference_column", referenceColumn * perColumn},
                           {"integrator", e[RampSimulation::integratorSupply] * perColumn},
                           {"comparators", nullptr},
                           {"latches", nullptr},
                           {"counter", nullptr}};
  double perConversion = (referenceColumn + e[RampSimulation::integratorSupply]) * perColumn;
  const bool columns = deck.transistorColumns && deck.testColumns > 0;
  if (columns) {
    supplies["column_comparators"] = e[RampSimulation::columnComparators];
    supplies["column_drivers"] = e[RampSimulation::columnDrivers];
    supplies["column_bias"] = e[RampSimulation::columnBias];
    supplies["column_latches"] = e[RampSimulation::columnLatches];
    supplies["counter_bit_lines"] = e[RampSimulation::counterBitLines];
    const double perTestColumn = 1.0 / deck.testColumns;
    const double comparators =
        (e[RampSimulation::columnComparators] + e[RampSimulation::columnDrivers]) * perTestColumn +
        e[RampSimulation::columnBias] * perColumn;
    blocks["comparators"] = comparators;
    blocks["latches"] = e[RampSimulation::columnLatches] * perTestColumn;
    blocks["counter"] = e[RampSimulation::counterBitLines] * perTestColumn;
    perConversion +=
        comparators + (e[RampSimulation::columnLatches] + e[RampSimulation::counterBitLines]) * perTestColumn;
  }
  return {{"window_s", timing.stopTime()},
          {"shared_by_columns", deck.rampColumns},
          {"supplies_J", supplies},
          {"per_conversion_J", perConversion},
          {"blocks", blocks},
          {"simulated", columns ? "the integrator's op-amp, the word-line drivers and the reference supplies "
                                  "(shared by the ramp's columns); each test column's front end and StrongARM with "
                                  "their clock, switch drivers, common mode and input, and its code register; the "
                                  "front ends' bias (shared by the ramp's columns); the counter's bit lines into the "
                                  "registers (the counter itself is an ideal source)"
                        : deck.transistor
                            ? "the integrator's op-amp, the word-line drivers and the reference supplies; "
                              "the comparators, latches and counter are behavioural in this deck"
                            : "the word-line drivers and the reference supplies; the integrator, "
                              "comparators, latches and counter are behavioural in this deck"}};
}

} // namespace

std::optional<NominalRun> simulateNominal(const adc::ReferenceColumnDesign& design, const netlist::DeckOptions& deck,
                                          double timeLimit, const std::function<bool()>& stopRequested)
{
  NominalRun run;
  if (deck.transistor)
    run.integrator = characterizeIntegrator(design, deck, timeLimit);
  const RampSimulation simulation(design, deck);
  const adc::ColumnDevices nominal = adc::nominalDevices(design);
  WorkerPool pool(simulation.runner([nominal](uint64_t) { return nominal; }, timeLimit, true),
                  PoolOptions{1, watchdogFor(timeLimit)});
  SampleResult result;
  if (!pool.run(
          {0}, [&result](const SampleResult& r) { result = r; }, stopRequested))
    return std::nullopt;
  if (!result.ok)
    throw WorkError(fmt::format("ngspice: {}", result.reason));
  run.result = std::move(result);
  return run;
}

nlohmann::json nominalReport(const adc::ReferenceColumnDesign& design, const netlist::DeckOptions& deck,
                             const std::string& technologyName, const NominalRun& run,
                             const quant::EffectiveError* data)
{
  const SampleResult& result = run.result;
  const quant::LevelSet& set = design.levels;
  const std::vector<double>& ramp = result.vectors[RampSimulation::rampLevels];
  const std::vector<double> realised = adc::columnThresholds(design, ramp, adc::ColumnVariation{});
  const std::vector<double> inl = adc::integralNonlinearity(set, realised);
  const std::vector<double> dnl = adc::differentialNonlinearity(set, realised);
  const std::vector<double> behavioural =
      adc::rampLevels(run.integrator ? withIntegrator(design.parameters, *run.integrator) : design.parameters,
                      adc::nominalDevices(design));
  const std::vector<double> inputs = netlist::testInputVolts(design, deck.testColumns);

  // The nominal circuit: one ideal column reading the simulated ramp.
  const adc::ColumnVariation ideal;
  const adc::ConversionMeasurement nominal = adc::measureConversion(design, ramp, std::span(&ideal, 1), {}, nullptr);
  nlohmann::json thresholds = nlohmann::json::array();
  for (size_t j = 0; j < realised.size(); ++j) {
    thresholds.push_back({{"threshold", j + 1},
                          {"target", set.thresholds[j]},
                          {"realised", realised[j]},
                          {"realised_V", ramp[j + 1]},
                          {"behavioural_V", behavioural[j + 1]},
                          {"inl", inl[j]},
                          {"dnl", dnl[j]}});
  }
  nlohmann::json columns = nlohmann::json::array();
  bool codesMatch = true;
  for (size_t c = 0; c < inputs.size(); ++c) {
    const int code = static_cast<int>(result.vectors[RampSimulation::holdCodes][c]);
    const int expected = adc::columnCode(behavioural, adc::ColumnVariation{}, inputs[c]);
    codesMatch = codesMatch && code == expected;
    columns.push_back({{"column", c}, {"input_V", inputs[c]}, {"code", code}, {"behavioural_code", expected}});
  }
  nlohmann::json report = {{"format", "nladc-sim"},
                           {"version", 1},
                           {"level_set", {{"name", set.name}, {"method", set.method}, {"bits", set.bits}}},
                           {"technology", technologyName},
                           {"blocks", adc::blockKindName(deck.blocks())},
                           {"offset_V", ramp.front()},
                           {"thresholds", thresholds},
                           {"max_abs_inl", nominal.maxAbsInl},
                           {"max_abs_dnl", nominal.maxAbsDnl},
                           {"monotonic", nominal.monotonic},
                           {"columns", columns},
                           {"codes_match_behavioural", codesMatch}};
  if (run.integrator)
    report["integrator"] = toJson(*run.integrator);
  report["energy"] = supplyEnergyReport(result, deck, netlist::conversionTiming(design, deck.blocks()));
  if (data)
    report["data"] = {{"samples", data->sampleCount()},
                      {"ideal_mse", data->idealMse()},
                      {"effective_mse", data->mse(realised)},
                      {"code_error_rate", data->codeErrorRate(realised)}};
  return report;
}

std::string rampWaveformCsv(const SampleResult& result)
{
  const std::vector<double>& time = result.vectors[RampSimulation::time];
  const std::vector<double>& ramp = result.vectors[RampSimulation::ramp];
  std::string csv = "time_s,ramp_V\n";
  for (size_t i = 0; i < time.size(); ++i)
    csv += fmt::format("{:.9g},{:.9g}\n", time[i], ramp[i]);
  return csv;
}

} // namespace nladc::spice
