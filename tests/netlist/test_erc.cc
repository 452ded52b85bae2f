// The electrical rule checks, one seeded fault per test, and the circuit
// graph they run on.

#include "netlist/CircuitGraph.hh"
#include "netlist/Erc.hh"

#include "tests/support/TempDir.hh"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace nladc::netlist;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

Device device(std::string name, DeviceKind kind, std::vector<std::string> nets, std::string value,
              std::string model = "", std::vector<std::pair<std::string, std::string>> params = {})
{
  return Device{std::move(name), kind, std::move(nets), std::move(model), std::move(value), std::move(params)};
}

// A correct small circuit: supply, RC, an NMOS and a subcircuit load.
Circuit clean()
{
  Circuit c;
  c.title = "erc";
  c.models = {{"nch", "nmos", {{"level", "1"}}}};
  c.subcircuits = {{"load",
                    {"a", "b"},
                    {device("R1", DeviceKind::resistor, {"a", "mid"}, "{r}"),
                     device("C1", DeviceKind::capacitor, {"mid", "b"}, "1p"),
                     device("R2", DeviceKind::resistor, {"mid", "b"}, "1meg")},
                    {{"r", "1k"}}}};
  c.devices = {device("V1", DeviceKind::voltageSource, {"vdd", "0"}, "DC 1.2"),
               device("R1", DeviceKind::resistor, {"vdd", "out"}, "10k"),
               device("C1", DeviceKind::capacitor, {"out", "0"}, "1p"),
               device("M1", DeviceKind::mosfet, {"out", "g", "0", "0"}, "", "nch", {{"W", "1u"}, {"L", "100n"}}),
               device("V2", DeviceKind::voltageSource, {"g", "gnd"}, "DC 0.8"),
               device("X1", DeviceKind::instance, {"out", "0"}, "", "load")};
  c.analyses = {".op"};
  return c;
}

// The single violation of `c`, which must have exactly one.
Violation onlyViolation(const Circuit& c, const fs::path& includeDir = {})
{
  const std::vector<Violation> violations = checkCircuit(c, includeDir);
  for (const Violation& v : violations)
    UNSCOPED_INFO(v.rule << ": " << v.message);
  REQUIRE(violations.size() == 1);
  return violations[0];
}

} // namespace

TEST_CASE("a correct circuit with a source, RC, a MOSFET and a subcircuit is clean")
{
  CHECK(checkCircuit(clean()).empty());
}

TEST_CASE("ERC: a net with one connection")
{
  Circuit c = clean();
  c.devices.push_back(device("R9", DeviceKind::resistor, {"out", "dangling"}, "1k"));
  const Violation v = onlyViolation(c);
  CHECK(v.rule == "one-connection");
  CHECK(v.message == "net dangling has one connection (R9)");
}

TEST_CASE("ERC: a net reached only through capacitors has no DC path")
{
  Circuit c = clean();
  c.devices.push_back(device("C2", DeviceKind::capacitor, {"out", "island"}, "1p"));
  c.devices.push_back(device("C3", DeviceKind::capacitor, {"island", "0"}, "1p"));
  const Violation v = onlyViolation(c);
  CHECK(v.rule == "no-dc-path");
  CHECK(v.message == "net island has no DC path to ground");
}

TEST_CASE("ERC: no DC path inside a subcircuit instance, named hierarchically")
{
  Circuit c = clean();
  c.subcircuits[0].devices[2] = device("C2", DeviceKind::capacitor, {"mid", "b"}, "1p");
  c.subcircuits[0].devices[0] = device("C0", DeviceKind::capacitor, {"a", "mid"}, "1p");
  const Violation v = onlyViolation(c);
  CHECK(v.rule == "no-dc-path");
  CHECK(v.message == "net X1.mid has no DC path to ground");
}

TEST_CASE("ERC: a gate or a control input is no DC path")
{
  Circuit c = clean();
  c.devices[4] = device("C4", DeviceKind::capacitor, {"g", "0"}, "1p");
  c.devices.push_back(device("E1", DeviceKind::vcvs, {"e", "0", "g", "0"}, "2"));
  c.devices.push_back(device("R5", DeviceKind::resistor, {"e", "0"}, "1k"));
  const Violation v = onlyViolation(c);
  CHECK(v.rule == "no-dc-path");
  CHECK(v.message == "net g has no DC path to ground");
}

TEST_CASE("ERC: two voltage sources in a loop")
{
  Circuit c = clean();
  c.devices.push_back(device("V8", DeviceKind::voltageSource, {"a", "b"}, "DC 1"));
  c.devices.push_back(device("V9", DeviceKind::voltageSource, {"b", "a"}, "DC 1"));
  c.devices.push_back(device("R8", DeviceKind::resistor, {"a", "0"}, "1k"));
  const Violation v = onlyViolation(c);
  CHECK(v.rule == "source-loop");
  CHECK(v.message == "voltage sources V8, V9 form a loop through nets a, b");
}

TEST_CASE("ERC: a VCVS output in parallel with a voltage source is a loop")
{
  Circuit c = clean();
  c.devices.push_back(device("E1", DeviceKind::vcvs, {"vdd", "0", "g", "0"}, "2"));
  const Violation v = onlyViolation(c);
  CHECK(v.rule == "source-loop");
  CHECK(v.message == "voltage sources V1, E1 form a loop through nets 0, vdd");
}

TEST_CASE("ERC: a loop through a subcircuit and three sources names them all")
{
  Circuit c = clean();
  c.subcircuits.push_back({"drv", {"p", "n"}, {device("V1", DeviceKind::voltageSource, {"p", "n"}, "DC 1")}, {}});
  c.devices.push_back(device("X2", DeviceKind::instance, {"x", "vdd"}, "", "drv"));
  c.devices.push_back(device("B1", DeviceKind::behavioural, {"x", "0"}, "V=V(vdd)+1"));
  const Violation v = onlyViolation(c);
  CHECK(v.rule == "source-loop");
  CHECK(v.message == "voltage sources V1, X2.V1, B1 form a loop through nets 0, vdd, x");
}

TEST_CASE("ERC: a shorted voltage source")
{
  Circuit c = clean();
  c.devices.push_back(device("V7", DeviceKind::voltageSource, {"out", "OUT"}, "DC 1"));
  const Violation v = onlyViolation(c);
  CHECK(v.rule == "shorted-source");
  CHECK(v.message == "voltage source V7 has both terminals on net out");
}

TEST_CASE("ERC: duplicate instance names, per scope and regardless of case")
{
  Circuit c = clean();
  c.devices.push_back(device("r1", DeviceKind::resistor, {"out", "0"}, "1k"));
  CHECK(onlyViolation(c).message == "device r1 appears twice at the top level");

  c = clean();
  c.subcircuits[0].devices.push_back(device("R2", DeviceKind::resistor, {"a", "b"}, "1k"));
  CHECK(onlyViolation(c).message == "device R2 appears twice in subckt load");
  CHECK(onlyViolation(c).rule == "duplicate-name");

  c = clean();
  c.subcircuits.push_back(c.subcircuits[0]);
  CHECK(onlyViolation(c).message == "subckt load is defined twice");
}

TEST_CASE("ERC: a missing model")
{
  Circuit c = clean();
  c.devices[3].model = "pch";
  const Violation v = onlyViolation(c);
  CHECK(v.rule == "undefined-model");
  CHECK(v.message == "M1 uses undefined model pch");
}

TEST_CASE("ERC: models and subcircuits of included libraries count, unreadable ones are reported")
{
  const nladc::testing::TempDir scratch("nladc_erc_lib");
  const fs::path& dir = scratch.path();
  std::ofstream(dir / "models.lib") << "* models\n.lib tt\n.model PCH pmos level=1\n.endl tt\n";
  std::ofstream(dir / "cells.sp") << ".subckt inv in out\n.ends inv\n";
  Circuit c = clean();
  c.devices[3].model = "pch";
  c.libs = {{"models.lib", "tt"}};
  c.includes = {dir / "cells.sp"};
  c.devices.push_back(device("X5", DeviceKind::instance, {"out", "0"}, "", "inv"));
  CHECK(checkCircuit(c, dir).empty());

  c.libs = {{"models.lib", "ff"}};
  std::vector<Violation> violations = checkCircuit(c, dir);
  REQUIRE(violations.size() == 2);
  CHECK(violations[0].rule == "unreadable-include");
  CHECK_THAT(violations[0].message, Contains("no .lib section ff"));
  CHECK(violations[1].message == "M1 uses undefined model pch");

  c.libs.clear();
  c.includes = {"missing.lib"};
  violations = checkCircuit(c, dir);
  REQUIRE(violations.size() == 3);
  CHECK(violations[0].rule == "unreadable-include");
  CHECK(violations[0].message == "cannot read " + (dir / "missing.lib").string() + ": no such file");
  CHECK(violations[1].rule == "undefined-model");
  CHECK(violations[2].rule == "undefined-subckt");
  fs::remove_all(dir);
}

TEST_CASE("ERC: a missing subcircuit")
{
  Circuit c = clean();
  c.devices[5].model = "nosuch";
  const Violation v = onlyViolation(c);
  CHECK(v.rule == "undefined-subckt");
  CHECK(v.message == "X1 instantiates undefined subcircuit nosuch");
}

TEST_CASE("ERC: a subcircuit port-count mismatch")
{
  Circuit c = clean();
  c.devices[5].nets = {"out", "0", "0"};
  const Violation v = onlyViolation(c);
  CHECK(v.rule == "port-mismatch");
  CHECK(v.message == "X1 connects 3 nets but subcircuit load has 2 ports");
}

TEST_CASE("ERC: an undefined subcircuit parameter")
{
  Circuit c = clean();
  c.subcircuits[0].devices[1].value = "{cap}";
  const Violation v = onlyViolation(c);
  CHECK(v.rule == "undefined-parameter");
  CHECK(v.message == "C1 in subckt load uses {cap}, which is not a parameter of subckt load");
}

TEST_CASE("ERC: a recursive subcircuit")
{
  Circuit c = clean();
  c.subcircuits[0].devices.push_back(device("X9", DeviceKind::instance, {"a", "b"}, "", "load"));
  const Violation v = onlyViolation(c);
  CHECK(v.rule == "recursive-subckt");
  CHECK(v.message == "X1.X9 instantiates subcircuit load inside itself");
}

TEST_CASE("ERC: a circuit without ground")
{
  Circuit c;
  c.devices = {device("V1", DeviceKind::voltageSource, {"a", "b"}, "DC 1"),
               device("R1", DeviceKind::resistor, {"a", "b"}, "1k")};
  const Violation v = onlyViolation(c);
  CHECK(v.rule == "no-ground");
}

TEST_CASE("ERC: nets a B source reads are connections, unused subcircuit ports are not")
{
  Circuit c = clean();
  c.devices.push_back(device("V5", DeviceKind::voltageSource, {"in", "0"}, "DC 0.3"));
  c.devices.push_back(device("B5", DeviceKind::behavioural, {"bo", "0"}, "V=2*V(in)"));
  c.devices.push_back(device("R5", DeviceKind::resistor, {"bo", "0"}, "1k"));
  CHECK(checkCircuit(c).empty());

  // X6's port a is unused inside: net lone reaches R6 alone.
  c.subcircuits.push_back({"half", {"a", "b"}, {device("R1", DeviceKind::resistor, {"b", "0"}, "1k")}, {}});
  c.devices.push_back(device("R6", DeviceKind::resistor, {"vdd", "lone"}, "1k"));
  c.devices.push_back(device("X6", DeviceKind::instance, {"lone", "out"}, "", "half"));
  CHECK(onlyViolation(c).message == "net lone has one connection (R6)");
}

TEST_CASE("the circuit graph flattens instances, names nets hierarchically and labels terminals")
{
  const Circuit c = clean();
  const CircuitGraph circuit(c);
  const CircuitGraph::Graph& g = circuit.graph();
  std::map<std::string, CircuitGraph::Vertex> byName;
  for (const auto v : boost::make_iterator_range(boost::vertices(g)))
    byName[g[v].name] = v;
  // Nets 0 (also gnd), vdd, out, g, X1.mid; devices V1 R1 C1 M1 V2 and X1's three.
  CHECK(boost::num_vertices(g) == 5 + 8);
  REQUIRE(byName.contains("X1.mid"));
  REQUIRE(byName.contains("X1.R1"));
  CHECK(g[byName["X1.R1"]].device == &c.subcircuits[0].devices[0]);
  CHECK(g[byName["X1.mid"]].kind == CircuitGraph::VertexKind::net);
  const std::vector<CircuitGraph::Vertex> m1 = circuit.terminalNets(byName["M1"]);
  REQUIRE(m1.size() == 4);
  CHECK(g[m1[0]].name == "out");
  CHECK(g[m1[1]].name == "g");
  CHECK(m1[2] == circuit.ground());
  CHECK(m1[3] == circuit.ground());
  CHECK(circuit.terminalNets(byName["V2"])[1] == circuit.ground());
  CHECK(circuit.terminalNets(byName["X1.R1"])[0] == byName["out"]);
}

TEST_CASE("the circuit graph refuses to flatten without bound")
{
  // s0 holds ten instances of s1, …, s5 ten resistors: a million devices.
  Circuit wide;
  for (int level = 0; level < 6; ++level) {
    Subcircuit s{"s" + std::to_string(level), {"a"}, {}, {}};
    for (int i = 0; i < 10; ++i)
      s.devices.push_back(level == 5 ? device("R" + std::to_string(i), DeviceKind::resistor, {"a", "0"}, "1k")
                                     : device("X" + std::to_string(i), DeviceKind::instance, {"a"}, "",
                                              "s" + std::to_string(level + 1)));
    wide.subcircuits.push_back(s);
  }
  wide.devices = {device("X0", DeviceKind::instance, {"a"}, "", "s0")};
  CHECK_THROWS_WITH(CircuitGraph(wide), Contains("more than 1000000 nets and devices"));

  // A chain of 1001 subcircuits, each instantiating the next.
  Circuit deep;
  for (int level = 0; level <= 1000; ++level)
    deep.subcircuits.push_back({"c" + std::to_string(level),
                                {"a"},
                                {device("X1", DeviceKind::instance, {"a"}, "", "c" + std::to_string(level + 1))},
                                {}});
  deep.devices = {device("X0", DeviceKind::instance, {"a"}, "", "c0")};
  CHECK_THROWS_WITH(CircuitGraph(deep), Contains("nested deeper than 1000"));
}
