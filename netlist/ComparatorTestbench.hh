#pragma once

#include "adc/Technology.hh"
#include "netlist/AnalogBlocks.hh"
#include "netlist/Circuit.hh"

#include <string>
#include <string_view>
#include <vector>

namespace nladc::netlist {

// The conditions the column comparator is characterised at (docs/comparator.md).
struct ComparatorConditions {
  double supply = 0.0;     // V, VDD of the comparator and its load
  double commonMode = 0.0; // V, the inputs' mean: blocks.common_mode + V_FS/2, the middle of the range they sit in
  double edgeTime = 0.0;   // s, clock rise and fall time (the technology's edge_time)
  // s, one decision: step_time, as the ramp ADC clocks its comparators
  // once per ramp step; half of it evaluates, half resets.
  double clockPeriod = 0.0;
};

// InputError naming the file when the technology has no blocks section
// (no model cards to simulate the comparator with).
ComparatorConditions comparatorConditions(const adc::Technology& technology);

// How long a testbench runs: until `stop`, with time steps of at most
// `maxStep` (s).
struct TestbenchTransient {
  double stop = 0.0;
  double maxStep = 0.0;
};

// A MOSFET of the comparator as ngspice names it in the testbench
// ("m.xcmp.m1", "m.xcmp.mxsr1_mna"), with its drawn size.
struct TestbenchTransistor {
  std::string spiceName;
  TransistorSize size;
};

// One transistor's mismatch, as BSIM4 instance parameters.
struct TransistorMismatch {
  double vthShift = 0.0;       // V, delvto: added to the card's vth0
  double mobilityFactor = 1.0; // 1, mulu0: multiplies the card's u0 (and with it β)
};

// The comparator's testbench: strongArmComparator with the technology's
// model cards and its standard cells expanded in place at transistor
// level (so each transistor has a line of its own), on its own
// supply VCMP (so its current is the comparator's alone); the clock VCLK
// rising at t = 0 from the reset state, evaluating for half a period, and
// repeating; the inputs VINP and VINN, DC at the common mode (a run alters
// them); and on `out` the load of a column latch's input, a NAND2 input
// (the latch's cell) on a supply of its own. `.nodeset`s put the operating
// point in reset — every precharged node at VDD, the SR latch holding
// out = 0 — which saves ngspice's gmin stepping there. `mismatch`, when
// not empty, holds one entry per comparatorTransistors() entry and goes on
// the transistors' lines as delvto and mulu0. (ngspice-39 does alter both,
// but a transient after an `alter … mulu0` runs some 40 times slower, so a
// Monte Carlo sample loads its own deck.)
Circuit comparatorTestbench(const adc::Technology& technology, const TestbenchTransient& transient,
                            const std::vector<TransistorMismatch>& mismatch = {});

// ngspice's vector of a net inside the testbench's comparator ("xcmp.outp").
std::string comparatorNode(std::string_view net);

// Every MOSFET of the testbench's comparator, standard cells included, in
// the order of its lines.
std::vector<TestbenchTransistor> comparatorTransistors(const adc::Technology& technology);

// The column front end's testbench (netlist/AnalogBlocks.hh, columnFrontEnd):
// one front end and its StrongARM, at transistor level, as a column reads
// the ramp (docs/comparator.md). In step times T, as a transistor deck's
// reset: the preamplifier auto-zeroes until 0.5 T while C_in's bottom
// plate tracks the input, the sampling gate opens at 0.6 T, the bottom
// plate goes to the common mode at 0.7 T; the ramp, at the common mode
// until then, rises by `height` from 1 T to 2 T; the StrongARM's clock
// rises at 2.6 T and its decision is read at 2.85 T (a deck decides from
// 0.4 to 0.15 T before a slot ends). The input VIN sits `height` above the
// common mode; a run alters it.
struct FrontEndConditions {
  double supply = 0.0;     // V
  double commonMode = 0.0; // V, blocks.common_mode: the ramp's start and the bottom plate's rest
  double height = 0.0;     // V, the ramp's rise and the input above the common mode: V_FS/2
  double coupling = 0.0;   // F, C_in and C_ramp
  double edgeTime = 0.0;   // s
  double stepTime = 0.0;   // s

  double autoZeroEnd() const { return 0.5 * stepTime; }
  double sampleEnd() const { return 0.6 * stepTime; }
  double holdStart() const { return 0.7 * stepTime; }
  double rampStart() const { return stepTime; }
  double rampEnd() const { return 2.0 * stepTime; }
  // The preamplifier's outputs equalized from just after the auto-zero
  // until shortly before the clock, as in a deck's slot.
  double equalizeStart() const { return autoZeroEnd() + equalizeDelay * stepTime; }
  double equalizeEnd() const { return clockRise() - equalizeLead * stepTime; }
  double clockRise() const { return 2.6 * stepTime; }
  double decisionEnd() const { return 2.85 * stepTime; }
};

// InputError without the blocks section, or unless coupling > 0.
FrontEndConditions frontEndConditions(const adc::Technology& technology, double coupling);

// The front end on its own supply VFE, its tail's bias (IFE into the
// diode MFEB) on VDDB, the phases VAZ, VSMP, VSMPB, VHOLD, VEQB, the input VIN,
// the ramp VRAMP and the clock VCLK; `out` loaded by a NAND2 input on a
// supply of its own. `mismatch`, when not empty, holds one entry per
// frontEndTransistors() entry (delvto, mulu0, as comparatorTestbench).
Circuit frontEndTestbench(const adc::Technology& technology, const FrontEndConditions& conditions, double maxStep,
                          const std::vector<TransistorMismatch>& mismatch = {});

// ngspice's vector of a net of the front end's StrongARM ("xfe.xsa_outp").
std::string frontEndComparatorNode(std::string_view net);

// Every MOSFET of the front-end testbench's front end, its StrongARM's
// included, in the order of its lines.
std::vector<TestbenchTransistor> frontEndTransistors(const adc::Technology& technology, double coupling);

} // namespace nladc::netlist
