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

} // namespace nladc::netlist
