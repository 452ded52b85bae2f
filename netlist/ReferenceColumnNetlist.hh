#pragma once

#include "adc/ReferenceColumnDesign.hh"
#include "adc/Technology.hh"
#include "netlist/Circuit.hh"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace nladc::netlist {

// What the deck needs beyond the design: models, sizes and testbench values.
struct DeckOptions {
  // 0 leaves out the columns, their counter and supply: the ramp alone,
  // which is all a Monte Carlo sample simulates (spice/RampSimulation.hh).
  int testColumns = 16;
  std::filesystem::path modelFile; // .include, or .lib with a section
  std::optional<std::string> libSection;
  std::string accessModel;
  double accessWidth = 0.3e-6; // m
  double accessLength = 65e-9; // m
  double supply = 1.2;         // V
  double comparatorGain = 1e4; // V/V
  double holdCapacitance = 100e-15;
  // Monte Carlo decks: a 0 V source in series with each access
  // transistor's gate (VDVT in nladc_cell), which a sample alters to the
  // transistor's threshold shift. It is exact for a level-1 card, whose
  // current depends on Vgs − VTO only (GAMMA = 0).
  bool mismatchSources = false;
};

// The clock of one conversion: reset, the calibration step (slot 0), ramp
// steps 1 … K−1 (slots 1 … K−1), then the codes are read.
struct ConversionTiming {
  double stepTime = 0.0;
  double edgeTime = 0.0;
  double start = 0.0; // slot 0 begins; reset ends one step before
  int slots = 0;      // K

  double slotStart(int slot) const { return start + slot * stepTime; }
  double slotEnd(int slot) const { return slotStart(slot + 1); }
  double readTime() const { return slotEnd(slots - 1) + 0.5 * stepTime; }
  double stopTime() const { return slotEnd(slots - 1) + stepTime; }
};

// The deck options a technology implies (model file, access device,
// supply, comparator gain); testColumns keeps its default.
DeckOptions deckOptions(const adc::Technology& technology);

ConversionTiming conversionTiming(const adc::ReferenceColumnDesign& design);

// The test inputs: column c at V_FS·(c + 0.5)/N, a sweep of the domain.
std::vector<double> testInputVolts(const adc::ReferenceColumnDesign& design, int testColumns);

// The instance names of the cells (nladc_cell), as the deck names them:
// cell m of ramp step j (1 … K−1), and calibration cell i.
std::string stepCellName(size_t step, int cell);
std::string calibrationCellName(size_t cell);

// The deck of DESIGN.md §4: the reference column (1T1R cell subcircuits on
// word lines WL0 … WL(K−1)), the ramp integrator, word-line, reset and
// counter drivers, N test columns (comparator + latch of the step count)
// and the .tran testbench. Its .meas results: ramp0 … ramp(K−1), the ramp at
// the end of each slot (ramp0 = V_0), and code0 … code(N−1).
Circuit buildReferenceColumnDeck(const adc::ReferenceColumnDesign& design, const DeckOptions& options);

} // namespace nladc::netlist
