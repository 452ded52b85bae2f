#pragma once

#include "netlist/Circuit.hh"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nladc::netlist {

// Cells whose layout is a library's rather than the sum of their devices:
// the 1T1R cell of the memory array, the unit resistor of a ladder and the
// standard cells of the digital blocks. A circuit instantiates them by
// subcircuit name, and layout_est takes their area from the technology's
// rules (docs/area.md). Only the 1T1R cell is defined as a subcircuit (by
// the reference-column deck); the others are opaque: the area circuits
// that use them are device inventories for layout_est, not decks to
// simulate.
enum class LibraryCell {
  rramCell,     // 1T1R: access NMOS + RRAM in the back end
  unitResistor, // one matched segment of a resistor ladder; UNITS=x draws it x times as long
  inverter,
  nand2,
  xor2,
  mux2,
  latch,    // level-sensitive D latch
  flipFlop, // edge-triggered D flip-flop
};

// The parameter of a unit-resistor instance that draws it longer: its
// length (and area) in unit resistors, ≥ 1; 1 when absent.
inline constexpr const char* unitResistorLength = "UNITS";

// The subcircuit name of a cell: "nladc_cell" (the reference column's
// 1T1R subcircuit), "nladc_unit_resistor", "nladc_std_nand2", ….
std::string_view libraryCellName(LibraryCell cell);

// The library cell a subcircuit name denotes (case-insensitive), if any.
std::optional<LibraryCell> findLibraryCell(std::string_view subcircuit);

// An instance of a library cell.
Device libraryInstance(std::string name, LibraryCell cell, std::vector<std::string> nets);

// Appends `count` instances of a standard cell to a block, named
// PREFIX0 … PREFIX(count−1), each driving the next (nets PREFIX_n0 …): a
// digital block's area depends on its cell inventory, not its wiring.
void addCellChain(Subcircuit& block, const std::string& prefix, LibraryCell cell, int count);

} // namespace nladc::netlist
