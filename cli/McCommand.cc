#include "adc/Technology.hh"
#include "cli/Commands.hh"
#include "cli/DesignInputs.hh"
#include "cli/McInputs.hh"
#include "cli/SampleDistribution.hh"
#include "cli/StoppableRun.hh"
#include "design/CharacterizedComparator.hh"
#include "spice/MonteCarlo.hh"
#include "util/CoreCount.hh"
#include "util/Error.hh"

#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <memory>
#include <optional>

namespace nladc::cli {

namespace {

// The overrides of the technology file's variation section.
struct VariationFlags {
  std::optional<double> rramSigma;
  std::optional<double> rramSigmaAbs;
  std::optional<double> pStuckOff;
  std::optional<double> aVt;
  std::optional<double> gainSigma;
  std::optional<double> comparatorOffsetSigma;
  std::optional<double> vreadSpread;
  std::optional<bool> vreadTracking;
};

void addVariationFlags(CLI::App& command, VariationFlags& v)
{
  command.add_option("--rram-sigma", v.rramSigma, "Lognormal σ of the RRAM conductance, relative")
      ->check(CLI::Range(0.0, 1.0));
  command
      .add_option("--rram-sigma-abs", v.rramSigmaAbs,
                  "Absolute σ of the RRAM conductance (µS, as DESIGN.md §5); replaces --rram-sigma")
      ->check(CLI::Range(0.0, 1000.0));
  command.add_option("--p-stuck-off", v.pStuckOff, "Probability a cell is stuck at OFF")->check(CLI::Range(0.0, 0.999));
  command.add_option("--avt", v.aVt, "Pelgrom A_VT of the access transistors (V·m; 3.5e-9 = 3.5 mV·µm)")
      ->check(CLI::Range(0.0, 1e-6));
  command.add_option("--gain-sigma", v.gainSigma, "σ of each column's gain against the ramp, relative")
      ->check(CLI::Range(0.0, 1.0));
  command.add_option("--comparator-offset-sigma", v.comparatorOffsetSigma, "σ of each comparator's offset (V)")
      ->check(CLI::Range(0.0, 1.0));
  command.add_option("--vread-spread", v.vreadSpread, "Global Vread uniform in ±spread·nominal")
      ->check(CLI::Range(0.0, 0.99));
  command.add_option("--vread-tracking", v.vreadTracking, "The Vread draw scales the columns too (true|false)");
}

void applyVariationFlags(const VariationFlags& v, adc::Variation& d)
{
  d.rramSigmaRel = v.rramSigma.value_or(d.rramSigmaRel);
  if (v.rramSigmaAbs)
    d.rramSigmaAbs = *v.rramSigmaAbs * 1e-6; // µS → S
  d.pStuckOff = v.pStuckOff.value_or(d.pStuckOff);
  d.aVt = v.aVt.value_or(d.aVt);
  d.gainSigma = v.gainSigma.value_or(d.gainSigma);
  d.comparatorOffsetSigma = v.comparatorOffsetSigma.value_or(d.comparatorOffsetSigma);
  d.vreadSpread = v.vreadSpread.value_or(d.vreadSpread);
  d.vreadTracking = v.vreadTracking.value_or(d.vreadTracking);
}

std::string number(const nlohmann::json& value, const char* format = "{:.4g}")
{
  return value.is_number() ? fmt::format(fmt::runtime(format), value.get<double>()) : "-";
}

void printSummary(const nlohmann::json& s)
{
  const nlohmann::json& n = s["samples"];
  fmt::print("{} ({}, {} bits): {} of {} samples, {} ok, {} failed; yield {}\n",
             s["level_set"]["name"].get<std::string>(), s["level_set"]["method"].get<std::string>(),
             s["level_set"]["bits"].get<int>(), n["done"].get<uint64_t>(), n["requested"].get<uint64_t>(),
             n["ok"].get<uint64_t>(), n["failed"].get<uint64_t>(), number(s["yield"]));
  fmt::print("{:>4} {:>12} {:>12} {:>12} {:>12} {:>12}\n", "j", "target", "mean", "sigma", "sigma/step", "bias/step");
  for (const nlohmann::json& t : s["thresholds"])
    fmt::print("{:>4} {:>12.6g} {:>12.6g} {:>12.4g} {:>12.4f} {:>12.4f}\n", t["threshold"].get<int>(),
               t["target"].get<double>(), t["mean"].get<double>(), t["sigma"].get<double>(),
               t["sigma_over_step"].get<double>(), t["mean_error_over_step"].get<double>());
  if (s["max_abs_inl"].is_object())
    fmt::print("max |INL| per sample: mean {}, p95 {}; max |DNL|: mean {}, p95 {}\n", number(s["max_abs_inl"]["mean"]),
               number(s["max_abs_inl"]["p95"]), number(s["max_abs_dnl"]["mean"]), number(s["max_abs_dnl"]["p95"]));
  if (s.contains("effective_mse") && s["effective_mse"].is_object())
    fmt::print("effective MSE: mean {}, p50 {}, p95 {} (ideal {}); code errors: mean {}\n",
               number(s["effective_mse"]["mean"]), number(s["effective_mse"]["p50"]), number(s["effective_mse"]["p95"]),
               number(s["ideal_mse"]), number(s["code_error_rate"]["mean"]));
  for (const nlohmann::json& f : s["failures"])
    fmt::print("failed: {} × {} (first: sample {})\n", f["count"].get<uint64_t>(), f["reason"].get<std::string>(),
               f["first_index"].get<uint64_t>());
  if (n["aborted"].get<uint64_t>() > 0)
    fmt::print("{} of the failed samples were aborted (a worker died or hung, or --time-limit); --resume runs them "
               "again, up to {} attempts each\n",
               n["aborted"].get<uint64_t>(), spice::maxAttemptsPerSample);
}

} // namespace

void addMcCommand(CLI::App& app)
{
  struct Options {
    DesignFlags design;
    VariationFlags variation;
    uint64_t samples = 200;
    int jobs = static_cast<int>(coreCount());
    std::optional<uint64_t> seed;
    std::optional<std::string> data;
    std::optional<std::string> tensor;
    std::string output = "nladc-mc";
    bool resume = false;
    std::string engine = "spice";
    double timeLimit = 60.0;
    std::string format = "table";
    std::optional<std::string> comparator;
  };
  auto o = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand("mc", "Monte Carlo variation sweep of the reference-column NL-ADC");
  addDesignFlags(*command, o->design);
  command->add_option("--samples", o->samples, "Monte Carlo samples")
      ->check(CLI::Range(uint64_t{1}, uint64_t{10'000'000}))
      ->capture_default_str();
  command->add_option("--jobs", o->jobs, "Worker processes (default: all cores)")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  command->add_option("--seed", o->seed, "Seed; sample i draws from (seed, i) (default: 1, or the design's)");
  command->add_option("--data", o->data, "Activations for the code-error rate and effective MSE");
  command->add_option("--tensor", o->tensor, "The --data tensor (.npz)");
  command->add_option("-o,--output", o->output, "Run directory")->capture_default_str();
  command->add_flag("--resume", o->resume, "Continue the run in -o DIR without redoing finished samples");
  command->add_option("--engine", o->engine, "spice (ngspice) or behavioural")
      ->check(CLI::IsMember({"spice", "behavioural"}))
      ->capture_default_str();
  command->add_option("--time-limit", o->timeLimit, "Seconds one sample may simulate")
      ->check(CLI::Range(0.1, 86400.0))
      ->capture_default_str();
  command->add_option("--format", o->format, "Summary on stdout: table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  addVariationFlags(*command, o->variation);
  command
      ->add_option("--comparator", o->comparator,
                   "A comparator.json of `nladc characterize comparator` for this technology: draw each column's "
                   "comparator offset from its sigma and mean")
      ->excludes("--comparator-offset-sigma");

  command->callback([o] {
    // Under mpirun or srun every rank runs this callback (docs/distributed.md).
    SampleDistribution distribution;
    if (o->comparator && o->design.design)
      throw InputError("--comparator: a design's comparators are sized by nladc design (its --comparator); give "
                       "LEVELS and --tech to draw from a characterisation");
    const std::unique_ptr<McInputs> in = loadMcInputs(o->design, o->data, o->tensor, [o](adc::Technology& t) {
      if (o->comparator)
        t = design::withCharacterizedOffset(t, adc::readComparatorReport(*o->comparator));
      applyVariationFlags(o->variation, t.variation);
    });
    spice::MonteCarloOptions options;
    options.samples = o->samples;
    options.jobs = o->jobs;
    options.seed = o->seed.value_or(in->design.seed.value_or(1));
    options.engine = o->engine == "spice" ? spice::Engine::spice : spice::Engine::behavioural;
    options.testColumns = in->design.deck.testColumns;
    options.timeLimit = o->timeLimit;
    options.directory = o->output;
    options.resume = o->resume;

    const auto [outcome, stoppedBy] = runStoppable("mc", [&](const auto& progress, const auto& stop) {
      return distribution.run(in->run, options, progress, stop);
    });
    if (!distribution.coordinates()) {
      if (stoppedBy != 0)
        std::exit(128 + stoppedBy);
      return;
    }
    if (!outcome.complete && stoppedBy == 0)
      throw WorkError(
          fmt::format("another rank stopped; {} keeps every finished sample; continue with --resume", o->output));
    if (o->format == "json")
      std::cout << outcome.summary.dump(2) << "\n";
    else
      printSummary(outcome.summary);
    if (!outcome.complete) {
      fmt::print(stderr, "nladc mc: stopped by signal {}; {} keeps every finished sample; continue with --resume\n",
                 stoppedBy, o->output);
      std::exit(128 + stoppedBy);
    }
  });
}

} // namespace nladc::cli
