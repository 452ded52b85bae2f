#include "netlist/ComparatorTestbench.hh"

#include "netlist/CellLibrary.hh"
#include "netlist/StandardCellCircuits.hh"
#include "util/Error.hh"

#include <algorithm>
#include <fmt/format.h>

namespace nladc::netlist {

namespace {

constexpr const char* comparatorInstance = "XCMP";

std::string number(double v)
{
  return fmt::format("{:.12g}", v);
}

std::string lowered(std::string text)
{
  std::ranges::transform(text, text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

Device source(std::string name, std::vector<std::string> nets, std::string spec)
{
  return Device{std::move(name), DeviceKind::voltageSource, std::move(nets), "", std::move(spec), {}};
}

// The nodes the comparator's reset switches (PMOS gated by clk from vdd)
// precharge to VDD.
std::vector<std::string> prechargedNodes(const Subcircuit& comparator)
{
  std::vector<std::string> nodes;
  for (const Device& d : comparator.devices)
    if (d.kind == DeviceKind::mosfet && d.model == "pmos" && d.nets[1] == "clk" && d.nets[2] == "vdd")
      nodes.push_back(d.nets[0]);
  return nodes;
}

TransistorSize sizeOf(const Device& mosfet)
{
  TransistorSize size;
  for (const auto& [key, value] : mosfet.params) {
    if (key == "W")
      size.w = std::stod(value);
    else if (key == "L")
      size.l = std::stod(value);
  }
  return size;
}

// The comparator with its standard-cell instances replaced by the cells'
// transistors ("XSR1" + "MNA" → "MXSR1_MNA", internal net "xsr1_mid"),
// with the technology's cards.
Subcircuit expandedComparator(const adc::Technology& t)
{
  const Subcircuit comparator = strongArmComparator(t);
  const std::vector<Subcircuit> cells = standardCellsOf(comparator, t);
  Subcircuit expanded{comparator.name, comparator.ports, {}, comparator.params};
  for (const Device& d : comparator.devices) {
    const auto cell = std::ranges::find(cells, d.model, &Subcircuit::name);
    if (d.kind != DeviceKind::instance || cell == cells.end()) {
      expanded.devices.push_back(d);
      continue;
    }
    const std::string prefix = lowered(d.name);
    for (Device m : cell->devices) {
      m.name = fmt::format("M{}_{}", d.name, m.name);
      for (std::string& net : m.nets) {
        const auto port = std::ranges::find(cell->ports, net);
        net = net == "0"                  ? net
              : port != cell->ports.end() ? d.nets.at(static_cast<size_t>(port - cell->ports.begin()))
                                          : fmt::format("{}_{}", prefix, net);
      }
      expanded.devices.push_back(std::move(m));
    }
  }
  return withModelCards(std::move(expanded), *t.blocks);
}

} // namespace

ComparatorConditions comparatorConditions(const adc::Technology& t)
{
  if (!t.blocks)
    throw InputError(fmt::format("{}: the technology has no blocks section; characterising the comparator needs its "
                                 "model cards (blocks.nmos, blocks.pmos) and blocks.common_mode",
                                 t.file.string()));
  return {t.supply, t.blocks->commonMode + 0.5 * t.fullScale, t.edgeTime, t.stepTime};
}

Circuit comparatorTestbench(const adc::Technology& t, const TestbenchTransient& transient,
                            const std::vector<TransistorMismatch>& mismatch)
{
  const ComparatorConditions c = comparatorConditions(t);
  Subcircuit comparator = expandedComparator(t);
  if (!mismatch.empty()) {
    size_t next = 0;
    for (Device& d : comparator.devices)
      if (d.kind == DeviceKind::mosfet) {
        const TransistorMismatch& m = mismatch.at(next++);
        d.params.emplace_back("delvto", fmt::format("{:.17g}", m.vthShift));
        d.params.emplace_back("mulu0", fmt::format("{:.17g}", m.mobilityFactor));
      }
    if (next != mismatch.size())
      throw WorkError(fmt::format("{} mismatches for the comparator's {} transistors", mismatch.size(), next));
  }
  Circuit deck;
  deck.title = fmt::format("nladc comparator testbench: technology={}", t.name);
  if (t.models.directive == adc::ModelDirective::lib)
    deck.libs.emplace_back(t.models.path, t.models.section);
  else
    deck.includes.push_back(t.models.path);
  // The column latch's input load is a NAND2 (the latch's cell).
  deck.subcircuits = {comparator, withModelCards(standardCellCircuit(LibraryCell::nand2, t), *t.blocks)};

  const double vdd = c.supply;
  const double half = 0.5 * c.clockPeriod;
  deck.devices = {
      source("VCMP", {"vdd", "0"}, "DC " + number(vdd)),
      source("VLOAD", {"vddload", "0"}, "DC " + number(vdd)),
      source("VCLK", {"clk", "0"},
             fmt::format("PULSE(0 {} 0 {} {} {} {})", number(vdd), number(c.edgeTime), number(c.edgeTime),
                         number(half - c.edgeTime), number(c.clockPeriod))),
      source("VINP", {"inp", "0"}, "DC " + number(c.commonMode)),
      source("VINN", {"inn", "0"}, "DC " + number(c.commonMode)),
      Device{comparatorInstance,
             DeviceKind::instance,
             {"inp", "inn", "clk", "out", "outb", "vdd"},
             comparator.name,
             "",
             {}},
      libraryInstance("XLOAD", LibraryCell::nand2, {"out", "vddload", "loadout", "vddload"}),
  };
  std::string nodeset = ".nodeset v(out)=0";
  for (const std::string& node : prechargedNodes(strongArmComparator(t)))
    nodeset += fmt::format(" v({}.{})={}", lowered(comparatorInstance), node, number(vdd));
  deck.analyses = {nodeset, fmt::format(".tran {} {} 0 {}", number(transient.maxStep), number(transient.stop),
                                        number(transient.maxStep))};
  return deck;
}

std::string comparatorNode(std::string_view net)
{
  return lowered(fmt::format("{}.{}", comparatorInstance, net));
}

std::vector<TestbenchTransistor> comparatorTransistors(const adc::Technology& t)
{
  std::vector<TestbenchTransistor> transistors;
  for (const Device& d : expandedComparator(t).devices)
    if (d.kind == DeviceKind::mosfet)
      transistors.push_back({lowered(fmt::format("m.{}.{}", comparatorInstance, d.name)), sizeOf(d)});
  return transistors;
}

} // namespace nladc::netlist
