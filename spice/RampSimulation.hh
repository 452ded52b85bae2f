#pragma once

#include "adc/BehaviouralModel.hh"
#include "adc/ReferenceColumnDesign.hh"
#include "netlist/ReferenceColumnNetlist.hh"
#include "spice/WorkerPool.hh"

#include <functional>
#include <string>
#include <vector>

namespace nladc::spice {

// The reference-column NL-ADC in ngspice, one sample at a time (DESIGN.md
// §5). A worker parses the deck once; each sample alters every cell's
// resistance and gate offset and the read voltage to the sample's devices,
// runs the transient, and reads the ramp at the end of every slot.
//
// A Monte Carlo deck leaves out the test columns (DeckOptions::testColumns
// = 0): the comparators only read the ramp — their inputs draw no current —
// so the ramp, and with it every threshold, is the full deck's, and the
// columns' codes follow from it (adc/ConversionMeasurement.hh). Without
// the comparators' sharp edges the transient takes a quarter of the time.
// tests/spice holds the two decks to the same thresholds and codes.
class RampSimulation {
public:
  // The measured vectors of a sample (SampleResult::vectors).
  enum Vector : size_t {
    // V_0, T_1 … T_{K−1} (V): the ramp at the end of each slot, from the
    // reference (with transistor test columns: from the ramp at their
    // auto-zero, ConversionTiming::autoZeroEnd)
    rampLevels = 0,
    holdCodes = 1, // each test column's latched code (empty without columns)
    time = 2,      // the waveform, with `keepWaveform` (s)
    ramp = 3,      // (V)
    // With `keepWaveform`: the energy each supply delivers over the
    // transient, ∫ V·I dt (J), in SupplyEnergy order.
    supplyEnergy = 4,
  };
  // The deck's supplies: the op-amp's (VDD: with transistor blocks the
  // integrator, and through C_int the cells' read current), the word-line
  // drivers (VWL0 …), the source line (VSL) and the common mode (VCM),
  // shared by the columns one ramp serves; with transistor test columns,
  // theirs: the front ends and StrongARMs (VDDC), the code registers (VDDL),
  // the counter's bit lines into them (VCNT0 …), the front ends' drivers
  // (their common mode VCMC, the clock and switch phases, the inputs VIN…)
  // and their bias (VDDB, shared by the ramp's columns).
  enum SupplyEnergy : size_t {
    integratorSupply = 0,
    wordLineDrivers = 1,
    sourceLine = 2,
    commonMode = 3,
    columnComparators = 4,
    columnLatches = 5,
    counterBitLines = 6,
    columnDrivers = 7,
    columnBias = 8,
  };

  // Builds the deck and runs the electrical rule checks on it (WorkError
  // on a violation; InputError for a string the deck cannot hold).
  RampSimulation(const adc::ReferenceColumnDesign& design, const netlist::DeckOptions& options);

  const std::vector<std::string>& deck() const { return deck_; }
  // The ngspice commands that give the deck these devices: every cell's
  // resistance and (with mismatch sources) gate offset, and the read voltage.
  std::vector<std::string> alterCommands(const adc::ColumnDevices& devices) const;

  // A worker's runner: sample i runs with devicesOf(i), within timeLimit
  // seconds (past it, the sample is aborted); the waveform is returned with
  // keepWaveform.
  RunnerFactory runner(std::function<adc::ColumnDevices(uint64_t)> devicesOf, double timeLimit,
                       bool keepWaveform) const;

private:
  adc::ReferenceColumnDesign design_;
  netlist::DeckOptions options_;
  netlist::ConversionTiming timing_;
  std::vector<std::string> deck_;
};

// Linear interpolation of y(x) at `at`, as ngspice's .meas FIND … AT does.
double interpolate(const std::vector<double>& x, const std::vector<double>& y, double at);

// ∫ y dx over [a, b] of the piecewise-linear curve through (x, y): the
// trapezoidal rule on ngspice's time points.
double integral(const std::vector<double>& x, const std::vector<double>& y, double a, double b);

} // namespace nladc::spice
