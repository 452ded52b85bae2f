#pragma once

#include "adc/Technology.hh"
#include "netlist/ComparatorTestbench.hh"
#include "spice/NgspiceSession.hh"
#include "spice/WorkerPool.hh"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace nladc::spice {

// The column comparator in ngspice (docs/comparator.md), on the testbench
// of netlist/ComparatorTestbench.hh:
// - offset: the differential input V(inp) − V(inn) at which the decision
//   flips, by bisection; each trial starts from the reset state, clocks
//   once and reads the sign of V(outp) − V(outn) of the StrongARM at the
//   end of trialWindow(). A sample loads its own deck, its mismatch on the
//   transistors' lines (ComparatorTestbench.hh says why not `alter`). The bracket is ±4 σ_analytic, widened when the
//   offset lies outside; it ends `resolution()` = σ_analytic/64 wide and the offset is its middle.
// - decision time: from the clock's 50 % point to `out` crossing VDD/2,
//   within 40 edge times (at most the evaluation half period), with
//   nominal devices.
// - energy per decision: ∫ VDD·I of the comparator's own supply over
//   `energyCycles` clock periods after the first, divided by their number,
//   at `energyOverdrive`, with nominal devices.
// Every measurement throws SimulationError (TimeLimitExceeded past the
// time limit) when ngspice fails or the circuit does not decide.
class ComparatorSimulation {
public:
  static constexpr int energyCycles = 4;
  static constexpr double energyOverdrive = 10e-3; // V

  // InputError when the technology has no blocks section.
  ComparatorSimulation(const adc::Technology& technology, double timeLimit);

  const std::vector<netlist::TestbenchTransistor>& transistors() const { return transistors_; }
  const netlist::ComparatorConditions& conditions() const { return conditions_; }
  const netlist::TransistorSize& inputDevice() const { return input_; }
  // V, A_VT/√(W·L) of the input pair: the σ the sizing assumes.
  double analyticSigma() const { return analyticSigma_; }
  double resolution() const { return analyticSigma_ / 64.0; }
  // s, how long an offset trial runs: three times the nominal decision time
  // at 0.1 mV of overdrive, at least 6 edge times, at most the decision
  // window. Loads its own deck into `session`.
  double trialWindow(NgspiceSession& session) const;
  // The offset with these device mismatches (one per transistors()
  // entry), trials `window` long; loads its own deck into `session`.
  double offset(NgspiceSession& session, const std::vector<netlist::TransistorMismatch>& mismatch, double window) const;
  // s; loads its own deck into `session`.
  double decisionTime(NgspiceSession& session, double overdrive) const;
  // J; loads its own deck into `session`.
  double energyPerDecision(NgspiceSession& session) const;

  // A worker's runner for Monte Carlo sample i with mismatchOf(i): the
  // result's vectors[0] is {offset, trial window}.
  RunnerFactory offsetRunner(std::function<std::vector<netlist::TransistorMismatch>(uint64_t)> mismatchOf) const;
  // A worker's runner for the nominal measurements: job k < overdrives.size()
  // is the decision time at overdrives[k], job overdrives.size() the energy
  // per decision; vectors[0] is {value}.
  RunnerFactory nominalRunner(std::vector<double> overdrives) const;

private:
  // True when the comparator decides inp > inn at this differential input.
  bool decidesPositive(NgspiceSession& session, double differential, double window) const;
  void setInputs(NgspiceSession& session, double differential) const;
  // s, how long a decision-time run lasts: 40 edge times, at most the
  // evaluation half period.
  double decisionWindow() const;

  netlist::ComparatorConditions conditions_;
  netlist::TransistorSize input_;
  double analyticSigma_ = 0.0;
  double timeLimit_ = 0.0;
  std::vector<netlist::TestbenchTransistor> transistors_;
  adc::Technology technology_;
  std::vector<std::string> decisionDeck_, energyDeck_;
};

// Runs the loaded transient; SimulationError unless it reaches `stop`
// (TimeLimitExceeded past timeLimit seconds).
void runTransient(NgspiceSession& session, double timeLimit, double stop);

// The input at which a decision flips, by bisection: the bracket
// [−span, span] (widened by 2·span on the side a decision shows it does
// not hold) is halved until it is at most `resolution` wide, and the
// middle returned. SimulationError when the bracket passes ±limit.
double bisectOffset(const std::function<bool(double)>& decidesPositive, double span, double resolution, double limit);

// Pelgrom mismatch of every transistor for Monte Carlo sample `index` of
// a run seeded `seed`: ΔVth with σ = A_VT/√(2·W·L) and Δβ/β with
// σ = A_β/√(2·W·L) per device (Pelgrom's A_VT and A_β describe the
// difference of a pair, two devices, hence √2 for one). Drawn from the
// counter-based stream of (seed, index), two normals per transistor in
// order, so a sample does not depend on the worker that runs it.
std::vector<netlist::TransistorMismatch> drawMismatch(const std::vector<netlist::TestbenchTransistor>& transistors,
                                                      double aVt, double aBeta, uint64_t seed, uint64_t index);

} // namespace nladc::spice
