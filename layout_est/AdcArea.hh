#pragma once

#include "adc/Technology.hh"
#include "netlist/AdcCircuit.hh"

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

  double perColumn() const; // m², Σ block shares
};

// Each block of an ADC circuit: its devices' area (CircuitArea.hh) times
// the technology's routing_factor, and its share per column.
DesignArea estimateArea(const netlist::AdcCircuit& adc, const adc::Technology& technology);

} // namespace nladc::layout_est
