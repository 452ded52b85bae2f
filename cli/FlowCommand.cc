#include "cli/Commands.hh"
#include "cli/DesignInputs.hh"
#include "cli/FitFlags.hh"
#include "cli/ProgressBar.hh"
#include "cli/StopSignal.hh"
#include "flow/ArtefactLayout.hh"
#include "flow/Flow.hh"
#include "util/CoreCount.hh"
#include "util/Error.hh"

#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

namespace nladc::cli {

namespace {

namespace fs = std::filesystem;

// The examples directory of the source tree nladc was built from, or the
// one NLADC_EXAMPLES_DIR names (an installed or moved nladc).
fs::path bundledExamples()
{
  const char* overridden = std::getenv("NLADC_EXAMPLES_DIR");
  return overridden && *overridden ? fs::path(overridden) : fs::path(NLADC_BUNDLED_EXAMPLES_DIR);
}

fs::path bundled(const fs::path& relative)
{
  const fs::path path = bundledExamples() / relative;
  std::error_code error;
  if (!fs::is_regular_file(path, error))
    throw InputError(fmt::format("{}: the bundled example is not there; set NLADC_EXAMPLES_DIR to nladc's "
                                 "examples directory, or give ACTS and --tech",
                                 path.string()));
  return path;
}

} // namespace

void addFlowCommand(CLI::App& app)
{
  struct Options {
    FitFlags fit;
    std::string tech;
    std::string output = "flow-out";
    uint64_t samples = 200;
    uint64_t exploreSamples = 2000;
    double yield = 0.99;
    int columns = 128;
    int jobs = static_cast<int>(coreCount());
    bool resume = false;
    std::optional<adc::BlockKind> blocks;
  };
  auto o = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand(
      "flow", "The whole job: levels, deck, transient, Monte Carlo and area, in a report (bundled example by default)");
  o->fit.addTo(*command);
  // The bundled activations stand in for ACTS, and 3 bits is the paper's design point.
  command->get_option("ACTS")->required(false)->description(
      "Activations: .npy, .npz, .csv/.txt or .f32, or a quoted glob of them, one data set (default: the "
      "bundled examples/activations.npz)");
  command->get_option("--bits")->required(false)->capture_default_str();
  command->get_option("--seed")->description("Seed of k-means and of the Monte Carlo draws");
  command->get_option("--eval")->description(
      "Held-out activations: the metrics, the effective error and the matched SAR's bits are computed on them");
  command->add_option("--tech", o->tech,
                      "Technology file (YAML; default: the bundled examples/tech/generic-65nm.yaml)");
  command->add_option("-o,--output", o->output, "Directory to write everything into (new or empty)")
      ->capture_default_str();
  command->add_option("--yield", o->yield, "Yield every designed ADC must meet over --columns, in (0, 1)")
      ->capture_default_str();
  command->add_option("--columns", o->columns, "Columns of the macro, each held to the yield; the area's N_col")
      ->capture_default_str();
  command->add_option("--samples", o->samples, "SPICE Monte Carlo samples that confirm each of the two designs")
      ->check(CLI::Range(uint64_t{1}, uint64_t{10'000'000}))
      ->capture_default_str();
  command->add_option("--explore-samples", o->exploreSamples, "Behavioural Monte Carlo samples per design candidate")
      ->check(CLI::Range(uint64_t{1}, uint64_t{10'000'000}))
      ->capture_default_str();
  command->add_option("--jobs", o->jobs, "Worker processes (default: all cores)")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  addBlocksFlag(*command, o->blocks);
  command->add_flag("--resume", o->resume, "Continue a stopped flow in -o DIR with the same arguments");

  command->callback([o] {
    flow::FlowSettings settings;
    if (o->fit.acts.size() > 1)
      throw InputError("flow takes one ACTS: a file, or a quoted glob such as 'acts/batch*.npy'");
    settings.activations = o->fit.acts.empty() ? bundled("activations.npz") : fs::path(o->fit.acts.front());
    settings.technology = o->tech.empty() ? bundled("tech/generic-65nm.yaml") : fs::path(o->tech);
    FitFlags fit = o->fit;
    fit.acts = {settings.activations.string()};
    if (fit.eval)
      settings.heldOut = *fit.eval;
    settings.read = fit.readOptions();
    settings.memoryBudget = fit.memoryBudgetOrDefault();
    settings.fit = fit.request(quant::allMethods());
    settings.directory = o->output;
    settings.specification.yield = o->yield;
    settings.specification.columns = o->columns;
    settings.exploreSamples = o->exploreSamples;
    settings.samples = o->samples;
    settings.jobs = o->jobs;
    settings.seed = fit.seed;
    settings.resume = o->resume;
    settings.blocks = o->blocks;

    StagedProgress progress;
    const StopSignal stop;
    flow::FlowHooks hooks;
    hooks.progress = [&progress](const std::string& stage, uint64_t done, uint64_t total) {
      progress.update(stage, done, total);
    };
    hooks.stopRequested = [&stop] { return stop.requested(); };
    const flow::FlowResult result = flow::runFlow(settings, hooks);
    progress.finish();
    if (!result.complete) {
      fmt::print(stderr,
                 "nladc flow: stopped by signal {}; {} keeps every finished result; continue with the same "
                 "arguments and --resume\n",
                 stop.signal(), o->output);
      std::exit(128 + stop.signal());
    }
    const flow::ArtefactLayout layout{settings.directory};
    std::ifstream summary(layout.summary());
    std::cout << summary.rdbuf() << "\nreport: " << layout.report().string() << "\n";
  });
}

} // namespace nladc::cli
