#pragma once

#include "adc/ColumnParameters.hh"
#include "adc/ReferenceColumnDesign.hh"
#include "netlist/ReferenceColumnNetlist.hh"

#include <nlohmann/json.hpp>

namespace nladc::spice {

// The transistor integrator of a deck measured on its own testbenches
// (netlist::buildIntegrator*Testbench), the numbers the behavioural model
// needs to stand for it (DESIGN.md §9): a one-pole op-amp of DC gain A and
// unity-gain frequency ω_u, its input offset, and where the ramp starts
// once the reset switch opens.
struct IntegratorCharacterization {
  // The open-loop sweep is repeated with the output held at each of these
  // fractions of the full scale above the common mode: ω_u falls ≈ 10 %
  // towards the ramp's top at 65 nm (docs/blocks.md).
  static constexpr int levels = 5; // 0, ¼, ½, ¾ and 1 of V_FS
  double gain = 0.0;               // V/V, open-loop at 1 kHz, output at the common mode
  std::vector<double> unityGain;   // rad/s, where the open-loop gain falls through 1, at each level
  double offset = 0.0;             // V, the virtual ground above the common mode, reset closed
  double resetLevel = 0.0;         // V, the ramp above the common mode one step time after reset opens
};

// Runs the testbenches in a worker process. WorkError when a simulation
// fails or the op-amp never reaches unity gain within the sweep.
IntegratorCharacterization characterizeIntegrator(const adc::ReferenceColumnDesign& design,
                                                  const netlist::DeckOptions& deck, double timeLimit);

// The behavioural parameters with the measured integrator in place of the
// technology's ideal one.
adc::ColumnParameters withIntegrator(adc::ColumnParameters parameters, const IntegratorCharacterization& integrator);

nlohmann::json toJson(const IntegratorCharacterization& integrator);

} // namespace nladc::spice
