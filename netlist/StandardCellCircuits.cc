#include "netlist/StandardCellCircuits.hh"

#include "netlist/AnalogBlocks.hh"
#include "util/Error.hh"

#include <algorithm>
#include <fmt/format.h>

namespace nladc::netlist {

Subcircuit standardCellCircuit(LibraryCell cell, const adc::Technology& t)
{
  const TransistorSize doubled{2.0 * t.area.minWidth, t.featureSize};
  const std::string name(libraryCellName(cell));
  switch (cell) {
  case LibraryCell::nand2:
    return {name,
            {"a", "b", "y", "vdd"},
            // b drives the bottom of the NMOS stack, whose source is ground.
            {mosfet("MNA", false, {"y", "a", "mid", "0"}, doubled),
             mosfet("MNB", false, {"mid", "b", "0", "0"}, doubled),
             mosfet("MPA", true, {"y", "a", "vdd", "vdd"}, doubled),
             mosfet("MPB", true, {"y", "b", "vdd", "vdd"}, doubled)},
            {}};
  default: throw WorkError(fmt::format("the standard cell {} has no transistor-level circuit", name));
  }
}

std::vector<Subcircuit> standardCellsOf(const Subcircuit& block, const adc::Technology& t)
{
  std::vector<LibraryCell> cells;
  for (const Device& d : block.devices)
    if (d.kind == DeviceKind::instance)
      if (const auto cell = findLibraryCell(d.model); cell && std::ranges::find(cells, *cell) == cells.end())
        cells.push_back(*cell);
  std::ranges::sort(cells);
  std::vector<Subcircuit> circuits;
  for (const LibraryCell cell : cells)
    circuits.push_back(standardCellCircuit(cell, t));
  return circuits;
}

} // namespace nladc::netlist
