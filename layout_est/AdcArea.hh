#pragma once

#include "adc/Technology.hh"
#include "layout_est/AdcEnergy.hh"
#include "netlist/AdcCircuit.hh"

#include <optional>
#include <string>
#include <vector>

namespace nladc::layout_est {

struct BlockArea {
  std::string name;
  int sharedBy = 1;
  double area = 0.0; // m², the whole block: device area × routing_factor

  double perColumn() const { return area / sharedBy; }
};

struct DesignArea {
  std::string name; // the design's, e.g. "nl-sar"
  int bits = 0;
  int dacBits = 0;                // 0: no threshold grid
  std::vector<std::string> notes; // the circuit's (netlist::AdcCircuit::notes)
  std::vector<BlockArea> blocks;
  // Its energy per conversion beside the area (AreaComparison.hh fills it);
  // nullopt when the technology has no energy section.
  std::optional<DesignEnergy> energy;

  double perColumn() const; // m², Σ block shares
};

// Each block of an ADC circuit: its devices' area (CircuitArea.hh) times
// the technology's routing_factor, and its share per column.
DesignArea estimateArea(const netlist::AdcCircuit& adc, const adc::Technology& technology);

} // namespace nladc::layout_est
