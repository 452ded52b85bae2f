#pragma once

#include "adc/ColumnParameters.hh"
#include "adc/ReferenceColumnDesign.hh"
#include "netlist/ReferenceColumnNetlist.hh"

#include <nlohmann/json.hpp>

namespace nladc::spice {

// The transistor integrator of a deck measured on its own testbenches
// (netlist::buildIntegrator*Testbench), the numbers the behavioural model
// needs to stand for it (DESIGN.md §9): the op-amp's DC gain, how far and
// how late the virtual ground lags a step of the cells' current, its input
// offset, and where the ramp starts once the reset switch opens.
struct IntegratorCharacterization {
  // The step response is measured with the output at each of these
  // fractions of the full scale above the common mode: the op-amp slows
  // towards the ramp's top (docs/blocks.md).
  static constexpr int levels = 5;  // 0, ¼, ½, ¾ and 1 of V_FS
  double fullScale = 0.0;           // V, the full scale of those levels
  double gain = 0.0;                // V/V, open-loop at 1 kHz, output at the common mode
  double unityGain = 0.0;           // rad/s, where the open-loop gain falls through 1 (reported, not modelled)
  std::vector<double> bandwidth;    // rad/s, the step's slope over the virtual ground's lag, at each level
  std::vector<double> delay;        // s, how late the virtual ground reaches that lag, at each level
  std::vector<double> restingInput; // V, the virtual ground above the common mode before the step, at each level
  double offset = 0.0;              // V, the virtual ground above the common mode, reset closed
  double resetLevel = 0.0;          // V, the ramp above the common mode one step time after reset opens
};

// Runs the testbenches in a worker process. WorkError when a simulation
// fails, the op-amp never reaches unity gain within the sweep, or the
// step's current does not lower the virtual ground and raise the ramp.
IntegratorCharacterization characterizeIntegrator(const adc::ReferenceColumnDesign& design,
                                                  const netlist::DeckOptions& deck, double timeLimit);

// The behavioural parameters with the measured integrator in place of the
// technology's ideal one.
adc::ColumnParameters withIntegrator(adc::ColumnParameters parameters, const IntegratorCharacterization& integrator);

nlohmann::json toJson(const IntegratorCharacterization& integrator);

} // namespace nladc::spice
