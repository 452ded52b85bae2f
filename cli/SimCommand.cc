#include "cli/Commands.hh"
#include "cli/DesignInputs.hh"
#include "spice/NominalSimulation.hh"
#include "util/AtomicFile.hh"

#include <algorithm>
#include <fmt/format.h>
#include <iostream>
#include <memory>
#include <optional>

namespace nladc::cli {

namespace {

// The test columns `sim` simulates in a transistor deck unless --columns
// asks for more: each adds about 3 s to a 3-bit transient at 65 nm
// (docs/blocks.md), so a design's 128 would take minutes.
constexpr int transistorTestColumns = 16;

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
    DesignInputs in = loadDesign(o->design);
    if (in.deck.transistorColumns && !o->design.columns)
      in.deck.testColumns = std::min(in.deck.testColumns, transistorTestColumns);
    checkedDeck(in);
    for (const std::optional<std::string>& output : {o->output, o->waveform})
      if (output)
        requireWritablePath(*output);
    const std::unique_ptr<quant::EffectiveError> data = readDataFor(o->data, o->tensor, in.set);
    // Nothing stops it but the time limit, so there is always a result.
    const spice::NominalRun run = *spice::simulateNominal(in.design, in.deck, o->timeLimit, [] { return false; });
    const nlohmann::json report = spice::nominalReport(in.design, in.deck, in.technology.name, run, data.get());
    if (o->output)
      writeFileAtomically(*o->output, report.dump(2) + "\n");
    if (o->waveform)
      writeFileAtomically(*o->waveform, spice::rampWaveformCsv(run.result));
    if (o->format == "json")
      std::cout << report.dump(2) << "\n";
    else
      printReport(report);
  });
}

} // namespace nladc::cli
