#include "layout_est/AreaComparison.hh"

#include "netlist/FlashAdcCircuit.hh"
#include "netlist/InMemoryAdcCircuit.hh"
#include "netlist/SarAdcCircuit.hh"

namespace nladc::layout_est {

AreaComparison compareAreas(const adc::ReferenceColumnDesign& design, const adc::Technology& t, int columns,
                            int linearBits, netlist::StepRule rule)
{
  const quant::LevelSet& set = design.levels;
  AreaComparison c;
  c.columns = columns;
  c.designs.push_back(estimateArea(netlist::inMemoryAdcCircuit(design, t, columns, rule), t));
  c.designs.push_back(estimateArea(netlist::nlSarAdcCircuit(set, t, columns, rule), t));
  c.designs.push_back(estimateArea(netlist::nlFlashAdcCircuit(set, t), t));
  c.designs.push_back(estimateArea(netlist::sarAdcCircuit(set.bits, t), t));
  DesignArea matched = estimateArea(netlist::sarAdcCircuit(linearBits, t), t);
  matched.name = "sar-mse-matched";
  c.designs.push_back(std::move(matched));
  return c;
}

} // namespace nladc::layout_est
