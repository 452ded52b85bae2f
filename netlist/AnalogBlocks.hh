#pragma once

#include "adc/ReferenceColumnDesign.hh"
#include "adc/Technology.hh"
#include "netlist/Circuit.hh"
#include "netlist/ThresholdGrid.hh"
#include "quant/LevelSet.hh"

namespace nladc::netlist {

// Transistor-level analog blocks for area estimation, sized from the
// technology by the rules below (the reasoning is in docs/area.md). The
// same blocks are simulated: the MOSFETs' model names are the device types
// "nmos" and "pmos" (area needs the size, not the card), and withModelCards
// gives them the technology's cards; the standard cells they instantiate
// are simulated as StandardCellCircuits.hh builds them.

struct TransistorSize {
  double w = 0.0; // m, electrical width
  double l = 0.0; // m
};

// A StrongARM latch comparator (11 transistors) and its SR output latch
// (2 NAND2, each latch node on a NAND's input b); `out` is high when
// inp > inn. The input pair carries the offset budget: Pelgrom's
// σ = A_VT/√(W·L) (Technology::comparatorAVt) set to
// variation.comparator_offset_sigma gives
// W·L = (A_VT/σ)², drawn at W = 4·L. The tail matches the input width at
// minimum length; the cross-coupled latch is 2·min_width wide, the four
// reset switches min_width, all at minimum length (F).
struct ComparatorSizing {
  TransistorSize input, tail, latchN, latchP, reset;
};

// Throws InputError when the offset budget is 0 (no finite size meets it).
ComparatorSizing comparatorSizing(const adc::Technology& technology);

// Subcircuit "nladc_strongarm" (inp inn clk out outb vdd); outb is the SR
// latch's other output, low once out is high.
Subcircuit strongArmComparator(const adc::Technology& technology);

// `count` StrongARM comparators reading the input against their own
// references (ref0 …), for one column: "nladc_strongarm" must be in the
// circuit.
Subcircuit comparatorBank(std::string name, int count);

// Offset cancellation for `comparators` comparators (technology's
// comparator.autoZero): per comparator the offset-storage capacitor
// design.auto_zero_capacitance (MIM where the process has it) in series
// with its input, a minimum switch that closes the comparator's loop
// while it stores, and one that grounds the input side. Subcircuit
// (in cmp az vdd). InputError without the technology's design section.
Subcircuit autoZeroBlock(std::string name, int comparators, const adc::Technology& technology);

// The column comparator's front end (docs/blocks.md): the input is sampled
// on the bottom plate of C_in, the ramp couples through C_ramp, and the
// two meet as charge on the preamplifier's input gp, against gn, held by
// 2·C through the common mode. While the integrator resets, the
// preamplifier (NMOS pair, PMOS diode loads with a cross-coupled PMOS pair
// beside them for gain, NMOS tail) is auto-zeroed,
// each input tied to its own drain, and C_in's bottom plate tracks the
// input; then the auto-zero opens, the sampling gate opens and the bottom
// plate goes to the common mode. gp is back at its auto-zero voltage when
// the ramp has risen from where it stood during auto-zero by the input's
// height above the common mode, so the integrator's offset is cancelled and
// the preamplifier's is divided by 1 + its gain (each input on its own
// drain stores all but that much); the StrongARM's is divided by the gain.
// The pair is the StrongARM's input pair, sized for the offset budget, and
// the front end scales with it (frontEndSizing): `nladc characterize
// front-end` measures the column's offset σ (docs/comparator.md).
// The StrongARM reads the preamplifier's
// outputs, at a common mode of their own, and its kickback lands there,
// not on the held input or the ramp (a StrongARM on the held input and the
// ramp directly broke the codes by kickback, docs/blocks.md).
struct FrontEndSizing {
  double coupling = 0.0;    // F, C_in and C_ramp; C_ref is twice it
  TransistorSize pair;      // NMOS input pair: comparatorSizing's input
  TransistorSize load;      // PMOS diode loads: blocks.preamp_load_*, else min_width × 13·F; widened with the current
  TransistorSize crossLoad; // PMOS cross-coupled pair beside them: the loads' width, their length / 0.9 (the gain)
  TransistorSize tail;      // NMOS tail, a mirror of the shared bias diode: 4·min_width × 8·F, widened likewise
  TransistorSize switches;  // sampling gate (NMOS + PMOS), hold and auto-zero NMOS, PMOS equalizer: 2·min_width × F
  double biasCurrent = 0.0; // A, the tail's: blocks.preamp_current, else 2 µA; raised likewise
};

// The front end for a coupling capacitance (a column's hold capacitance:
// C_in holds the sampled input), scaled with its pairs where the
// technology has an energy section (its gate capacitance): the coupling
// raised to 1.55 times the pair's gate, the tail current (and the loads'
// and tail's widths) to 2 µA per 9.2 fF of the StrongARM's input gate, as
// measured at 65 nm's 5 mV point (docs/comparator.md). InputError without
// the blocks section.
FrontEndSizing frontEndSizing(const adc::Technology& technology, double coupling);

// Subcircuit "nladc_front_end" (in ramp vcm nbias az smp smpb hold eqb clk
// out outb vdd): the front end above with the StrongARM ("nladc_strongarm"
// must be in the circuit); out rises when the ramp passes the input at a
// clock. eqb low shorts the preamplifier's outputs: low from the auto-zero's
// end until shortly before each decision, so the outputs settle from zero
// to the input's last overdrive rather than from the ramp's whole rise.
Subcircuit columnFrontEnd(const FrontEndSizing& sizing);

// When eqb is low, in step times: from this long after the auto-zero
// opens, and after each decision, until this long before the next (a
// deck's ConversionTiming and the front-end testbench alike).
inline constexpr double equalizeDelay = 0.05;
inline constexpr double equalizeLead = 0.55;

// The front end's load on the ramp line: C_ramp in series with what gp
// holds besides it (C_in, whose bottom plate sits at the common mode, and
// the input device's gate: gateCapacitance, F/m², × W·L).
double frontEndRampLoad(const FrontEndSizing& sizing, double gateCapacitance);

// The integrator op-amp's size for the load it drives. The op-amp below is
// drawn for opampUnitLoad; a larger load scales every width and the bias
// current by load/opampUnitLoad, which keeps the current densities, so
// g_m1/C_c (the unity-gain frequency), the slew rate I_tail/C_c, the
// second pole g_m7/C_L and the gain where they were. A smaller load keeps
// the op-amp as drawn (scale 1).
struct OpampSizing {
  double scale = 1.0;         // widths and currents, relative to the op-amp as drawn
  double biasCurrent = 0.0;   // A, into the bias diode from a shared reference
  double supplyCurrent = 0.0; // A, quiescent: the diode's, twice it in the tail, 12 times it in the second stage
  double compensation = 0.0;  // F, C_c
  TransistorSize secondStage; // M6 and M7
};

// 1.2 pF: the 128-column ramp line at the default 65 nm sizes (1.17 pF), on
// which the op-amp as drawn, at 20 µA, measures ω_u ≈ 2π·87 MHz with
// 70 dB of gain and settles a ramp step to ≈ 20 µV within one step time
// (PTM 65 nm cards, docs/blocks.md).
inline constexpr double opampUnitLoad = 1.2e-12;

// Sizing of the op-amp for `loadCapacitance`: C_c = 0.22·C_load (the 60°
// phase-margin rule of Allen & Holberg), never smaller than the gate of the
// second stage's NMOS (energy.gate_capacitance × W·L, when the technology
// has an energy section): the Miller rule assumes C_c dominates the first
// stage's output node, and a ramp line of minimum comparators (20 fF of
// load, C_c = 4.4 fF) made the op-amp ring (measured, docs/blocks.md).
OpampSizing opampSizing(const adc::Technology& technology, double loadCapacitance);

// A two-stage Miller op-amp (8 transistors and the compensation capacitor),
// sized by opampSizing for its load, all channels 4·F long for gain. The
// input pair is PMOS, so the inputs work near the ramp's low common mode
// (blocks.common_mode); the second stage is an NMOS common source. Widths
// as drawn, in units of min_width: input pair 32, NMOS mirror load 4, PMOS
// tail 8, second-stage PMOS source 48, NMOS common source 48 (balanced
// against the mirror: no systematic offset; a second pole well above the
// unity-gain frequency, so the ramp settles without ringing), PMOS bias
// diode 4. The bias current into `bias` comes from a shared reference
// outside the block. The compensation capacitor is MIM where the process
// has it. Subcircuit "nladc_opamp" (inp inn out vdd bias).
Subcircuit millerOpamp(const adc::Technology& technology, double loadCapacitance);

// The ramp line's load: the input devices' gates of `columns` column
// comparators (energy.gate_capacitance × W·L), the capacitance the
// integrator's op-amp drives besides C_int; InputError without the
// technology's energy section.
double rampLoadCapacitance(const adc::Technology& technology, int columns);

// The capacitance whose sampled kT/C noise (300 K), 3σ, stays within a
// quarter of a step of `stepVolts`: kT/(stepVolts/12)². Every design that
// samples V_in meets it: the in-memory column's hold capacitor, a SAR's DAC.
double samplingCapacitance(double stepVolts);

// The capacitor that holds a column's V_in while a ramp walks through the
// K−1 steps (DESIGN.md §4): samplingCapacitance of the narrowest step (as
// `rule` reads it, mapped onto V_FS), and at least one unit_capacitance,
// the smallest capacitor the process draws matched.
double holdCapacitance(const quant::LevelSet& set, const adc::Technology& technology, StepRule rule);
// The same for a full scale and a smallest capacitor of one's own.
double holdCapacitance(const quant::LevelSet& set, double fullScale, double unitCapacitance, StepRule rule);

// The per-column sample-and-hold: the hold capacitor (MIM where the process
// has it) and a minimum-size NMOS sampling switch. Subcircuit (in held vdd).
Subcircuit sampleHoldBlock(std::string name, double capacitance, const adc::Technology& technology);

// The capacitor model name that asks layout_est for MIM density (a
// capacitor without a model is MOM).
inline constexpr const char* mimCapacitorModel = "nladc_mim";

// The block as a deck simulates it: every MOSFET's device type ("nmos",
// "pmos") replaced by the technology's model card for it (blocks.nmos,
// blocks.pmos), the sizes untouched, so the simulated devices are the ones
// layout_est counts. Capacitors lose their MIM marker (an ideal C in a deck).
Subcircuit withModelCards(Subcircuit block, const adc::TransistorBlocks& blocks);

// A MOSFET device of the area circuits.
Device mosfet(std::string name, bool pmos, std::vector<std::string> nets, const TransistorSize& size);

// A capacitor device; `mim` asks for MIM density where the process has it.
Device capacitor(std::string name, std::vector<std::string> nets, double farads, bool mim);

} // namespace nladc::netlist
