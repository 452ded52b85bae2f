#pragma once

#include "adc/ReferenceColumnDesign.hh"
#include "netlist/ReferenceColumnNetlist.hh"
#include "quant/EffectiveError.hh"
#include "spice/SampleResult.hh"

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace nladc::spice {

// The nominal transient of `nladc sim` (docs/spice.md): the full deck, test
// columns included, once, with the design's own devices.

// Runs it in a worker process, so a simulator crash or hang costs the run,
// not nladc; the result keeps the waveform (RampSimulation::time, ramp).
// WorkError when the simulation fails; nullopt when `stopRequested` turned
// true before it finished.
std::optional<SampleResult> simulateNominal(const adc::ReferenceColumnDesign& design, const netlist::DeckOptions& deck,
                                            double timeLimit, const std::function<bool()>& stopRequested);

// The result as the "nladc-sim" JSON: each threshold realised against its
// target and the behavioural model (INL, DNL in level space), V_0,
// monotonicity, each test column's code against the behavioural model's,
// and with `data` the effective MSE and code-error rate.
nlohmann::json nominalReport(const adc::ReferenceColumnDesign& design, const netlist::DeckOptions& deck,
                             const std::string& technologyName, const SampleResult& result,
                             const quant::EffectiveError* data);

// The ramp waveform as CSV: "time_s,ramp_V" and one line per time point.
std::string rampWaveformCsv(const SampleResult& result);

} // namespace nladc::spice
