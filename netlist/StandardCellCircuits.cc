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
  case LibraryCell::latch:
    // A static transmission-gate latch, transparent while g is high: the
    // input gate passes d to x, the feedback gate closes the loop x → xb →
    // fb → x while g is low; q buffers xb. Every device 2·min_width.
    return {
        name,
        {"d", "g", "q", "vdd"},
        {mosfet("MNG", false, {"gb", "g", "0", "0"}, doubled), mosfet("MPG", true, {"gb", "g", "vdd", "vdd"}, doubled),
         mosfet("MNI", false, {"d", "g", "x", "0"}, doubled), mosfet("MPI", true, {"d", "gb", "x", "vdd"}, doubled),
         mosfet("MNX", false, {"xb", "x", "0", "0"}, doubled), mosfet("MPX", true, {"xb", "x", "vdd", "vdd"}, doubled),
         mosfet("MNF", false, {"fb", "xb", "0", "0"}, doubled),
         mosfet("MPF", true, {"fb", "xb", "vdd", "vdd"}, doubled),
         mosfet("MNK", false, {"fb", "gb", "x", "0"}, doubled), mosfet("MPK", true, {"fb", "g", "x", "vdd"}, doubled),
         mosfet("MNQ", false, {"q", "xb", "0", "0"}, doubled), mosfet("MPQ", true, {"q", "xb", "vdd", "vdd"}, doubled)},
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
