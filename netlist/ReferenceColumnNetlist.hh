#pragma once

#include "adc/ReferenceColumnDesign.hh"
#include "adc/Technology.hh"
#include "netlist/AnalogBlocks.hh"
#include "netlist/Circuit.hh"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace nladc::netlist {

// The transistor-level integrator of a deck (DESIGN.md §9): the op-amp
// and reset switch that layout_est counts, on the technology's cards.
// Its ramp line carries the comparators of the columns the ramp serves
// (DeckOptions::rampColumns), lumped.
struct TransistorIntegrator {
  Subcircuit opamp;         // "nladc_opamp" (inp inn out vdd bias), cards applied
  double biasCurrent = 0.0; // A, into the op-amp's bias port
  Device resetSwitch;       // the NMOS across C_int (nets vg rst out 0), card applied
  double commonMode = 0.0;  // V, the virtual ground: the ramp starts here
  double rampLoad = 0.0;    // F, on the ramp line
};

// The transistor-level test columns (DESIGN.md §9): per column the front
// end and StrongARM (netlist/AnalogBlocks.hh) and the code register of b D
// latches, the devices layout_est counts, on the technology's cards. The
// front end's coupling capacitance is the design's hold capacitance, so the
// deck sets it.
struct TransistorColumns {
  FrontEndSizing frontEnd;       // coupling: its floor for the pair; the deck raises it to the hold capacitance
  double unitCapacitance = 0.0;  // F, the smallest capacitor the process draws matched
  double gateCapacitance = 0.0;  // F/m², for the front end's load on the ramp
  std::vector<Subcircuit> cells; // nladc_strongarm and the standard cells, cards applied
  adc::TransistorBlocks cards;
};

// The columns one ramp serves at DESIGN.md §6's design point.
inline constexpr int defaultRampColumns = 128;

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
  // The columns one ramp serves: their comparators load the transistor
  // integrator, and a conversion's energy shares the ramp's supplies over
  // them. The same count sizes the op-amp in layout_est's area and energy.
  int rampColumns = defaultRampColumns;
  // Monte Carlo decks: a 0 V source in series with each access
  // transistor's gate (VDVT in nladc_cell), which a sample alters to the
  // transistor's threshold shift. It is exact for a level-1 card, whose
  // current depends on Vgs − VTO only (GAMMA = 0).
  bool mismatchSources = false;
  // Set: the integrator is the transistor op-amp with a MOSFET reset
  // switch, every reference-column potential sits commonMode higher, and
  // each slot gains a step time for the op-amp to settle before the ramp
  // is read. Unset: the behavioural VCVS integrator and ideal switch.
  std::optional<TransistorIntegrator> transistor;
  // Set with `transistor`: the test columns are transistor-level, and the
  // ramp's levels count from where it stood while their front ends
  // auto-zeroed (ConversionTiming::autoZeroEnd), which cancels the op-amp's
  // offset. Unset: behavioural comparators and latches read the ramp from
  // the reference.
  std::optional<TransistorColumns> transistorColumns;

  adc::BlockKind blocks() const { return transistor ? adc::BlockKind::transistor : adc::BlockKind::behavioural; }
  // The potential the ramp and the column inputs are measured from.
  double rampReference() const { return transistor ? transistor->commonMode : 0.0; }
};

// The clock of one conversion: reset, the calibration step (slot 0), ramp
// steps 1 … K−1 (slots 1 … K−1), then the codes are read.
// A slot is the step time the word line integrates within, then
// settleTime with the cells off for the integrator to settle (0 for the
// behavioural integrator, which has no bandwidth limit); the ramp is read
// at the slot's end.
struct ConversionTiming {
  double stepTime = 0.0;
  double edgeTime = 0.0;
  double settleTime = 0.0;
  double start = 0.0; // slot 0 begins; reset ends one step before
  int slots = 0;      // K

  double slotLength() const { return stepTime + settleTime; }
  double slotStart(int slot) const { return start + slot * slotLength(); }
  double slotEnd(int slot) const { return slotStart(slot + 1); }
  double readTime() const { return slotEnd(slots - 1) + 0.5 * stepTime; }
  // The transistor columns' phases, within the integrator's reset (from 0
  // to one step time before slot 0, which starts at 3 step times in a
  // transistor deck): the front ends auto-zero and sample their inputs
  // until autoZeroEnd and sampleEnd and hold from holdStart, which leaves
  // the op-amp 1.3 step times to settle the ramp before reset opens. Their
  // StrongARMs decide in each slot's settle time, from decisionStart(j) to
  // decisionEnd(j), before the counter moves; slot −1, before the ramp
  // starts, sets every column's SR latch. Their preamplifiers' outputs are
  // equalized from just after the auto-zero, and again after each
  // decision, until equalizeEnd(j), shortly before the next (equalizeLead).
  double autoZeroEnd() const { return start - 2.5 * stepTime; }
  double equalizeStart() const { return autoZeroEnd() + equalizeDelay * stepTime; }
  double equalizeEnd(int slot) const { return decisionStart(slot) - equalizeLead * stepTime; }
  double sampleEnd() const { return start - 2.4 * stepTime; }
  double holdStart() const { return start - 2.3 * stepTime; }
  double decisionStart(int slot) const { return slotEnd(slot) - 0.4 * stepTime; }
  double decisionEnd(int slot) const { return slotEnd(slot) - 0.15 * stepTime; }
  double stopTime() const { return slotEnd(slots - 1) + stepTime; }
};

// The deck options a technology implies (model file, access device,
// supply, comparator gain, and the blocks: `blocks`, else the technology's
// blocks.default), for a ramp that serves rampColumns columns;
// testColumns keeps its default. InputError for transistor blocks in a
// technology without a blocks section (the cards) or an energy section
// (the ramp line's load).
DeckOptions deckOptions(const adc::Technology& technology, std::optional<adc::BlockKind> blocks = std::nullopt,
                        int rampColumns = defaultRampColumns);

ConversionTiming conversionTiming(const adc::ReferenceColumnDesign& design, adc::BlockKind blocks);

// The largest full scale a design of `blocks` may take: design.max_full_scale,
// and with transistor blocks no more than blocks.max_full_scale, as the
// transistor ramp starts at the common mode (docs/blocks.md). Needs the
// design section.
double maxFullScale(const adc::Technology& technology, adc::BlockKind blocks);

// The test inputs: column c at V_FS·(c + 0.5)/N, a sweep of the domain.
std::vector<double> testInputVolts(const adc::ReferenceColumnDesign& design, int testColumns);

// The instance names of the cells (nladc_cell), as the deck names them:
// cell m of ramp step j (1 … K−1), and calibration cell i.
std::string stepCellName(size_t step, int cell);
std::string calibrationCellName(size_t cell);
// The net of bit k of test column c's code register (transistor columns).
std::string codeBitNet(int column, int bit);

// The deck of DESIGN.md §4: the reference column (1T1R cell subcircuits on
// word lines WL0 … WL(K−1)), the ramp integrator, word-line, reset and
// counter drivers, N test columns (comparator + latch of the step count)
// and the .tran testbench. Its .meas results: ramp0 … ramp(K−1), the ramp at
// the end of each slot (ramp0 = V_0), and code0 … code(N−1); with
// transistor columns, bit k of column c's code is code{c}_{k} and
// ramp_auto_zero is the ramp at the front ends' auto-zero.
Circuit buildReferenceColumnDeck(const adc::ReferenceColumnDesign& design, const DeckOptions& options);

// Testbenches of the transistor integrator alone, as the deck holds it
// (options.transistor must be set; the cells are left out):
// - open loop: the op-amp with its loads (C_int to an AC ground, the ramp
//   line), its DC loop closed through 1 GΩ, 1 V AC at its + input, .ac
//   from 1 kHz to 10 GHz; the output node is "ramp".
// - reset: the integrator through the reset's release and one step time,
//   as before slot 0 of the deck: .tran; nodes "ramp" and "vcm".
// - step: the integrator's step response with its output `outputLevel`
//   above the common mode: after reset, a current lifts the ramp to just
//   below there and stops; then a current with a word line's edges
//   (integratorStep) flows out of the virtual ground, and stops: .tran;
//   nodes "vg", "ramp" and "vcm".
Circuit buildIntegratorOpenLoopTestbench(const adc::ReferenceColumnDesign& design, const DeckOptions& options);
Circuit buildIntegratorResetTestbench(const adc::ReferenceColumnDesign& design, const DeckOptions& options);
Circuit buildIntegratorStepTestbench(const adc::ReferenceColumnDesign& design, const DeckOptions& options,
                                     double outputLevel);

// The step testbench's test: the current, the same for every level,
// lifts the ramp by a mean step, V_FS/K, over a few step times, so that
// the second half of it sees the lag settled (to e^(−10) at the 65 nm
// op-amp's delay; within one step time e^(−4) would be left, and the line
// through it 6 % off). The ramp rests before and after it; the precharge
// puts the middle of the test's second half at the level (at 0: ¾ of a
// mean step above it).
struct IntegratorStep {
  static constexpr int testSlot = 4;  // the precharge takes the slots before it
  static constexpr int stepTimes = 4; // the test current's length
  double start = 0.0;                 // s, the test begins
  double end = 0.0;                   // s, the test current is off
  double rested = 0.0;                // s, the ramp has rested a slot's length after it
  double stepTime = 0.0;              // s, a slot's: the word line is high for it, less its edges
  double edgeTime = 0.0;              // s, the current's rise and fall, as a word line's
  double current = 0.0;               // A, out of the virtual ground
  double rise = 0.0;                  // V, what the test current adds to the ramp: V_FS/K
  double precharge = 0.0;             // V, what the precharge adds to the ramp before the test
  double level = 0.0;                 // V, the output level the test is for
};
IntegratorStep integratorStep(const adc::ReferenceColumnDesign& design, adc::BlockKind blocks, double outputLevel);

} // namespace nladc::netlist
