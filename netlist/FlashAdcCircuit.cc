#include "netlist/FlashAdcCircuit.hh"

#include "netlist/AnalogBlocks.hh"
#include "netlist/CellLibrary.hh"

#include <algorithm>
#include <fmt/format.h>

namespace nladc::netlist {

namespace {

// Segment k spans code bin k (lo … t_1, …, t_{K−1} … hi) from the bottom
// reference "ref_lo" to the top "ref_hi"; tap ref<k> is threshold k.
Subcircuit ladderBlock(const quant::LevelSet& set)
{
  std::vector<double> edges{set.domain.lo};
  edges.insert(edges.end(), set.thresholds.begin(), set.thresholds.end());
  edges.push_back(set.domain.hi);
  double narrowest = set.domain.width();
  for (size_t k = 1; k < edges.size(); ++k)
    narrowest = std::min(narrowest, edges[k] - edges[k - 1]);

  Subcircuit ladder{"ladder", {"ref_lo", "ref_hi"}, {}, {}};
  for (size_t k = 1; k < edges.size(); ++k) {
    const std::string below = k == 1 ? "ref_lo" : fmt::format("ref{}", k - 2);
    const std::string above = k + 1 == edges.size() ? "ref_hi" : fmt::format("ref{}", k - 1);
    Device segment = libraryInstance(fmt::format("XR{}", k), LibraryCell::unitResistor, {below, above});
    segment.params.emplace_back(unitResistorLength, fmt::format("{:.12g}", (edges[k] - edges[k - 1]) / narrowest));
    ladder.devices.push_back(std::move(segment));
  }
  return ladder;
}

} // namespace

AdcCircuit nlFlashAdcCircuit(const quant::LevelSet& set, const adc::Technology& t)
{
  const int comparators = static_cast<int>(set.thresholds.size());
  AdcCircuit adc;
  adc.design = "nl-flash";
  adc.bits = set.bits;
  adc.circuit.title = fmt::format("nladc area: nl-flash, set={} ({} bits)", set.name, set.bits);
  adc.circuit.subcircuits.push_back(strongArmComparator(t));
  adc.addBlock(comparatorBank("comparators", comparators), 1);
  if (t.comparator.autoZero)
    adc.addBlock(autoZeroBlock("auto_zero", comparators, t), 1);
  adc.addBlock(ladderBlock(set), 1);
  Subcircuit encoder{"encoder", {"clk", "vdd"}, {}, {}};
  addCellChain(encoder, "XEDGE", LibraryCell::nand2, comparators);
  addCellChain(encoder, "XOR", LibraryCell::nand2, set.bits * (static_cast<int>(set.levelCount()) / 2 - 1));
  adc.addBlock(std::move(encoder), 1);
  return adc;
}

} // namespace nladc::netlist
