#pragma once

#include "adc/ReferenceColumnDesign.hh"
#include "netlist/ReferenceColumnNetlist.hh"
#include "quant/EffectiveError.hh"
#include "spice/IntegratorCharacterization.hh"
#include "spice/SampleResult.hh"

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace nladc::spice {

// The nominal transient of `nladc sim` (docs/spice.md): the full deck, test
// columns included, once, with the design's own devices.

// The transient, and with transistor blocks the integrator measured on its
// own testbenches, which the behavioural model then stands in for.
struct NominalRun {
  SampleResult result; // keeps the waveform (RampSimulation::time, ramp)
  std::optional<IntegratorCharacterization> integrator;
};

// Runs it in worker processes, so a simulator crash or hang costs the run,
// not nladc. WorkError when a simulation fails; nullopt when
// `stopRequested` turned true before it finished.
std::optional<NominalRun> simulateNominal(const adc::ReferenceColumnDesign& design, const netlist::DeckOptions& deck,
                                          double timeLimit, const std::function<bool()>& stopRequested);

// The result as the "nladc-sim" JSON: the blocks, each threshold realised
// against its target and the behavioural model (INL, DNL in level space;
// for transistor blocks the model holds the measured integrator), V_0,
// monotonicity, each test column's code against the behavioural model's,
// and with `data` the effective MSE and code-error rate.
nlohmann::json nominalReport(const adc::ReferenceColumnDesign& design, const netlist::DeckOptions& deck,
                             const std::string& technologyName, const NominalRun& run,
                             const quant::EffectiveError* data);

// The ramp waveform as CSV: "time_s,ramp_V" and one line per time point.
std::string rampWaveformCsv(const SampleResult& result);

} // namespace nladc::spice
