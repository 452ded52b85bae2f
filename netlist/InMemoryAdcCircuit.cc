#include "netlist/InMemoryAdcCircuit.hh"

#include "netlist/AnalogBlocks.hh"
#include "netlist/CellLibrary.hh"
#include "netlist/DigitalBlocks.hh"

#include <fmt/format.h>

namespace nladc::netlist {

namespace {

// `count` 1T1R cells on the bit line, each on its own word line.
Subcircuit cellBlock(std::string name, const std::string& prefix, int count)
{
  Subcircuit block{std::move(name), {"bl", "sl"}, {}, {}};
  for (int i = 0; i < count; ++i)
    block.devices.push_back(
        libraryInstance(fmt::format("{}{}", prefix, i), LibraryCell::rramCell, {fmt::format("wl{}", i), "bl", "sl"}));
  return block;
}

// The op-amp with C_int in feedback and a reset switch across it.
Subcircuit integratorBlock(double cInt, const adc::Technology& t)
{
  return {"integrator",
          {"bl", "ramp", "rst", "vdd"},
          {Device{"XOPAMP", DeviceKind::instance, {"0", "bl", "ramp", "vdd", "bias"}, "nladc_opamp", "", {}},
           capacitor("CINT", {"bl", "ramp"}, cInt, true),
           mosfet("MRST", false, {"bl", "rst", "ramp", "0"}, {t.area.minWidth, t.featureSize})},
          {}};
}

// Per slot (calibration slot 0 and the K−1 ramp steps) a b-input AND of
// the counter's bits ((b − 1) NAND2 + an inverter) that drives the word
// line; a start and a done flip-flop sequence the conversion.
Subcircuit controlBlock(int slots, int bits)
{
  Subcircuit block{"control", {"clk", "count", "vdd"}, {}, {}};
  addCellChain(block, "XDEC", LibraryCell::nand2, slots * (bits - 1));
  addCellChain(block, "XWL", LibraryCell::inverter, slots);
  addCellChain(block, "XSEQ", LibraryCell::flipFlop, 2);
  return block;
}

} // namespace

AdcCircuit inMemoryAdcCircuit(const adc::ReferenceColumnDesign& design, const adc::Technology& t, int columns,
                              StepRule rule)
{
  const int bits = design.levels.bits;
  const int slots = static_cast<int>(design.levels.levelCount());
  int rampCells = 0;
  for (const adc::RampStep& step : design.steps)
    rampCells += step.cells;

  AdcCircuit adc;
  adc.design = "in-memory-nl-adc";
  adc.bits = bits;
  adc.circuit.title =
      fmt::format("nladc area: in-memory NL-ADC, {} ({} bits), {} columns", design.levels.name, bits, columns);
  adc.circuit.subcircuits.push_back(strongArmComparator(t));
  // The op-amp is compensated for the ramp line it drives (C_int alone
  // for a technology that cannot say what the line's gates weigh).
  adc.circuit.subcircuits.push_back(millerOpamp(t, t.energy ? rampLoadCapacitance(t, columns) : design.cInt));
  const double hold = holdCapacitance(design.levels, t, rule);
  if (t.blocks) {
    // The front end the transistor deck simulates: C_in holds V_in.
    Subcircuit frontEnd = columnFrontEnd(frontEndSizing(t, hold));
    frontEnd.name = "front_end";
    adc.addBlock(std::move(frontEnd), 1);
  } else {
    adc.addBlock(sampleHoldBlock("sample_hold", hold, t), 1);
    adc.addBlock(comparatorBank("comparator", 1), 1);
  }
  // The front end is auto-zeroed already: an auto-zeroed comparator is it.
  if (t.comparator.autoZero && !t.blocks)
    adc.addBlock(autoZeroBlock("auto_zero", 1, t), 1);
  adc.addBlock(latchBlock("column_latch", bits), 1);
  adc.addBlock(cellBlock("reference_column", "XS", rampCells), columns);
  adc.addBlock(cellBlock("calibration_cells", "XCAL", static_cast<int>(design.calibrationConductances.size())),
               columns);
  adc.addBlock(integratorBlock(design.cInt, t), columns);
  adc.addBlock(counterBlock("counter", bits), columns);
  adc.addBlock(controlBlock(slots, bits), columns);
  return adc;
}

} // namespace nladc::netlist
