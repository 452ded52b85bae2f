#pragma once

#include "adc/ReferenceColumnDesign.hh"
#include "adc/Technology.hh"
#include "design/CharacterizedComparator.hh"
#include "design/Specification.hh"
#include "layout_est/IsoYield.hh"
#include "netlist/ThresholdGrid.hh"
#include "quant/EffectiveError.hh"
#include "quant/LevelSet.hh"
#include "spice/MonteCarlo.hh"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace nladc::design {

// How the search runs (DESIGN.md §8): an analytic sizing, a behavioural
// Monte Carlo of `exploreSamples` to check it, a SPICE Monte Carlo of
// `confirmSamples` to confirm the chosen point.
struct SearchOptions {
  Specification specification;
  uint64_t exploreSamples = 2000;
  uint64_t confirmSamples = 200;
  int jobs = 1;
  uint64_t seed = 1;
  double sampleTimeLimit = 60.0; // s, one SPICE sample
  // Each Monte Carlo run is a directory of it: explore/NN-ENGINE, and the
  // chosen design's confirmation is renamed to mc/.
  std::filesystem::path directory;
  bool resume = false; // continue the runs a stopped search left
  netlist::StepRule rule = netlist::StepRule::smallest;
  // The activations the levels were fitted on: when given, a level set that
  // cannot meet the specification is refitted for the circuit
  // (variation-aware at the technology's jitter) and the search tried again.
  const quant::SortedSamples* refitSamples = nullptr;
  // What the comparator's σ is sized from (design.json records it).
  ComparatorSigmaSource comparatorSigma;
  // The blocks the SPICE confirmations simulate (default: the technology's
  // blocks.default). With transistor blocks the behavioural checks stand
  // for the op-amp with its measured numbers (docs/blocks.md).
  std::optional<adc::BlockKind> blocks;
  // The MSE-matched linear SAR's bits, for the baselines held to the same
  // specification (layout_est/MatchedLinearBits.hh; 0: from the set's metrics).
  int linearBits = 0;
};

struct SearchHooks {
  std::function<void(const std::string& stage, uint64_t done, uint64_t total)> progress;
  std::function<bool()> stopRequested;
};

// What a Monte Carlo run of a candidate found against the specification.
struct MonteCarloEvidence {
  spice::Engine engine = spice::Engine::behavioural;
  uint64_t samples = 0;
  uint64_t failed = 0; // samples that missed the yield criterion, simulation failures included
  double yield = 0.0;  // 1 − failed/samples
  // With data: the p95 effective MSE over the ideal MSE of the level set as
  // given (a refitted set is held to the user's set's accuracy).
  std::optional<double> effectiveMseRatio;
  std::filesystem::path directory;
  nlohmann::json summary;
};

// One sizing the search looked at.
struct Candidate {
  layout_est::IsoYieldDesign sized; // the sizing, its analytic yield and its area
  double sizingTarget = 0.0;        // the yield the analytic sizing aimed for
  std::optional<MonteCarloEvidence> behavioural;
  std::optional<MonteCarloEvidence> spice;
};

struct DesignOutcome {
  bool complete = true; // false: stopped on request; the runs so far are kept
  bool met = false;
  // When not met: the bound that stopped the search (a technology key) and
  // why, in one line.
  std::string limit;
  Candidate chosen; // the design that meets it, or the best reached
  // When the level set was refitted: why and how (empty otherwise), and the
  // level file in the design's directory that holds the set designed.
  std::string refit;
  std::optional<std::filesystem::path> levelFile;
  std::optional<Candidate> cheaper;                    // a cheaper sizing that fails the specification
  std::vector<Candidate> explored;                     // every candidate, in the order tried
  adc::Technology technology;                          // the chosen sizing applied (layout_est::sizedTechnology)
  adc::BlockKind blocks = adc::BlockKind::behavioural; // what its SPICE runs and its deck hold
  adc::ReferenceColumnDesign design;
  std::vector<std::pair<std::string, std::string>> reasons; // each chosen value and why
  // Every design of the area comparison held to the same specification:
  // the baselines sized analytically (layout_est::sizeAllToYield), the
  // in-memory NL-ADC as this search chose and confirmed it.
  std::vector<layout_est::IsoYieldDesign> isoYield;
};

// The seed of the SPICE confirmations: draws of their own, never those the
// behavioural checks of the search were judged on (which use `seed`).
uint64_t confirmationSeed(uint64_t seed);

// InputError when the search cannot start: a bad specification, a
// technology without a design section (or without the blocks section
// transistor blocks need), an effective-MSE part without data.
// Callers check before they write anything.
void checkSearchInputs(const adc::Technology& technology, const quant::EffectiveError* data,
                       const SearchOptions& options);

// The smallest in-memory NL-ADC of `set` on `technology` that meets the
// specification: an analytic sizing (layout_est::sizeInMemoryToYield) for
// a yield with margin (confirmableYield), the behavioural engine to check
// it, the SPICE engine to confirm it; a check that fails tightens the
// sizing's yield target and tries again. `data` (with the sorted samples
// of the user's activations; null without) is needed for the effective-MSE
// part. `provenance` is what each run.json records of the input files.
// checkSearchInputs first.
DesignOutcome designToSpecification(const quant::LevelSet& set, const adc::Technology& technology,
                                    const quant::EffectiveError* data, const nlohmann::json& provenance,
                                    const SearchOptions& options, const SearchHooks& hooks);

} // namespace nladc::design
