#pragma once

#include "adc/ReferenceColumnDesign.hh"

#include <vector>

namespace nladc::adc {

// One 1T1R cell as built: its RRAM conductance, its access transistor's
// threshold shift (mismatch), which acts as a gate offset, and where it
// taps the bit line. The column's cells sit in deck order from the
// integrator outward: calibration cells at positions 1 … C, then the cells
// of step 1, step 2, … (cellPositions).
struct Cell {
  double conductance = 0.0; // S
  double vthShift = 0.0;    // V
  int position = 1;         // bit-line segments between its tap and the integrator
};

// The device values of one reference column: the nominal design, or a
// Monte Carlo sample of it (adc/VariationSample.hh).
struct ColumnDevices {
  std::vector<std::vector<Cell>> stepCells; // [step j − 1][cell]
  std::vector<Cell> calibrationCells;
  double vread = 0.0; // V, across the cells (the source line sits at −vread)
  double cInt = 0.0;  // F
};

ColumnDevices nominalDevices(const ReferenceColumnDesign& design);

// The current of one cell of conductance g with `vread` across the cell and
// the gate `gate` volts above the bit line: through the level-1 access
// transistor when the technology has one, else an ideal switch (on above
// half swing) in series.
double cellCurrent(const ColumnParameters& parameters, double g, double vread, double gate);

// One of the op-amp's tables (ColumnParameters::opampBandwidth,
// opampDelay or opampRestingInput) with its output `level` volts above its
// reference:
// interpolated linearly, held at its ends outside [0, fullScale]; 0 when
// the table is empty.
double integratorTableAt(const ColumnParameters& parameters, const std::vector<double>& table, double level);

// The ramp after one slot that starts at `start` volts with these cells on
// its word line. Integrates C_int·(1 + 1/A)·dV/dt = Σ I_cell over the slot,
// word-line edges included; the op-amp's finite gain A lifts the virtual
// ground to −V/A, which lowers each cell's read voltage (its input offset
// raises it), the op-amp's finite bandwidth ω lowers it further by
// (dV/dt)/ω once the loop has caught up, a delay after the word line
// rises (both at the slot's middle level), and the bit line's resistance
// lowers it further with the distance (adc/BitLine.hh). The word line
// swings between the nominal −Vread (as the deck drives it) and its high
// level, whatever `vread` the cells see.
double rampAfterSlot(const ColumnParameters& parameters, const std::vector<Cell>& cells, double vread, double cInt,
                     double start);

// Cells of these conductances without mismatch, at consecutive positions
// from `firstPosition`.
std::vector<Cell> cellsOf(const std::vector<double>& conductances, int firstPosition);

// The behavioural ramp: from the reset level, V_0 after the calibration
// step, then T_1 … T_{K−1} (volts), measured from levelReference. Index 0
// is V_0.
std::vector<double> rampLevels(const ColumnParameters& parameters, const ColumnDevices& devices);

// The ADC code of a column input: the number of ramp levels T_j (j >= 1) at
// or below it, i.e. the steps taken before the ramp exceeds it.
int codeOf(double inputVolts, const std::vector<double>& ramp);

} // namespace nladc::adc
