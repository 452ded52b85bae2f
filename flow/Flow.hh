#pragma once

#include "adc/ReferenceColumnDesign.hh"
#include "flow/Histogram.hh"
#include "layout_est/AreaComparison.hh"
#include "quant/ActivationReader.hh"
#include "quant/Fitter.hh"
#include "quant/LevelSet.hh"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace nladc::flow {

// What `nladc flow` is asked to do (docs/flow.md).
struct FlowSettings {
  std::filesystem::path activations;
  std::optional<std::filesystem::path> heldOut; // metrics, effective error and matched bits on these
  quant::ReadOptions read;
  quant::FitRequest fit; // bits, seed, domain, BS-KMQ options; the flow fits every method
  std::filesystem::path technology;
  std::filesystem::path directory;
  int testColumns = 16;  // columns of the deck's testbench and of each Monte Carlo sample
  int areaColumns = 128; // N_col sharing the ramp in the area comparison (DESIGN.md §6's design point)
  uint64_t samples = 200;
  int jobs = 1;
  uint64_t seed = 1;                  // of the Monte Carlo draws
  double simulationTimeLimit = 300.0; // s, the nominal transient
  double sampleTimeLimit = 60.0;      // s, one Monte Carlo sample
  bool resume = false;                // continue the flow in `directory`
};

// How a caller follows and stops a run. `progress` reports the Monte Carlo
// stages ("mc conv1.relu bs-kmq", samples done of total); `stopRequested`
// is polled, and when it turns true the run ends as soon as it can and
// keeps what it finished.
struct FlowHooks {
  std::function<void(const std::string& stage, uint64_t done, uint64_t total)> progress;
  std::function<bool()> stopRequested;
};

struct MonteCarloRun {
  std::string method;
  nlohmann::json summary; // the run's summary.json
};

// Everything the flow found for one tensor.
struct TensorResult {
  std::string name;
  std::vector<quant::LevelSet> sets; // every method, in quant::allMethods() order
  size_t bsKmq = 0;                  // index into sets
  size_t bestBaseline = 0;           // the baseline of least MSE (not kmeans-optimal, the MSE floor)
  Histogram histogram;               // of the samples the metrics are on, over BS-KMQ's domain
  adc::ReferenceColumnDesign design; // BS-KMQ's reference column
  nlohmann::json simulation;         // its nominal transient, as `nladc sim` reports it
  std::vector<double> rampTime;      // s, the transient's ramp waveform
  std::vector<double> rampVolts;     // V
  int linearBits = 0;                // the MSE-matched linear SAR's
  layout_est::AreaComparison area;
  std::vector<MonteCarloRun> monteCarlo; // BS-KMQ's, then the best baseline's (when it could be designed)
  std::vector<std::string> notes;        // what could not be done, and why

  const quant::LevelSet& bsKmqSet() const { return sets[bsKmq]; }
  const quant::LevelSet& bestBaselineSet() const { return sets[bestBaseline]; }
  const MonteCarloRun* monteCarloOf(const std::string& method) const;
};

struct FlowResult {
  FlowSettings settings;
  std::string technology; // its name
  std::vector<TensorResult> tensors;
  bool complete = false; // false: stopped on request, before the Monte Carlo runs ended
};

// The whole job (docs/flow.md): fits every method to every tensor of the
// activations and writes the level file; designs BS-KMQ's reference column,
// writes its deck after the electrical rule checks, runs its nominal
// transient and its area comparison; runs a Monte Carlo sweep of BS-KMQ and
// of the best baseline; then writes the report, the summary and the plots.
// Every file is written atomically. InputError for bad input (before any
// simulation) and for a directory that holds something else; WorkError
// when the work fails. A stopped run returns with complete = false and
// leaves its Monte Carlo directories for `resume`.
FlowResult runFlow(const FlowSettings& settings, const FlowHooks& hooks);

} // namespace nladc::flow
