#include "netlist/AdcCircuit.hh"

namespace nladc::netlist {

void AdcCircuit::addBlock(Subcircuit block, int sharedBy)
{
  circuit.devices.push_back(Device{"X" + block.name, DeviceKind::instance, block.ports, block.name, "", {}});
  blocks.push_back({block.name, sharedBy});
  circuit.subcircuits.push_back(std::move(block));
}

} // namespace nladc::netlist
