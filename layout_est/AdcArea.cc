#include "layout_est/AdcArea.hh"

#include "layout_est/CircuitArea.hh"

namespace nladc::layout_est {

double DesignArea::perColumn() const
{
  double sum = 0.0;
  for (const BlockArea& b : blocks)
    sum += b.perColumn();
  return sum;
}

DesignArea estimateArea(const netlist::AdcCircuit& adc, const adc::Technology& t)
{
  DesignArea result{adc.design, adc.bits, adc.dacBits, adc.notes, {}, std::nullopt};
  for (const netlist::AdcBlock& block : adc.blocks)
    result.blocks.push_back(
        {block.name, block.sharedBy, subcircuitDeviceArea(adc.circuit, block.name, t) * t.area.routingFactor});
  return result;
}

} // namespace nladc::layout_est
