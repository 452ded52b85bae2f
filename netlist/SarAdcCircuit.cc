#include "netlist/SarAdcCircuit.hh"

#include "netlist/AnalogBlocks.hh"
#include "netlist/CellLibrary.hh"
#include "netlist/DigitalBlocks.hh"
#include "netlist/ThresholdGrid.hh"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace nladc::netlist {

namespace {

// What every SAR column holds: a comparator, a DAC of `dacBits` bits that
// also samples V_in with steps as narrow as `stepVolts`, and SAR logic of
// `bits` comparisons.
AdcCircuit sarColumn(std::string design, int bits, int dacBits, double stepVolts, const adc::Technology& t)
{
  AdcCircuit adc;
  adc.design = std::move(design);
  adc.bits = bits;
  adc.dacBits = dacBits;
  adc.circuit.title = fmt::format("nladc area: {} ({} bits, {}-bit DAC)", adc.design, bits, dacBits);
  adc.circuit.subcircuits.push_back(strongArmComparator(t));
  adc.addBlock(comparatorBank("comparator", 1), 1);
  if (t.comparator.autoZero)
    adc.addBlock(autoZeroBlock("auto_zero", 1, t), 1);
  const double matched = dacUnitCapacitance(t.area, dacBits);
  if (matched > t.area.unitCapacitance)
    adc.notes.push_back(fmt::format("{}-bit DAC exceeds the {} bits {:.3g} fF units match: units upsized to {:.3g} fF",
                                    dacBits, matchedDacBits(t.area), t.area.unitCapacitance * 1e15, matched * 1e15));
  const double sampled = samplingCapacitance(stepVolts) / std::ldexp(1.0, dacBits);
  if (sampled > matched)
    adc.notes.push_back(fmt::format("DAC units upsized to {:.3g} fF for the kT/C noise of {:.3g} mV steps",
                                    sampled * 1e15, stepVolts * 1e3));
  const double unit = std::max(matched, sampled);
  adc.addBlock(capacitiveDacBlock("cdac", dacBits, unit, t.area.minWidth, t.featureSize), 1);
  adc.addBlock(sarLogicBlock("sar_logic", bits), 1);
  return adc;
}

} // namespace

double dacUnitCapacitance(const adc::AreaRules& r, int dacBits)
{
  const double mismatch = r.unitCapacitorMismatch;
  return r.unitCapacitance * std::max(1.0, 9.0 * mismatch * mismatch * std::ldexp(1.0, dacBits));
}

int matchedDacBits(const adc::AreaRules& r)
{
  const double mismatch = r.unitCapacitorMismatch;
  return static_cast<int>(std::floor(std::log2(1.0 / (9.0 * mismatch * mismatch))));
}

AdcCircuit nlSarAdcCircuit(const quant::LevelSet& set, const adc::Technology& t, int columns, StepRule rule)
{
  const int dacBits = thresholdGrid(set, rule).bits;
  const int buses = static_cast<int>(set.levelCount() / 2);
  AdcCircuit adc = sarColumn("nl-sar", set.bits, dacBits, narrowestStep(set, rule) * t.fullScale, t);

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
  return sarColumn("sar", bits, bits, t.fullScale / std::ldexp(1.0, bits), t);
}

} // namespace nladc::netlist
