#pragma once

#include "adc/Technology.hh"
#include "netlist/AdcCircuit.hh"
#include "quant/LevelSet.hh"

namespace nladc::netlist {

// A conventional nonlinear flash ADC (DESIGN.md §6 `nl-flash`), per
// column: K−1 StrongARM comparators (each auto-zeroed when the
// technology's comparator is) on a non-uniform resistor ladder from
// 0 to V_FS, tapped at the thresholds, and a thermometer-to-binary encoder
// (K−1 NAND2 for the 1-of-n edge, b·(K/2 − 1) NAND2 for the OR trees).
// The ladder's K segments are drawn in proportion to their code bins; the
// narrowest bin is one matched unit resistor, so the ladder holds
// 1/(narrowest bin, as a fraction of the domain) units. Nothing is shared.
AdcCircuit nlFlashAdcCircuit(const quant::LevelSet& set, const adc::Technology& technology);

} // namespace nladc::netlist
