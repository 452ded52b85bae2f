#include "adc/BehaviouralModel.hh"
#include "adc/ConversionMeasurement.hh"
#include "cli/Commands.hh"
#include "cli/DesignInputs.hh"
#include "spice/RampSimulation.hh"
#include "spice/WorkerPool.hh"
#include "util/AtomicFile.hh"
#include "util/Error.hh"

#include <fmt/format.h>
#include <iostream>
#include <memory>
#include <optional>

namespace nladc::cli {

namespace {

// Runs the full deck once, in a worker process (a simulator crash or hang
// costs the run, not nladc), and returns its result.
spice::SampleResult simulate(const DesignInputs& in, double timeLimit)
{
  const spice::RampSimulation simulation(in.design, in.deck);
  const adc::ColumnDevices nominal = adc::nominalDevices(in.design);
  spice::WorkerPool pool(simulation.runner([nominal](uint64_t) { return nominal; }, timeLimit, true),
                         spice::PoolOptions{1, timeLimit + 30.0});
  spice::SampleResult result;
  pool.run(
      {0}, [&result](const spice::SampleResult& r) { result = r; }, [] { return false; });
  if (!result.ok)
    throw WorkError(fmt::format("ngspice: {}", result.reason));
  return result;
}

nlohmann::json simReport(const DesignInputs& in, const spice::SampleResult& result, const quant::EffectiveError* data)
{
  const adc::ReferenceColumnDesign& design = in.design;
  const quant::LevelSet& set = in.set;
  const std::vector<double>& ramp = result.vectors[spice::RampSimulation::rampLevels];
  const std::vector<double> realised = adc::columnThresholds(design, ramp, adc::ColumnVariation{});
  const std::vector<double> inl = adc::integralNonlinearity(set, realised);
  const std::vector<double> dnl = adc::differentialNonlinearity(set, realised);
  const std::vector<double> behavioural = adc::rampLevels(design.parameters, adc::nominalDevices(design));
  const std::vector<double> inputs = netlist::testInputVolts(design, in.deck.testColumns);

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
    const int code = static_cast<int>(result.vectors[spice::RampSimulation::holdCodes][c]);
    const int expected = adc::columnCode(behavioural, adc::ColumnVariation{}, inputs[c]);
    codesMatch = codesMatch && code == expected;
    columns.push_back({{"column", c}, {"input_V", inputs[c]}, {"code", code}, {"behavioural_code", expected}});
  }
  nlohmann::json report = {{"format", "nladc-sim"},
                           {"version", 1},
                           {"level_set", {{"name", set.name}, {"method", set.method}, {"bits", set.bits}}},
                           {"technology", in.technology.name},
                           {"offset_V", ramp.front()},
                           {"thresholds", thresholds},
                           {"max_abs_inl", nominal.maxAbsInl},
                           {"max_abs_dnl", nominal.maxAbsDnl},
                           {"monotonic", nominal.monotonic},
                           {"columns", columns},
                           {"codes_match_behavioural", codesMatch}};
  if (data)
    report["data"] = {{"samples", data->sampleCount()},
                      {"ideal_mse", data->idealMse()},
                      {"effective_mse", data->mse(realised)},
                      {"code_error_rate", data->codeErrorRate(realised)}};
  return report;
}

void printReport(const nlohmann::json& r)
{
  fmt::print("{} ({}, {} bits) on {}: V_0 = {:.4g} V, {}, test-column codes {} the behavioural model's\n",
             r["level_set"]["name"].get<std::string>(), r["level_set"]["method"].get<std::string>(),
             r["level_set"]["bits"].get<int>(), r["technology"].get<std::string>(), r["offset_V"].get<double>(),
             r["monotonic"].get<bool>() ? "monotonic" : "NOT monotonic",
             r["codes_match_behavioural"].get<bool>() ? "equal" : "DIFFER FROM");
  fmt::print("{:>4} {:>12} {:>12} {:>12} {:>10} {:>10}\n", "j", "target", "realised", "realised_V", "INL", "DNL");
  for (const nlohmann::json& t : r["thresholds"])
    fmt::print("{:>4} {:>12.6g} {:>12.6g} {:>12.6g} {:>10.3g} {:>10.3g}\n", t["threshold"].get<int>(),
               t["target"].get<double>(), t["realised"].get<double>(), t["realised_V"].get<double>(),
               t["inl"].get<double>(), t["dnl"].get<double>());
  fmt::print("columns (code / behavioural):");
  for (const nlohmann::json& c : r["columns"])
    fmt::print(" {}/{}", c["code"].get<int>(), c["behavioural_code"].get<int>());
  fmt::print("\n");
  if (r.contains("data"))
    fmt::print("on {} activations: effective MSE {:.6g} (ideal {:.6g}), code errors {:.4g} %\n",
               r["data"]["samples"].get<uint64_t>(), r["data"]["effective_mse"].get<double>(),
               r["data"]["ideal_mse"].get<double>(), 100.0 * r["data"]["code_error_rate"].get<double>());
}

std::string waveformCsv(const spice::SampleResult& result)
{
  const std::vector<double>& time = result.vectors[spice::RampSimulation::time];
  const std::vector<double>& ramp = result.vectors[spice::RampSimulation::ramp];
  std::string csv = "time_s,ramp_V\n";
  for (size_t i = 0; i < time.size(); ++i)
    csv += fmt::format("{:.9g},{:.9g}\n", time[i], ramp[i]);
  return csv;
}

} // namespace

void addSimCommand(CLI::App& app)
{
  struct Options {
    DesignFlags design;
    std::optional<std::string> data;
    std::optional<std::string> tensor;
    std::string format = "table";
    std::optional<std::string> output;
    std::optional<std::string> waveform;
    double timeLimit = 300.0;
  };
  auto o = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand("sim", "Transient verification of the reference-column NL-ADC in ngspice");
  addDesignFlags(*command, o->design);
  command->add_option("--data", o->data, "Activations for the code-error rate and effective MSE");
  command->add_option("--tensor", o->tensor, "The --data tensor (.npz)");
  command->add_option("--format", o->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  command->add_option("-o,--output", o->output, "Write the result (JSON) here");
  command->add_option("--waveform", o->waveform, "Write the ramp waveform (CSV) here");
  command->add_option("--time-limit", o->timeLimit, "Seconds the transient may take")
      ->check(CLI::Range(0.1, 86400.0))
      ->capture_default_str();
  command->callback([o] {
    const DesignInputs in = loadDesign(o->design);
    checkedDeck(in);
    for (const std::optional<std::string>& output : {o->output, o->waveform})
      if (output)
        requireWritablePath(*output);
    const std::unique_ptr<quant::EffectiveError> data = readDataFor(o->data, o->tensor, in.set);
    const spice::SampleResult result = simulate(in, o->timeLimit);
    const nlohmann::json report = simReport(in, result, data.get());
    if (o->output)
      writeFileAtomically(*o->output, report.dump(2) + "\n");
    if (o->waveform)
      writeFileAtomically(*o->waveform, waveformCsv(result));
    if (o->format == "json")
      std::cout << report.dump(2) << "\n";
    else
      printReport(report);
  });
}

} // namespace nladc::cli
