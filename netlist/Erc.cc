#include "netlist/Erc.hh"

#include "netlist/CircuitGraph.hh"
#include "netlist/SpiceReader.hh"
#include "netlist/SpiceToken.hh"
#include "util/Error.hh"

#include <boost/graph/breadth_first_search.hpp>
#include <boost/pending/disjoint_sets.hpp>
#include <boost/range/iterator_range.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <set>
#include <string_view>
#include <utility>

namespace nladc::netlist {

namespace fs = std::filesystem;

namespace {

using Graph = CircuitGraph::Graph;
using Vertex = CircuitGraph::Vertex;
using DisjointSets = boost::disjoint_sets_with_storage<>;

constexpr std::array<std::string_view, 12> kRules{
    "unreadable-include", "duplicate-name",      "undefined-model",  "undefined-subckt",
    "port-mismatch",      "undefined-parameter", "recursive-subckt", "one-connection",
    "no-ground",          "no-dc-path",          "shorted-source",   "source-loop",
};

// The terminal pairs a device conducts DC between. An opaque instance is
// taken to join all its nets: its insides are unknown, and assuming the worst
// would bury the real faults under guesses.
std::vector<std::pair<std::size_t, std::size_t>> dcPaths(const Device& device)
{
  switch (device.kind) {
  case DeviceKind::resistor:
  case DeviceKind::voltageSource:
  case DeviceKind::vcvs:
  case DeviceKind::behavioural:
  case DeviceKind::vswitch: return {{0, 1}};
  case DeviceKind::mosfet: return {{0, 2}}; // the channel; not the gate, not the bulk junctions
  case DeviceKind::capacitor:
  case DeviceKind::currentSource: return {};
  case DeviceKind::instance: break;
  }
  std::vector<std::pair<std::size_t, std::size_t>> chain;
  for (std::size_t i = 1; i < device.nets.size(); ++i)
    chain.emplace_back(i - 1, i);
  return chain;
}

bool isVoltageSource(DeviceKind kind)
{
  return kind == DeviceKind::voltageSource || kind == DeviceKind::vcvs || kind == DeviceKind::behavioural;
}

class Checker {
public:
  Checker(const Circuit& circuit, const fs::path& includeDir) : circuit_(circuit), includeDir_(includeDir) {}

  std::vector<Violation> run()
  {
    collectDefinitions();
    checkDuplicates();
    checkReferences(circuit_.devices, nullptr);
    for (const Subcircuit& subcircuit : circuit_.subcircuits)
      checkReferences(subcircuit.devices, &subcircuit);

    const CircuitGraph graph(circuit_);
    for (const Vertex instance : graph.recursiveInstances())
      add("recursive-subckt", fmt::format("{} instantiates subcircuit {} inside itself", graph.graph()[instance].name,
                                          graph.graph()[instance].device->model));
    checkConnections(graph);
    checkDcPaths(graph);
    checkVoltageSources(graph);

    std::stable_sort(violations_.begin(), violations_.end(), [](const Violation& a, const Violation& b) {
      return std::find(kRules.begin(), kRules.end(), a.rule) < std::find(kRules.begin(), kRules.end(), b.rule);
    });
    return std::move(violations_);
  }

private:
  void add(std::string_view rule, std::string message) { violations_.push_back({std::string(rule), message}); }

  // The deck's models and subcircuits, then its libraries' (the deck's win).
  void collectDefinitions()
  {
    for (const ModelCard& model : circuit_.models)
      defined_.models.insert(lowerCase(model.name));
    for (const Subcircuit& subcircuit : circuit_.subcircuits)
      defined_.subcircuits.emplace(lowerCase(subcircuit.name), subcircuit.ports.size());
    const auto resolved = [this](const fs::path& path) { return path.is_absolute() ? path : includeDir_ / path; };
    for (const fs::path& path : circuit_.includes)
      scanLibrary(resolved(path), "", defined_);
    for (const auto& [path, section] : circuit_.libs)
      scanLibrary(resolved(path), section, defined_);
    for (const std::string& problem : defined_.problems)
      add("unreadable-include", problem);
  }

  template <typename Items, typename Describe> void reportDuplicates(const Items& items, Describe describe)
  {
    std::set<std::string> seen;
    for (const auto& item : items)
      if (!seen.insert(lowerCase(item.name)).second)
        add("duplicate-name", describe(item.name));
  }

  void checkDuplicates()
  {
    reportDuplicates(circuit_.devices, [](const std::string& name) {
      return fmt::format("device {} appears twice at the top level", name);
    });
    for (const Subcircuit& subcircuit : circuit_.subcircuits)
      reportDuplicates(subcircuit.devices, [&](const std::string& name) {
        return fmt::format("device {} appears twice in subckt {}", name, subcircuit.name);
      });
    reportDuplicates(circuit_.models,
                     [](const std::string& name) { return fmt::format("model {} is defined twice", name); });
    reportDuplicates(circuit_.subcircuits,
                     [](const std::string& name) { return fmt::format("subckt {} is defined twice", name); });
  }

  // Models, subcircuits and parameters the devices of one scope refer to.
  void checkReferences(const std::vector<Device>& devices, const Subcircuit* scope)
  {
    std::set<std::string> parameters;
    if (scope)
      for (const auto& param : scope->params)
        parameters.insert(lowerCase(param.first));
    for (const Device& device : devices) {
      const std::string who = device.name + (scope ? " in subckt " + scope->name : "");
      const bool usesModel = device.kind == DeviceKind::vswitch || device.kind == DeviceKind::mosfet;
      if (usesModel && !defined_.models.contains(lowerCase(device.model)))
        add("undefined-model", fmt::format("{} uses undefined model {}", who, device.model));
      if (device.kind == DeviceKind::instance)
        checkInstance(device, who);

      std::vector<std::string> used = referencedParameters(expressionOf(device));
      for (const auto& param : device.params)
        for (std::string& name : referencedParameters(param.second))
          used.push_back(std::move(name));
      for (const std::string& name : used)
        if (!parameters.contains(lowerCase(name)))
          add("undefined-parameter", fmt::format("{} uses {{{}}}, which is not a parameter of {}", who, name,
                                                 scope ? "subckt " + scope->name : "the top level"));
    }
  }

  void checkInstance(const Device& instance, const std::string& who)
  {
    const auto found = defined_.subcircuits.find(lowerCase(instance.model));
    if (found == defined_.subcircuits.end())
      add("undefined-subckt", fmt::format("{} instantiates undefined subcircuit {}", who, instance.model));
    else if (found->second != instance.nets.size())
      add("port-mismatch", fmt::format("{} connects {} nets but subcircuit {} has {} ports", who, instance.nets.size(),
                                       instance.model, found->second));
  }

  void checkConnections(const CircuitGraph& circuit)
  {
    const Graph& g = circuit.graph();
    for (const Vertex net : boost::make_iterator_range(boost::vertices(g))) {
      if (g[net].kind != CircuitGraph::VertexKind::net || net == circuit.ground() || boost::out_degree(net, g) != 1)
        continue;
      const Vertex device = boost::target(*boost::out_edges(net, g).first, g);
      add("one-connection", fmt::format("net {} has one connection ({})", g[net].name, g[device].name));
      dangling_.insert(net);
    }
  }

  // A net with one connection is reported once, as such, not again here.
  void checkDcPaths(const CircuitGraph& circuit)
  {
    const Graph& g = circuit.graph();
    if (boost::out_degree(circuit.ground(), g) == 0) {
      add("no-ground", "no device connects to ground (net 0 or gnd)");
      return;
    }
    DisjointSets dc(boost::num_vertices(g));
    for (const Vertex vertex : boost::make_iterator_range(boost::vertices(g))) {
      if (g[vertex].kind != CircuitGraph::VertexKind::device)
        continue;
      const std::vector<Vertex> nets = circuit.terminalNets(vertex);
      for (const auto& [a, b] : dcPaths(*g[vertex].device))
        if (b < nets.size())
          dc.union_set(nets[a], nets[b]);
    }
    for (const Vertex net : boost::make_iterator_range(boost::vertices(g)))
      if (g[net].kind == CircuitGraph::VertexKind::net && !dangling_.contains(net) &&
          dc.find_set(net) != dc.find_set(circuit.ground()))
        add("no-dc-path", fmt::format("net {} has no DC path to ground", g[net].name));
  }

  // Sources join nets into trees; a source whose nets are already joined
  // closes a loop, found as the tree path between them.
  void checkVoltageSources(const CircuitGraph& circuit)
  {
    struct SourceEdge {
      Vertex source;
    };
    using Forest = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property, SourceEdge>;
    const Graph& g = circuit.graph();
    Forest forest(boost::num_vertices(g));
    DisjointSets joined(boost::num_vertices(g));
    for (const Vertex source : boost::make_iterator_range(boost::vertices(g))) {
      if (g[source].kind != CircuitGraph::VertexKind::device || !isVoltageSource(g[source].device->kind))
        continue;
      const std::vector<Vertex> nets = circuit.terminalNets(source);
      if (nets.size() < 2)
        continue;
      if (nets[0] == nets[1]) {
        add("shorted-source",
            fmt::format("voltage source {} has both terminals on net {}", g[source].name, g[nets[0]].name));
      } else if (joined.find_set(nets[0]) == joined.find_set(nets[1])) {
        std::vector<Forest::edge_descriptor> reachedBy(boost::num_vertices(forest));
        boost::breadth_first_search(forest, nets[0],
                                    boost::visitor(boost::make_bfs_visitor(
                                        boost::record_edge_predecessors(reachedBy.data(), boost::on_tree_edge()))));
        std::vector<std::string> sources;
        std::vector<std::string> loopNets{g[nets[1]].name};
        for (Vertex at = nets[1]; at != nets[0];) {
          sources.push_back(g[forest[reachedBy[at]].source].name);
          at = boost::source(reachedBy[at], forest);
          loopNets.push_back(g[at].name);
        }
        sources.push_back(g[source].name);
        add("source-loop", fmt::format("voltage sources {} form a loop through nets {}", fmt::join(sources, ", "),
                                       fmt::join(loopNets, ", ")));
      } else {
        joined.union_set(nets[0], nets[1]);
        boost::add_edge(nets[0], nets[1], SourceEdge{source}, forest);
      }
    }
  }

  const Circuit& circuit_;
  const fs::path includeDir_;
  LibraryDefinitions defined_;
  std::set<Vertex> dangling_;
  std::vector<Violation> violations_;
};

} // namespace

std::vector<Violation> checkCircuit(const Circuit& circuit, const fs::path& includeDir)
{
  return Checker(circuit, includeDir).run();
}

void requireCleanGenerated(const Circuit& circuit, std::string_view what)
{
  const std::vector<Violation> violations = checkCircuit(circuit);
  if (!violations.empty())
    throw WorkError(fmt::format("{} fails its electrical rule checks: {}", what, violations.front().message));
}

} // namespace nladc::netlist
