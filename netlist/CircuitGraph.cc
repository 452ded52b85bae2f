#include "netlist/CircuitGraph.hh"

#include "netlist/SpiceToken.hh"
#include "util/Error.hh"

#include <algorithm>
#include <boost/range/iterator_range.hpp>
#include <fmt/format.h>

namespace nladc::netlist {

namespace {

// Bounds on flattening, so a hostile deck (subcircuits nested a million deep,
// or ten instances of ten instances of …) ends in an error, not a crash.
constexpr std::size_t kMaxDepth = 1000;
constexpr std::size_t kMaxVertices = 1'000'000;

} // namespace

CircuitGraph::CircuitGraph(const Circuit& circuit)
{
  for (const Subcircuit& subcircuit : circuit.subcircuits)
    subcircuits_.emplace(lowerCase(subcircuit.name), &subcircuit);
  ground_ = netVertex({"0", "0"});
  expand(circuit.devices, Scope{});
}

std::vector<CircuitGraph::Vertex> CircuitGraph::terminalNets(Vertex device) const
{
  std::vector<Vertex> nets;
  for (const auto edge : boost::make_iterator_range(boost::out_edges(device, graph_))) {
    const std::size_t terminal = graph_[edge].terminal;
    if (terminal >= nets.size())
      nets.resize(terminal + 1, Graph::null_vertex());
    nets[terminal] = boost::target(edge, graph_);
  }
  return nets;
}

void CircuitGraph::expand(const std::vector<Device>& devices, const Scope& scope)
{
  for (const Device& device : devices) {
    const auto found =
        device.kind == DeviceKind::instance ? subcircuits_.find(lowerCase(device.model)) : subcircuits_.end();
    const Subcircuit* subcircuit = found == subcircuits_.end() ? nullptr : found->second;
    const bool recursive = std::count(scope.expanding.begin(), scope.expanding.end(), subcircuit) != 0;
    if (!subcircuit || recursive || subcircuit->ports.size() != device.nets.size()) {
      const Vertex vertex = addDevice(device, scope);
      if (recursive)
        recursive_.push_back(vertex);
      continue;
    }
    if (scope.expanding.size() == kMaxDepth)
      throw InputError(fmt::format("subcircuits nested deeper than {} at {}{}", kMaxDepth, scope.prefix, device.name));
    Scope inner{scope.prefix + device.name + ".", {}, scope.expanding};
    inner.expanding.push_back(subcircuit);
    for (std::size_t i = 0; i < subcircuit->ports.size(); ++i)
      inner.ports.insert_or_assign(lowerCase(subcircuit->ports[i]), netName(device.nets[i], scope));
    expand(subcircuit->devices, inner);
  }
}

CircuitGraph::Vertex CircuitGraph::addDevice(const Device& device, const Scope& scope)
{
  if (boost::num_vertices(graph_) >= kMaxVertices)
    throw InputError(fmt::format("the circuit flattens to more than {} nets and devices", kMaxVertices));
  const Vertex vertex = boost::add_vertex(VertexData{VertexKind::device, scope.prefix + device.name, &device}, graph_);
  std::vector<std::string> terminals = device.nets;
  if (device.kind == DeviceKind::behavioural)
    for (std::string& node : referencedNodes(expressionOf(device)))
      terminals.push_back(std::move(node));
  for (std::size_t terminal = 0; terminal < terminals.size(); ++terminal)
    boost::add_edge(vertex, netVertex(netName(terminals[terminal], scope)), EdgeData{terminal}, graph_);
  return vertex;
}

CircuitGraph::NetName CircuitGraph::netName(const std::string& net, const Scope& scope) const
{
  const std::string lower = lowerCase(net);
  if (lower == "0" || lower == "gnd")
    return {"0", "0"};
  if (const auto port = scope.ports.find(lower); port != scope.ports.end())
    return port->second;
  return {lowerCase(scope.prefix) + lower, scope.prefix + net};
}

CircuitGraph::Vertex CircuitGraph::netVertex(const NetName& name)
{
  const auto [entry, added] = nets_.try_emplace(name.key, Graph::null_vertex());
  if (added)
    entry->second = boost::add_vertex(VertexData{VertexKind::net, name.display, nullptr}, graph_);
  return entry->second;
}

} // namespace nladc::netlist
