#pragma once

#include "adc/Level1Transistor.hh"
#include "adc/Technology.hh"

#include <optional>
#include <vector>

namespace nladc::adc {

// What the reference-column design needs of a technology (SI units).
struct ColumnParameters {
  double vread = 0.2;           // V
  double fullScale = 0.5;       // V_FS, V
  double stepTime = 10e-9;      // T_step, s
  double edgeTime = 10e-12;     // word-line rise/fall, s
  double wordLineHigh = 1.2;    // V
  double gMin = 1e-6;           // S
  double gMax = 100e-6;         // S
  double gOff = 1e-8;           // S, an OFF (HRS) cell
  int conductanceLevels = 0;    // 0: continuous; else L levels evenly spaced in [gMin, gMax]
  int calibrationCells = 5;     // binary weighted
  double calibrationLsb = 1e-6; // S, the smallest calibration cell's conductance
  double offsetTarget = 0.0;    // V, the V_0 the calibration cells should set
  double cIntMin = 10e-15;      // F
  double cIntMax = 20e-12;      // F
  double opampGain = 1e6;       // V/V
  // The integrator's op-amp beyond its DC gain, as a characterisation of
  // the transistor op-amp finds it from the integrator's step response
  // (spice/IntegratorCharacterization.hh); the behavioural integrator has
  // none of it. Its three tables hold values at output levels spaced evenly
  // from the op-amp's reference to the full scale above it (one value: the
  // same at every level).
  // rad/s: a constant current holds the virtual ground (dV/dt)/ω below
  // where it rests, once the loop has caught up (a one-pole op-amp's ω_u);
  // empty: unlimited.
  std::vector<double> opampBandwidth;
  // s: how much later than a step of the current the virtual ground gets
  // there, ∫(lag − lag(t)) dt / lag over a slot's flat top, with no cell
  // conductance on the bit line (about 1/ω for a one-pole op-amp; the
  // virtual ground's capacitance lengthens it, the second pole and the
  // right-half-plane zero shorten it); empty: a one-pole op-amp's.
  std::vector<double> opampDelay;
  double opampOffset = 0.0; // V, the virtual ground above its reference (input offset)
  // V: the virtual ground above the op-amp's reference with no current and
  // its output at each level (its offset, less the output over a gain that
  // falls towards the rail); empty: opampOffset − V/opampGain.
  std::vector<double> opampRestingInput;
  double resetLevel =
      0.0; // V, where the ramp starts once reset opens: the offset, the reset switch's injection and feedthrough
  // V, what the columns measure the ramp's levels from, above the op-amp's
  // reference: a transistor deck's column front ends auto-zero while reset
  // holds the ramp at the op-amp's offset (netlist/AnalogBlocks.hh).
  double levelReference = 0.0;
  double bitlineResistancePerCell = 0.0;      // ohm, bit-line segment per cell pitch
  std::optional<Level1Transistor> transistor; // nullopt: not compensated (not a level-1 card)

  // The word line is high for T_step − 2·edge (measured at half swing):
  // the time each step integrates its cells' current.
  double onTime() const { return stepTime - 2.0 * edgeTime; }
};

// The technology's values, and its access transistor's level-1 card when
// the model file holds one (a PDK model leaves `transistor` empty).
ColumnParameters columnParameters(const Technology& technology);

} // namespace nladc::adc
