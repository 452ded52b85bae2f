#include "netlist/SarAdcCircuit.hh"

#include "netlist/AnalogBlocks.hh"
#include "netlist/CellLibrary.hh"
#include "netlist/DigitalBlocks.hh"
#include "netlist/ThresholdGrid.hh"

#include <fmt/format.h>

namespace nladc::netlist {

namespace {

// What every SAR column holds: a comparator, a DAC of `dacBits` bits and
// SAR logic of `steps` comparisons.
AdcCircuit sarColumn(std::string design, int bits, int dacBits, const adc::Technology& t)
{
  AdcCircuit adc;
  adc.design = std::move(design);
  adc.bits = bits;
  adc.dacBits = dacBits;
  adc.circuit.title = fmt::format("nladc area: {} ({} bits, {}-bit DAC)", adc.design, bits, dacBits);
  adc.circuit.subcircuits.push_back(strongArmComparator(t));
  adc.addBlock(comparatorBank("comparator", 1), 1);
  adc.addBlock(capacitiveDacBlock("cdac", dacBits, t.area.unitCapacitance, t.area.minWidth, t.featureSize), 1);
  adc.addBlock(sarLogicBlock("sar_logic", bits), 1);
  return adc;
}

} // namespace

AdcCircuit nlSarAdcCircuit(const quant::LevelSet& set, const adc::Technology& t, int columns)
{
  const int dacBits = thresholdGrid(set).bits;
  const int buses = static_cast<int>(set.levelCount() / 2);
  AdcCircuit adc = sarColumn("nl-sar", set.bits, dacBits, t);

  Subcircuit mux{"threshold_mux", {"clk", "vdd"}, {}, {}};
  addCellChain(mux, "XMUX", LibraryCell::mux2, dacBits * (buses - 1));
  adc.addBlock(std::move(mux), 1);

  Subcircuit registers = registerBlock("threshold_registers", static_cast<int>(set.thresholds.size()), dacBits);
  addCellChain(registers, "XBUS", LibraryCell::inverter, dacBits * buses);
  adc.addBlock(std::move(registers), columns);
  return adc;
}

AdcCircuit sarAdcCircuit(int bits, const adc::Technology& t)
{
  return sarColumn("sar", bits, bits, t);
}

} // namespace nladc::netlist
