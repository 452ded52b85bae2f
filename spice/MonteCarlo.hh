#pragma once

#include "adc/ReferenceColumnDesign.hh"
#include "adc/VariationModel.hh"
#include "netlist/ReferenceColumnNetlist.hh"
#include "quant/EffectiveError.hh"
#include "spice/RampSimulation.hh"
#include "spice/SampleExecutor.hh"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace nladc::spice {

enum class Engine {
  spice,       // ngspice through libngspice, in worker processes
  behavioural, // adc/BehaviouralModel, in this process
};

struct MonteCarloOptions {
  uint64_t samples = 200;
  int jobs = 1;
  uint64_t seed = 1;
  Engine engine = Engine::spice;
  int testColumns = 16;
  double timeLimit = 60.0; // s, per sample (ngspice)
  std::filesystem::path directory;
  bool resume = false;
  // Who simulates the SPICE samples; null: this machine's worker pool.
  SampleExecutor* executor = nullptr;
};

struct MonteCarloInputs {
  adc::ReferenceColumnDesign design;
  netlist::DeckOptions deck; // its testColumns and mismatchSources are the run's to set
  adc::VariationModel variation;
  const quant::EffectiveError* data = nullptr;
  // What run.json records of where the inputs came from (files), so that
  // --resume refuses a directory made from other inputs.
  nlohmann::json provenance;
};

// The files a run is made from, as run.json records them (MonteCarloInputs::
// provenance): absolute paths, and the data file's fingerprint, so --resume
// refuses a directory made from another level file, technology or data.
struct RunSources {
  std::filesystem::path levels;
  std::string set;
  std::string method;
  std::filesystem::path technology;
  double offset = 0.0; // V, the ramp offset asked of the calibration cells
  std::optional<std::filesystem::path> data;
  std::optional<std::string> tensor;
};

nlohmann::json provenanceOf(const RunSources& sources);

// What simulates a run's SPICE samples: the ramp deck — the full deck
// without its test columns, with a mismatch source at every gate — and
// the runner that alters it to each sample's draws. Built from the inputs
// alone, so every rank of a distributed run builds the same one. The
// constructor runs the deck's checks: a path or name the deck cannot hold
// is an InputError before anything is written.
class MonteCarloSampler {
public:
  MonteCarloSampler(const MonteCarloInputs& inputs, const MonteCarloOptions& options);

  const RampSimulation& simulation() const { return simulation_; }
  RunnerFactory runnerFactory() const;
  PoolOptions poolOptions() const;

private:
  adc::ReferenceColumnDesign design_;
  adc::VariationModel variation_;
  int testColumns_;
  uint64_t seed_;
  int jobs_;
  double timeLimit_;
  RampSimulation simulation_;
};

// What a run's samples are a function of besides its settings: the deck
// (every device value, the timing, the options), the model file's contents,
// the level set and, for `engine`, the behavioural model's integrator.
// --resume and the ranks of a distributed run compare it, so an input that
// changed under them is noticed.
std::string designFingerprint(const MonteCarloInputs& inputs, const RampSimulation& simulation, Engine engine);

// How many times --resume tries a sample that keeps being aborted (whose
// draws, say, make ngspice crawl past every time limit) before its aborted
// line is final, so resuming until nothing is aborted ends.
constexpr unsigned maxAttemptsPerSample = 3;

struct MonteCarloOutcome {
  bool complete = false; // false: stopped by a request (Ctrl-C); --resume continues
  nlohmann::json summary;
};

// A Monte Carlo run into a directory (DESIGN.md §5):
//   run.json     the settings; --resume checks them against its own
//   samples.csv  one line per finished attempt at a sample, appended as it
//                finishes
//   summary.json the summary (MonteCarloSummary.hh), written atomically at
//                the end, and on a stop with "complete": false
// `progress(done, total)` follows the samples; `stopRequested` is polled,
// and when it turns true the run ends at once, losing only samples in
// flight. --resume runs the samples samples.csv lacks, and again those it
// records aborted (up to maxAttemptsPerSample in all). The behavioural
// engine on a transistor deck first measures the integrator (one `.ac`
// and six `.tran`, IntegratorCharacterization.hh), once the directory is
// checked, and models it with those numbers. InputError for a directory
// that holds another run.
MonteCarloOutcome runMonteCarlo(const MonteCarloInputs& inputs, const MonteCarloOptions& options,
                                const std::function<void(uint64_t done, uint64_t total)>& progress,
                                const std::function<bool()>& stopRequested);

} // namespace nladc::spice
