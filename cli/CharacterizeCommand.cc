#include "adc/TechnologyReader.hh"
#include "cli/Commands.hh"
#include "cli/StoppableRun.hh"
#include "netlist/AnalogBlocks.hh"
#include "netlist/ComparatorTestbench.hh"
#include "spice/ComparatorCharacterization.hh"
#include "spice/ComparatorReport.hh"
#include "util/AtomicFile.hh"
#include "util/CoreCount.hh"
#include "util/Error.hh"

#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <memory>

namespace nladc::cli {

namespace {

std::string millivolts(const nlohmann::json& value)
{
  return value.is_number() ? fmt::format("{:.4g} mV", value.get<double>() * 1e3) : "-";
}

void printReport(const nlohmann::json& r, const std::filesystem::path& file)
{
  fmt::print("comparator {}: input pair W/L = {:.4g}/{:.4g} um, {} of {} samples ({} failed), seed {}\n",
             r["technology"].get<std::string>(), r["input_pair"]["w_m"].get<double>() * 1e6,
             r["input_pair"]["l_m"].get<double>() * 1e6, r["samples"].get<uint64_t>(),
             r["samples_requested"].get<uint64_t>(), r["failed"].get<uint64_t>(), r["seed"].get<uint64_t>());
  fmt::print("offset: mean {}, sigma {} (analytic A_VT/sqrt(WL) {}), resolution {}\n", millivolts(r["offset_mean_V"]),
             millivolts(r["offset_sigma_V"]), millivolts(r["analytic_offset_sigma_V"]), millivolts(r["resolution_V"]));
  fmt::print("{:>14} {:>14}\n", "overdrive_mV", "decision_ps");
  for (const nlohmann::json& d : r["decision_time_s"])
    fmt::print("{:>14.4g} {:>14}\n", d["overdrive_V"].get<double>() * 1e3,
               d["time_s"].is_number() ? fmt::format("{:.4g}", d["time_s"].get<double>() * 1e12) : "-");
  const nlohmann::json& energy = r["energy_per_decision_J"];
  fmt::print("energy per decision: {} at {:.3g} mV overdrive\n",
             energy.is_number() ? fmt::format("{:.4g} fJ", energy.get<double>() * 1e15) : "-",
             r["energy"]["overdrive_V"].get<double>() * 1e3);
  fmt::print("wrote {}\n", file.string());
}

void printFrontEndReport(const nlohmann::json& r, const std::filesystem::path& file)
{
  fmt::print("front end {}: coupling {:.4g} fF, {} of {} samples ({} failed), seed {}\n",
             r["technology"].get<std::string>(), r["coupling_F"].get<double>() * 1e15, r["samples"].get<uint64_t>(),
             r["samples_requested"].get<uint64_t>(), r["failed"].get<uint64_t>(), r["seed"].get<uint64_t>());
  fmt::print("offset at the column input: mean {}, sigma {} (the StrongARM's analytic {}, the preamplifier pair's {}), "
             "resolution {}\n",
             millivolts(r["offset_mean_V"]), millivolts(r["offset_sigma_V"]),
             millivolts(r["comparator_offset_sigma_V"]), millivolts(r["preamp_pair_offset_sigma_V"]),
             millivolts(r["resolution_V"]));
  fmt::print("wrote {}\n", file.string());
}

struct CharacterizeOptions {
  std::string tech;
  uint64_t samples = 200;
  uint64_t seed = 1;
  int jobs = static_cast<int>(coreCount());
  double timeLimit = 60.0;
  std::string output = "nladc-characterize";
  double coupling = 0.0;
};

void addSharedOptions(CLI::App* command, CharacterizeOptions& o)
{
  command->add_option("--tech", o.tech, "Technology file (YAML) with a blocks section")->required();
  command->add_option("--samples", o.samples, "Monte Carlo samples")
      ->check(CLI::Range(uint64_t{2}, uint64_t{1'000'000}))
      ->capture_default_str();
  command->add_option("--seed", o.seed, "Seed; sample i draws from (seed, i)")->capture_default_str();
  command->add_option("--jobs", o.jobs, "Worker processes (default: all cores)")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  command->add_option("--time-limit", o.timeLimit, "Seconds one sample may simulate")
      ->check(CLI::Range(0.1, 86400.0))
      ->capture_default_str();
}

// OUTPUT/NAME, its directory made and the file writable, before any work.
std::filesystem::path outputFile(const std::string& directory, const char* name)
{
  const std::filesystem::path file = std::filesystem::path(directory) / name;
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error)
    throw InputError(fmt::format("{}: cannot create the directory: {}", directory, error.message()));
  requireWritablePath(file);
  return file;
}

spice::CharacterizationOptions characterizationOptions(const CharacterizeOptions& o)
{
  spice::CharacterizationOptions options;
  options.samples = o.samples;
  options.seed = o.seed;
  options.jobs = o.jobs;
  options.timeLimit = o.timeLimit;
  return options;
}

// A run stopped by a signal exits 128 + the signal, its report written.
void exitIfStopped(const std::filesystem::path& file, bool complete, int stoppedBy, size_t finished)
{
  if (!complete) {
    fmt::print(stderr, "nladc characterize: stopped by signal {}; {} keeps the {} samples finished\n", stoppedBy,
               file.string(), finished);
    std::exit(128 + stoppedBy);
  }
}

} // namespace

void addCharacterizeCommand(CLI::App& app)
{
  auto o = std::make_shared<CharacterizeOptions>();
  auto f = std::make_shared<CharacterizeOptions>();
  f->samples = 100;
  CLI::App* characterize = app.add_subcommand("characterize", "Characterise a transistor-level block in SPICE");
  characterize->require_subcommand(1);
  CLI::App* command = characterize->add_subcommand(
      "comparator", "Monte Carlo of the column comparator's offset (Pelgrom mismatch on every transistor), its "
                    "decision time and energy per decision");
  addSharedOptions(command, *o);
  command->add_option("-o,--output", o->output, "Directory for comparator.json")->capture_default_str();
  command->callback([o] {
    const adc::Technology technology = adc::readTechnology(o->tech);
    // Every input check before anything is written.
    netlist::comparatorConditions(technology);
    netlist::comparatorSizing(technology);
    const std::filesystem::path file = outputFile(o->output, "comparator.json");
    const spice::CharacterizationOptions options = characterizationOptions(*o);
    const auto [result, stoppedBy] = runStoppable("characterize", [&](const auto& progress, const auto& stop) {
      return spice::characterizeComparator(technology, options, progress, stop);
    });
    const nlohmann::json report = spice::comparatorReport(result);
    writeFileAtomically(file, report.dump(2) + "\n");
    printReport(report, file);
    exitIfStopped(file, result.complete, stoppedBy, result.samples.size());
  });

  CLI::App* frontEnd = characterize->add_subcommand(
      "front-end", "Monte Carlo of the column front end's offset at the column's input (preamplifier, auto-zero, "
                   "coupling capacitors and StrongARM, Pelgrom mismatch on every transistor)");
  addSharedOptions(frontEnd, *f);
  frontEnd
      ->add_option("--coupling", f->coupling,
                   "C_in and C_ramp in farads: the design's hold capacitance (nladc design reports it)")
      ->required();
  frontEnd->add_option("-o,--output", f->output, "Directory for front_end.json")->capture_default_str();
  frontEnd->callback([f] {
    if (!(f->coupling > 0.0 && std::isfinite(f->coupling)))
      throw InputError(fmt::format("--coupling {} is not a capacitance above 0 (farads)", f->coupling));
    const adc::Technology technology = adc::readTechnology(f->tech);
    netlist::frontEndConditions(technology, f->coupling);
    netlist::comparatorSizing(technology);
    const std::filesystem::path file = outputFile(f->output, "front_end.json");
    const spice::CharacterizationOptions options = characterizationOptions(*f);
    const auto [result, stoppedBy] = runStoppable("characterize", [&](const auto& progress, const auto& stop) {
      return spice::characterizeFrontEnd(technology, f->coupling, options, progress, stop);
    });
    const nlohmann::json report = spice::frontEndReport(result);
    writeFileAtomically(file, report.dump(2) + "\n");
    printFrontEndReport(report, file);
    exitIfStopped(file, result.complete, stoppedBy, result.samples.size());
  });
}

} // namespace nladc::cli
