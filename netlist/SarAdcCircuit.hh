#pragma once

#include "adc/Technology.hh"
#include "netlist/AdcCircuit.hh"
#include "netlist/ThresholdGrid.hh"
#include "quant/LevelSet.hh"

namespace nladc::netlist {

// A conventional nonlinear SAR ADC (DESIGN.md §6 `nl-sar`) for `columns`
// columns. It binary-searches the K−1 thresholds in b comparisons; in
// comparison i the DAC takes the threshold of the column's node of the
// search tree. Per column: a capacitive DAC of R bits (thresholdGrid under
// `rule`), a StrongARM comparator (auto-zeroed when the technology's
// comparator is), SAR logic of b steps, and a multiplexer that picks
// the column's threshold word among the K/2 broadcast on shared buses
// (R·(K/2 − 1) MUX2). Shared: the K−1 threshold registers of R bits and
// their bus drivers (R·K/2 inverters).
AdcCircuit nlSarAdcCircuit(const quant::LevelSet& set, const adc::Technology& technology, int columns, StepRule rule);

// A linear SAR ADC of `bits` bits (`sar`): per column a `bits`-bit
// capacitive DAC, a comparator (auto-zeroed when the technology's is) and
// SAR logic; nothing shared.
AdcCircuit sarAdcCircuit(int bits, const adc::Technology& technology);

// The DAC's unit capacitor for matching: unit_capacitance, or larger where
// R bits need it. A binary DAC's threshold error peaks at mid-scale with
// σ = σ_u·√(2^R)/2 LSB; keeping 3σ within half an LSB, with Pelgrom's
// σ_u = unit_capacitor_mismatch·√(unit_capacitance/C), needs
// C ≥ unit_capacitance · 9·mismatch²·2^R. The DAC also samples V_in, so
// its units grow further where 2^R of them fall short of the
// samplingCapacitance of the converter's narrowest step.
double dacUnitCapacitance(const adc::AreaRules& rules, int dacBits);

// The largest R that unit_capacitance itself matches by that rule.
int matchedDacBits(const adc::AreaRules& rules);

} // namespace nladc::netlist
