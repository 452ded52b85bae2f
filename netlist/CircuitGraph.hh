#pragma once

#include "netlist/Circuit.hh"

#include <boost/graph/adjacency_list.hpp>

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace nladc::netlist {

// The circuit as ngspice simulates it, on Boost.Graph: subcircuit instances
// are flattened into their devices, and the result is a bipartite graph of
// net vertices and device vertices. An edge joins a device to a net at one
// of its terminals and carries the terminal's index in SPICE order; a B
// source's expression reads nets through V(…), and those follow its two
// terminals as terminals 2, 3, ….
//
// Names are hierarchical as in ngspice: the net "mid" and the device "R2" of
// instance X1 are "X1.mid" and "X1.R2". Nets compare case-insensitively (as
// ngspice folds case) and "0" and "gnd" are the ground net "0" at any depth.
// An instance whose subcircuit is not in the circuit (e.g. it comes from an
// .include), whose net count differs from the subcircuit's ports, or that
// would recurse into a subcircuit being expanded stays one device vertex of
// kind `instance`: opaque.
class CircuitGraph {
public:
  enum class VertexKind { net, device };
  struct VertexData {
    VertexKind kind = VertexKind::net;
    std::string name;
    const Device* device = nullptr; // device vertices: the device in the circuit
  };
  struct EdgeData {
    std::size_t terminal = 0;
  };
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, VertexData, EdgeData>;
  using Vertex = Graph::vertex_descriptor;

  // `circuit` must outlive the graph: device vertices point into it. Throws
  // InputError if a B source's expression is not a valid value, or if the
  // flattened circuit would nest subcircuits over 1000 deep or hold over
  // a million vertices.
  explicit CircuitGraph(const Circuit& circuit);

  const Graph& graph() const { return graph_; }
  Vertex ground() const { return ground_; }

  // The net at each terminal of a device vertex, by terminal index.
  std::vector<Vertex> terminalNets(Vertex device) const;

  // Opaque instances that would have expanded a subcircuit inside itself.
  const std::vector<Vertex>& recursiveInstances() const { return recursive_; }

private:
  struct NetName {
    std::string key; // hierarchical, lower case
    std::string display;
  };
  struct Scope {
    std::string prefix;                   // "" at the top, "X1.X2." inside
    std::map<std::string, NetName> ports; // port (lower case) → the net it is bound to
    std::vector<const Subcircuit*> expanding;
  };

  void expand(const std::vector<Device>& devices, const Scope& scope);
  Vertex addDevice(const Device& device, const Scope& scope);
  NetName netName(const std::string& net, const Scope& scope) const;
  Vertex netVertex(const NetName& name);

  Graph graph_;
  Vertex ground_;
  std::map<std::string, const Subcircuit*> subcircuits_; // lower-case name → first definition
  std::map<std::string, Vertex> nets_;                   // key → vertex
  std::vector<Vertex> recursive_;
};

} // namespace nladc::netlist
