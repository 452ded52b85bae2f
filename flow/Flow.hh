#pragma once

#include "adc/ReferenceColumnDesign.hh"
#include "design/DesignSearch.hh"
#include "design/Specification.hh"
#include "flow/Histogram.hh"
#include "layout_est/AreaComparison.hh"
#include "netlist/ReferenceColumnNetlist.hh"
#include "quant/ActivationReader.hh"
#include "quant/Fitter.hh"
#include "quant/LevelSet.hh"
#include "quant/SampleCounter.hh"

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
  uint64_t memoryBudget = quant::defaultMemoryBudget(); // of each tensor's sample counters
  quant::FitRequest fit; // bits, seed, domain, BS-KMQ options; the flow fits every method
  std::filesystem::path technology;
  std::filesystem::path directory;
  int testColumns = 16; // columns of the deck's testbench
  // What every designed ADC must meet: its yield over the macro's columns
  // (which are also the area comparison's N_col, DESIGN.md §6's 128).
  design::Specification specification;
  uint64_t exploreSamples = 2000; // behavioural Monte Carlo samples per candidate of a design search
  uint64_t samples = 200;         // SPICE Monte Carlo samples that confirm each design
  int jobs = 1;
  uint64_t seed = 1;                    // of the Monte Carlo draws
  double simulationTimeLimit = 300.0;   // s, the nominal transient
  double sampleTimeLimit = 60.0;        // s, one Monte Carlo sample
  bool resume = false;                  // continue the flow in `directory`
  std::optional<adc::BlockKind> blocks; // of the decks and SPICE runs (default: the technology's)
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

// A level set's ADC designed to the specification (nladc design).
struct DesignedAdc {
  std::string method;
  design::DesignOutcome outcome;
};

// Everything the flow found for one tensor.
struct TensorResult {
  std::string name;
  std::vector<quant::LevelSet> sets;                // every method, in quant::allMethods() order
  size_t bsKmq = 0;                                 // index into sets
  size_t bestBaseline = 0;                          // the baseline of least MSE (not kmeans-optimal, the MSE floor)
  Histogram histogram;                              // of the samples the metrics are on, over BS-KMQ's domain
  adc::ReferenceColumnDesign design;                // BS-KMQ's reference column, as designed to the specification
  std::vector<DesignedAdc> designs;                 // BS-KMQ's, then the best baseline's (when it could be designed)
  nlohmann::json simulation;                        // its nominal transient, as `nladc sim` reports it
  netlist::ConversionTiming timing;                 // of the transient's deck
  std::vector<double> rampTime;                     // s, the transient's ramp waveform
  std::vector<double> rampVolts;                    // V, from the deck's ramp reference
  int linearBits = 0;                               // the MSE-matched linear SAR's
  layout_est::AreaComparison area;                  // at the technology file's comparator budget (the fixed budget)
  std::vector<layout_est::IsoYieldDesign> isoYield; // every design held to the specification
  std::vector<MonteCarloRun> monteCarlo;            // each design's confirmation, as `designs`
  std::vector<std::string> notes;                   // what could not be done, and why

  const quant::LevelSet& bsKmqSet() const { return sets[bsKmq]; }
  const quant::LevelSet& bestBaselineSet() const { return sets[bestBaseline]; }
  const MonteCarloRun* monteCarloOf(const std::string& method) const;
};

struct FlowResult {
  FlowSettings settings;
  std::string technology; // its name
  std::vector<TensorResult> tensors;
  bool complete = false; // false: stopped on request, before the design searches ended
};

// The whole job (docs/flow.md): fits every method to every tensor of the
// activations and writes the level file; designs the ADCs of BS-KMQ and of
// the best baseline to the specification (nladc design: a search confirmed
// by a SPICE Monte Carlo); writes BS-KMQ's deck after the electrical rule
// checks, runs its nominal transient and its area comparisons, at the fixed
// budget and at equal yield; then writes the report, the summary and the plots.
// Every file is written atomically. InputError for bad input (before any
// simulation) and for a directory that holds something else; WorkError
// when the work fails. A stopped run returns with complete = false and
// leaves its Monte Carlo directories for `resume`.
FlowResult runFlow(const FlowSettings& settings, const FlowHooks& hooks);

} // namespace nladc::flow
