#include "netlist/DigitalBlocks.hh"

#include "netlist/AnalogBlocks.hh"
#include "netlist/CellLibrary.hh"

#include <fmt/format.h>

namespace nladc::netlist {

Subcircuit registerBlock(std::string name, int words, int bits)
{
  Subcircuit block{std::move(name), {"clk", "vdd"}, {}, {}};
  addCellChain(block, "XFF", LibraryCell::flipFlop, words * bits);
  return block;
}

Subcircuit latchBlock(std::string name, int bits)
{
  Subcircuit block{std::move(name), {"count", "cmp", "vdd"}, {}, {}};
  addCellChain(block, "XLAT", LibraryCell::latch, bits);
  return block;
}

Subcircuit counterBlock(std::string name, int bits)
{
  // Bit i toggles (XOR2) when all lower bits are 1: an AND chain of
  // NAND2 + inverter over the lower bits.
  Subcircuit block{std::move(name), {"clk", "count", "vdd"}, {}, {}};
  addCellChain(block, "XFF", LibraryCell::flipFlop, bits);
  addCellChain(block, "XTOG", LibraryCell::xor2, bits);
  addCellChain(block, "XAND", LibraryCell::nand2, bits - 1);
  addCellChain(block, "XINV", LibraryCell::inverter, bits - 1);
  return block;
}

Subcircuit sarLogicBlock(std::string name, int steps)
{
  // A one-hot sequencer of steps + 1 flip-flops (the last marks the end of
  // the conversion), a result flip-flop per step, and a NAND2 per step to
  // gate the comparator's decision into it.
  Subcircuit block{std::move(name), {"clk", "cmp", "vdd"}, {}, {}};
  addCellChain(block, "XSEQ", LibraryCell::flipFlop, steps + 1);
  addCellChain(block, "XRES", LibraryCell::flipFlop, steps);
  addCellChain(block, "XGATE", LibraryCell::nand2, steps);
  return block;
}

Subcircuit capacitiveDacBlock(std::string name, int bits, double unitCapacitance, double switchWidth,
                              double switchLength)
{
  // C0 is the dummy unit and C(i) holds 2^(i−1) units (i = 1 … bits):
  // 2^bits units on the top plate. Each bottom plate has an inverter that
  // drives it to either reference; one NMOS samples the top plate.
  Subcircuit block{std::move(name), {"top", "vdd"}, {}, {}};
  for (int i = 0; i <= bits; ++i) {
    const double units = i == 0 ? 1.0 : static_cast<double>(1L << (i - 1));
    block.devices.push_back(
        capacitor(fmt::format("C{}", i), {"top", fmt::format("bot{}", i)}, units * unitCapacitance, false));
  }
  addCellChain(block, "XDRV", LibraryCell::inverter, bits + 1);
  block.devices.push_back(mosfet("MSAMP", false, {"top", "vdd", "0", "0"}, {switchWidth, switchLength}));
  return block;
}

} // namespace nladc::netlist
