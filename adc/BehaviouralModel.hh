#pragma once

#include "adc/ReferenceColumnDesign.hh"

#include <vector>

namespace nladc::adc {

// The device values of one reference column: the nominal design, or (later)
// a Monte Carlo sample of it.
struct ColumnDevices {
  std::vector<std::vector<double>> stepConductances; // [step j − 1][cell], S
  std::vector<double> calibrationConductances;       // S
  double vread = 0.0;                                // V
  double cInt = 0.0;                                 // F
};

ColumnDevices nominalDevices(const ReferenceColumnDesign& design);

// The current of one cell of conductance g with `vread` across the cell and
// the gate `gate` volts above the bit line: through the level-1 access
// transistor when the technology has one, else an ideal switch (on above
// half swing) in series.
double cellCurrent(const ColumnParameters& parameters, double g, double vread, double gate);

// The ramp after one slot that starts at `start` volts with these cells on
// its word line. Integrates C_int·(1 + 1/A)·dV/dt = Σ I_cell over the slot,
// word-line edges included; the op-amp's finite gain A lifts the virtual
// ground to −V/A, which lowers each cell's read voltage.
double rampAfterSlot(const ColumnParameters& parameters, const std::vector<double>& conductances, double vread,
                     double cInt, double start);

// The behavioural ramp: V_0 after the calibration step, then T_1 … T_{K−1}
// (volts). Index 0 is V_0.
std::vector<double> rampLevels(const ColumnParameters& parameters, const ColumnDevices& devices);

// The ADC code of a column input: the number of ramp levels T_j (j >= 1) at
// or below it, i.e. the steps taken before the ramp exceeds it.
int codeOf(double inputVolts, const std::vector<double>& ramp);

} // namespace nladc::adc
