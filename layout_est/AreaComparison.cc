#include "layout_est/AreaComparison.hh"

#include "layout_est/SwitchingEnergy.hh"
#include "netlist/FlashAdcCircuit.hh"
#include "netlist/InMemoryAdcCircuit.hh"
#include "netlist/SarAdcCircuit.hh"

namespace nladc::layout_est {

namespace {

// A design's area, and its energy where the technology has the rules for it.
template <class Energy> DesignArea estimate(const netlist::AdcCircuit& adc, const adc::Technology& t, Energy energy)
{
  DesignArea d = estimateArea(adc, t);
  if (t.energy)
    d.energy = energy(adc);
  return d;
}

} // namespace

AreaComparison compareAreas(const adc::ReferenceColumnDesign& design, const adc::Technology& t, int columns,
                            int linearBits, netlist::StepRule rule, const ComparatorEnergy& comparator)
{
  const quant::LevelSet& set = design.levels;
  const auto linearSar = [&](const netlist::AdcCircuit& adc) {
    return sarEnergy(adc, conventionalSwitchingEnergy(adc.dacBits), t, comparator);
  };
  AreaComparison c;
  c.columns = columns;
  c.designs.push_back(
      estimate(netlist::inMemoryAdcCircuit(design, t, columns, rule), t,
               [&](const netlist::AdcCircuit& adc) { return inMemoryEnergy(adc, design, t, columns, comparator); }));
  c.designs.push_back(estimate(netlist::nlSarAdcCircuit(set, t, columns, rule), t, [&](const netlist::AdcCircuit& adc) {
    return sarEnergy(adc, searchSwitchingEnergy(adc.dacBits, netlist::thresholdGrid(set, rule).codes), t, comparator);
  }));
  c.designs.push_back(estimate(netlist::nlFlashAdcCircuit(set, t), t,
                               [&](const netlist::AdcCircuit& adc) { return flashEnergy(adc, t, comparator); }));
  c.designs.push_back(estimate(netlist::sarAdcCircuit(set.bits, t), t, linearSar));
  DesignArea matched = estimate(netlist::sarAdcCircuit(linearBits, t), t, linearSar);
  matched.name = "sar-mse-matched";
  c.designs.push_back(std::move(matched));
  return c;
}

} // namespace nladc::layout_est
