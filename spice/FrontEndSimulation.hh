#pragma once

#include "adc/Technology.hh"
#include "netlist/AnalogBlocks.hh"
#include "netlist/ComparatorTestbench.hh"
#include "spice/NgspiceSession.hh"
#include "spice/WorkerPool.hh"

#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace nladc::spice {

// The column front end in ngspice (docs/comparator.md), on the testbench of
// netlist/ComparatorTestbench.hh (frontEndTestbench): its offset is the
// ramp's rise less the input's height above the common mode at which the
// StrongARM's decision flips, referred to the column's input, found by
// bisection on the input (bisectOffset); each trial runs the whole reset,
// auto-zero, sample, hold, ramp and one decision, and reads the sign of the
// StrongARM's V(outp) − V(outn). A sample loads its own deck, its mismatch
// on the transistors' lines.
class FrontEndSimulation {
public:
  // InputError without the blocks section, or unless coupling > 0.
  FrontEndSimulation(const adc::Technology& technology, double coupling, double timeLimit);

  const std::vector<netlist::TestbenchTransistor>& transistors() const { return transistors_; }
  const netlist::FrontEndConditions& conditions() const { return conditions_; }
  const netlist::FrontEndSizing& sizing() const { return sizing_; }
  const netlist::TransistorSize& comparatorInput() const { return comparatorInput_; }
  // V, A_VT/√(W·L) of the StrongARM's input pair: the column comparator's σ
  // the design's offset model assumes.
  double comparatorSigma() const { return comparatorSigma_; }
  // V, A_VT/√(W·L) of the preamplifier's input pair.
  double preampPairSigma() const { return preampPairSigma_; }
  // V, the bisection's: 1/256 of the two pairs' σ together, which the
  // column's σ (≈ a quarter of it, measured) still holds 20 times over.
  double resolution() const { return std::hypot(comparatorSigma_, preampPairSigma_) / 256.0; }
  // The offset with these device mismatches (one per transistors() entry).
  double offset(NgspiceSession& session, const std::vector<netlist::TransistorMismatch>& mismatch) const;
  // A worker's runner for Monte Carlo sample i with mismatchOf(i): the
  // result's vectors[0] is {offset}.
  RunnerFactory offsetRunner(std::function<std::vector<netlist::TransistorMismatch>(uint64_t)> mismatchOf) const;

private:
  // True when the StrongARM decides that the ramp has passed the input at
  // this rise less height.
  bool rampPasses(NgspiceSession& session, double difference) const;

  netlist::FrontEndConditions conditions_;
  netlist::FrontEndSizing sizing_;
  netlist::TransistorSize comparatorInput_;
  double comparatorSigma_ = 0.0;
  double preampPairSigma_ = 0.0;
  double timeLimit_ = 0.0;
  std::vector<netlist::TestbenchTransistor> transistors_;
  adc::Technology technology_;
};

} // namespace nladc::spice
