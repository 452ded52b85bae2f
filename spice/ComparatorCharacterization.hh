#pragma once

#include "adc/Technology.hh"
#include "netlist/AnalogBlocks.hh"
#include "netlist/ComparatorTestbench.hh"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace nladc::spice {

struct CharacterizationOptions {
  uint64_t samples = 200;
  uint64_t seed = 1;
  int jobs = 1;
  double timeLimit = 60.0; // s, one Monte Carlo sample or one nominal measurement
  // V, where the decision time is measured (nominal devices)
  std::vector<double> overdrives = {0.1e-3, 0.3e-3, 1e-3, 3e-3, 10e-3, 30e-3, 100e-3};
};

struct OffsetSample {
  uint64_t index = 0;
  bool ok = false;
  double offset = 0.0; // V
  std::string reason;  // why it failed; empty when ok
};

// Over the samples that finished ok: their count, mean and standard
// deviation (n − 1; NaN below two).
uint64_t okCount(const std::vector<OffsetSample>& samples);
double offsetMean(const std::vector<OffsetSample>& samples);
double offsetSigma(const std::vector<OffsetSample>& samples);

// A nominal measurement: its value, or why there is none.
struct NominalValue {
  std::optional<double> value;
  std::string reason;
};

// What `nladc characterize comparator` measured (docs/comparator.md).
struct ComparatorCharacterization {
  std::string technology;
  netlist::TransistorSize input; // one device of the input pair
  netlist::ComparatorConditions conditions;
  double aVt = 0.0;   // V·m, Technology::comparatorAVt
  double aBeta = 0.0; // m, blocks.a_beta
  size_t transistors = 0;
  uint64_t seed = 0;
  uint64_t requested = 0;
  bool complete = true;                    // false: stopped on request; `samples` holds those finished
  double resolution = 0.0;                 // V, the bisection's final interval
  double trialWindow = 0.0;                // s, how long each bisection trial ran (ComparatorSimulation::trialWindow)
  double analyticSigma = 0.0;              // V, A_VT/√(W·L) of the input pair
  std::vector<OffsetSample> samples;       // finished, by index
  std::vector<double> overdrives;          // V
  std::vector<NominalValue> decisionTimes; // s, one per overdrive
  double energyOverdrive = 0.0;            // V
  int energyCycles = 0;
  NominalValue energyPerDecision; // J
  double monteCarloSeconds = 0.0; // wall time of the Monte Carlo

  uint64_t okCount() const;
  double offsetMean() const;  // V, over the samples that finished ok
  double offsetSigma() const; // V, their standard deviation (n − 1)
};

// The Monte Carlo of the comparator's offset with Pelgrom mismatch on every
// transistor, and its nominal decision times and energy, in worker
// processes (`jobs`): a failed sample is recorded with its reason and the
// run goes on; when `stopRequested` turns true the run ends, keeping the
// samples finished. InputError when the technology has no blocks section.
ComparatorCharacterization characterizeComparator(const adc::Technology& technology,
                                                  const CharacterizationOptions& options,
                                                  const std::function<void(uint64_t done, uint64_t total)>& progress,
                                                  const std::function<bool()>& stopRequested);

// What `nladc characterize front-end` measured (docs/comparator.md): the
// column front end's offset, referred to the column's input, with Pelgrom
// mismatch on every transistor of the front end and its StrongARM.
struct FrontEndCharacterization {
  std::string technology;
  netlist::FrontEndConditions conditions;
  netlist::FrontEndSizing sizing;
  netlist::TransistorSize comparatorInput; // one device of the StrongARM's input pair
  double aVt = 0.0;                        // V·m
  double aBeta = 0.0;                      // m
  size_t transistors = 0;
  uint64_t seed = 0;
  uint64_t requested = 0;
  bool complete = true;
  double resolution = 0.0;      // V
  double comparatorSigma = 0.0; // V, A_VT/√(W·L) of the StrongARM's input pair: what the design assumes
  double preampPairSigma = 0.0; // V, A_VT/√(W·L) of the preamplifier's pair
  std::vector<OffsetSample> samples;
  double monteCarloSeconds = 0.0;
};

// The Monte Carlo of the front end's offset at this coupling capacitance,
// in worker processes, as characterizeComparator's. InputError without the
// blocks section or unless coupling > 0.
FrontEndCharacterization characterizeFrontEnd(const adc::Technology& technology, double coupling,
                                              const CharacterizationOptions& options,
                                              const std::function<void(uint64_t done, uint64_t total)>& progress,
                                              const std::function<bool()>& stopRequested);

} // namespace nladc::spice
