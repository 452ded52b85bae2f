#include "layout_est/DeviceArea.hh"

#include <algorithm>
#include <cmath>

namespace nladc::layout_est {

namespace {

double fingerPitch(const adc::Technology& t, double l)
{
  return t.area.gatePitch + std::max(0.0, l - t.featureSize);
}

} // namespace

int transistorFingers(const adc::Technology& t, double w, double l)
{
  const double fingers = std::round(std::sqrt(w * t.area.widthFactor / fingerPitch(t, l)));
  return std::max(1, static_cast<int>(fingers));
}

double transistorArea(const adc::Technology& t, double w, double l)
{
  const adc::AreaRules& r = t.area;
  const int n = transistorFingers(t, w, l);
  const double height = w * r.widthFactor / n + 2.0 * r.gateExtension;
  const double length = (n - 1) * fingerPitch(t, l) + l + 2.0 * r.diffusionExtension;
  return (height + r.diffusionSpacing) * (length + r.diffusionSpacing);
}

double capacitorArea(const adc::AreaRules& rules, double farads, bool mim)
{
  return farads / (mim && rules.mimDensity > 0.0 ? rules.mimDensity : rules.momDensity);
}

double libraryCellArea(const adc::Technology& t, netlist::LibraryCell cell)
{
  const adc::AreaRules& r = t.area;
  using netlist::LibraryCell;
  switch (cell) {
  case LibraryCell::rramCell: return r.cellF2 * t.featureSize * t.featureSize;
  case LibraryCell::unitResistor: return r.unitResistorArea;
  case LibraryCell::inverter: return r.inverterArea;
  case LibraryCell::nand2: return r.nand2Area;
  case LibraryCell::xor2: return r.xor2Area;
  case LibraryCell::mux2: return r.mux2Area;
  case LibraryCell::latch: return r.latchArea;
  case LibraryCell::flipFlop: return r.dffArea;
  }
  return 0.0;
}

} // namespace nladc::layout_est
