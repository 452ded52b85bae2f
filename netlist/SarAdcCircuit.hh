#pragma once

#include "adc/Technology.hh"
#include "netlist/AdcCircuit.hh"
#include "quant/LevelSet.hh"

namespace nladc::netlist {

// A conventional nonlinear SAR ADC (DESIGN.md §6 `nl-sar`) for `columns`
// columns. It binary-searches the K−1 thresholds in b comparisons; in
// comparison i the DAC takes the threshold of the column's node of the
// search tree. Per column: a capacitive DAC of R bits (thresholdGrid), a
// StrongARM comparator, SAR logic of b steps, and a multiplexer that picks
// the column's threshold word among the K/2 broadcast on shared buses
// (R·(K/2 − 1) MUX2). Shared: the K−1 threshold registers of R bits and
// their bus drivers (R·K/2 inverters).
AdcCircuit nlSarAdcCircuit(const quant::LevelSet& set, const adc::Technology& technology, int columns);

// A linear SAR ADC of `bits` bits (`sar`): per column a `bits`-bit
// capacitive DAC, a comparator and SAR logic; nothing shared.
AdcCircuit sarAdcCircuit(int bits, const adc::Technology& technology);

} // namespace nladc::netlist
