#include "cli/Commands.hh"
#include "cli/DesignInputs.hh"
#include "cli/ProgressBar.hh"
#include "cli/StopSignal.hh"
#include "design/CharacterizedComparator.hh"
#include "design/DesignArtefacts.hh"
#include "design/DesignFile.hh"
#include "design/DesignSearch.hh"
#include "util/CoreCount.hh"
#include "util/Error.hh"

#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <memory>
#include <optional>

namespace nladc::cli {

namespace fs = std::filesystem;

void addDesignCommand(CLI::App& app)
{
  struct Options {
    DesignFlags design;
    double yield = 0.99;
    int columns = 128;
    std::optional<double> maxMseRatio;
    std::optional<std::string> data;
    std::optional<std::string> tensor;
    std::string cancellation = "auto";
    uint64_t samples = 200;
    uint64_t exploreSamples = 2000;
    int jobs = static_cast<int>(coreCount());
    uint64_t seed = 1;
    std::string output = "nladc-design";
    bool resume = false;
    bool keepLevels = false;
    std::optional<std::string> comparator;
  };
  auto o = std::make_shared<Options>();
  CLI::App* command =
      app.add_subcommand("design", "The smallest reference-column NL-ADC that meets a yield, confirmed in SPICE");
  command->add_option("LEVELS", o->design.levels, "Level file")->required();
  command->add_option("--tech", o->design.tech, "Technology file (YAML) with a design section")->required();
  command->add_option("--set", o->design.set, "The level set's name, when the file holds several");
  command->add_option("--method", o->design.method, "The level set's method, when the file holds several");
  // Range checks are the library's (design::validate), so a bad value is
  // one line naming the field and exit 2, with nothing written.
  command->add_option("--yield", o->yield, "Yield of the whole ADC, every column, in (0, 1)")->capture_default_str();
  command->add_option("--columns", o->columns, "Columns of the macro, each held to the yield")->capture_default_str();
  command->add_option("--max-effective-mse-ratio", o->maxMseRatio,
                      "Also: p95 effective MSE on --data at most this times the ideal MSE");
  command->add_option("--data", o->data, "Activations for the effective MSE");
  command->add_option("--tensor", o->tensor, "The --data tensor (.npz)");
  command->add_option("--offset-cancellation", o->cancellation, "Auto-zero the comparators: auto, on or off")
      ->capture_default_str();
  command->add_option("--samples", o->samples, "SPICE Monte Carlo samples that confirm the design")
      ->check(CLI::Range(uint64_t{1}, uint64_t{10'000'000}))
      ->capture_default_str();
  command->add_option("--explore-samples", o->exploreSamples, "Behavioural Monte Carlo samples per candidate")
      ->check(CLI::Range(uint64_t{1}, uint64_t{10'000'000}))
      ->capture_default_str();
  command->add_option("--jobs", o->jobs, "Worker processes (default: all cores)")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  command->add_option("--seed", o->seed, "Seed of the Monte Carlo draws")->capture_default_str();
  command->add_option("-o,--output", o->output, "Directory to write the design into (new or empty)")
      ->capture_default_str();
  command->add_flag("--resume", o->resume, "Continue a stopped design in -o DIR with the same arguments");
  command->add_option("--comparator", o->comparator,
                      "A comparator.json of `nladc characterize comparator` for this technology: size with its "
                      "characterised offset sigma instead of the analytic Pelgrom value");
  addBlocksFlag(*command, o->design.blocks);
  command->add_flag("--keep-levels", o->keepLevels,
                    "Never refit the level set for the circuit (with --data, a set that cannot meet the "
                    "specification is refitted by default)");

  command->callback([o] {
    design::SearchOptions options;
    options.specification = {o->yield, o->columns, o->maxMseRatio, design::parseCancellation(o->cancellation)};
    if (o->maxMseRatio && !o->data)
      throw InputError("--max-effective-mse-ratio needs --data, the activations to measure the effective MSE on");
    if (o->tensor && !o->data)
      throw InputError("--tensor names a tensor of --data, which is not given");
    options.exploreSamples = o->exploreSamples;
    options.confirmSamples = o->samples;
    options.jobs = o->jobs;
    options.seed = o->seed;
    options.directory = o->output;
    options.resume = o->resume;
    options.blocks = o->design.blocks;

    // Every input is read and checked before anything is written.
    const DesignInputs in = loadDesign(o->design);
    std::optional<quant::SortedSamples> samples;
    std::unique_ptr<quant::EffectiveError> data;
    if (o->data) {
      samples = readSamplesFor(*o->data, o->tensor, in.set);
      data = std::make_unique<quant::EffectiveError>(*samples, in.set);
      if (!o->keepLevels)
        options.refitSamples = &*samples;
    }
    const design::DesignSources sources =
        design::sourcesOf(in.levelsFile, in.set, in.technology.file, o->data, o->tensor);
    design::checkSearchInputs(in.technology, data.get(), options);
    const adc::Technology technology =
        o->comparator ? design::withCharacterizedComparator(in.technology, adc::readComparatorReport(*o->comparator),
                                                            options.comparatorSigma)
                      : in.technology;
    design::prepareDesignDirectory(options.directory, options.resume);

    StagedProgress progress;
    const StopSignal stop;
    design::SearchHooks hooks;
    hooks.progress = [&progress](const std::string& stage, uint64_t done, uint64_t total) {
      progress.update(stage, done, total);
    };
    hooks.stopRequested = [&stop] { return stop.requested(); };
    const design::DesignOutcome outcome =
        design::designToSpecification(in.set, technology, data.get(), design::provenanceOf(sources), options, hooks);
    progress.finish();
    if (!outcome.complete) {
      fmt::print(stderr,
                 "nladc design: stopped by signal {}; {} keeps every finished Monte Carlo run; continue with the "
                 "same arguments and --resume\n",
                 stop.signal(), o->output);
      std::exit(128 + stop.signal());
    }
    design::writeDesignArtefacts(outcome, technology, sources, options);
    fmt::print("{}", design::designSummary(outcome, options));
    if (!outcome.met) {
      fmt::print(stderr, "nladc design: specification not met: {}; best yield {:.4g} (behavioural, {} samples)\n",
                 outcome.limit, outcome.chosen.behavioural->yield, outcome.chosen.behavioural->samples);
      std::exit(1);
    }
  });
}

} // namespace nladc::cli
