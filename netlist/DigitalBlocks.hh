#pragma once

#include "netlist/Circuit.hh"

#include <string>

namespace nladc::netlist {

// The digital and mixed-signal blocks the ADC architectures share, as
// library-cell inventories (netlist/CellLibrary.hh). Each count is the
// textbook implementation, stated where it is built (docs/area.md).

// `words` words of `bits` flip-flops.
Subcircuit registerBlock(std::string name, int words, int bits);

// `bits` level-sensitive latches: a column's code register, transparent
// until its comparator flips.
Subcircuit latchBlock(std::string name, int bits);

// A synchronous binary up-counter.
Subcircuit counterBlock(std::string name, int bits);

// SAR control for `steps` comparisons.
Subcircuit sarLogicBlock(std::string name, int steps);

// A binary-weighted capacitive DAC of `bits` bits on unit capacitors.
Subcircuit capacitiveDacBlock(std::string name, int bits, double unitCapacitance, double switchWidth,
                              double switchLength);

} // namespace nladc::netlist
