#include "netlist/ComparatorTestbench.hh"

#include "netlist/CellLibrary.hh"
#include "netlist/StandardCellCircuits.hh"
#include "util/Error.hh"

#include <algorithm>
#include <fmt/format.h>

namespace nladc::netlist {

namespace {

constexpr const char* comparatorInstance = "XCMP";
constexpr const char* frontEndInstance = "XFE";

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

// The operating point in reset, which saves ngspice's gmin stepping there:
// out = 0 and every node the StrongARM precharges at VDD, its nets named
// `path` + net ("xcmp.", "xfe.xsa_").
std::string resetNodeset(const adc::Technology& t, const std::string& path, double vdd)
{
  std::string nodeset = ".nodeset v(out)=0";
  for (const std::string& node : prechargedNodes(strongArmComparator(t)))
    nodeset += fmt::format(" v({}{})={}", path, node, number(vdd));
  return nodeset;
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

// `instance` of `inner` replaced by inner's devices: "XSA" + "M1" →
// "MXSA_M1", internal net "xsa_tail"; the ports become the instance's nets.
std::vector<Device> inlined(const Device& instance, const Subcircuit& inner)
{
  std::vector<Device> devices;
  const std::string prefix = lowered(instance.name);
  for (Device m : inner.devices) {
    m.name = fmt::format("{}{}_{}", m.name.front(), instance.name, m.name);
    for (std::string& net : m.nets) {
      const auto port = std::ranges::find(inner.ports, net);
      net = net == "0"                  ? net
            : port != inner.ports.end() ? instance.nets.at(static_cast<size_t>(port - inner.ports.begin()))
                                        : fmt::format("{}_{}", prefix, net);
    }
    devices.push_back(std::move(m));
  }
  return devices;
}

// `outer` with each instance of a subcircuit in `inner` inlined.
Subcircuit withInlined(const Subcircuit& outer, const std::vector<Subcircuit>& inner)
{
  Subcircuit expanded{outer.name, outer.ports, {}, outer.params};
  for (const Device& d : outer.devices) {
    const auto found = std::ranges::find(inner, d.model, &Subcircuit::name);
    if (d.kind != DeviceKind::instance || found == inner.end()) {
      expanded.devices.push_back(d);
      continue;
    }
    for (Device& m : inlined(d, *found))
      expanded.devices.push_back(std::move(m));
  }
  return expanded;
}

// The comparator with its standard-cell instances replaced by the cells'
// transistors ("XSR1" + "MNA" → "MXSR1_MNA", internal net "xsr1_mid"),
// with the technology's cards.
Subcircuit expandedComparator(const adc::Technology& t)
{
  const Subcircuit comparator = strongArmComparator(t);
  return withModelCards(withInlined(comparator, standardCellsOf(comparator, t)), *t.blocks);
}

// The column front end with its StrongARM inlined at transistor level
// ("MXSA_M1", nets "xsa_outp"), with the technology's cards.
Subcircuit expandedFrontEnd(const adc::Technology& t, double coupling)
{
  return withInlined(withModelCards(columnFrontEnd(frontEndSizing(t, coupling)), *t.blocks), {expandedComparator(t)});
}

// Each MOSFET's mismatch (in line order) on its line as delvto and mulu0.
void applyMismatch(Subcircuit& block, const std::vector<TransistorMismatch>& mismatch)
{
  if (mismatch.empty())
    return;
  size_t next = 0;
  for (Device& d : block.devices)
    if (d.kind == DeviceKind::mosfet) {
      if (next == mismatch.size())
        throw WorkError(fmt::format("{} mismatches for more transistors in {}", mismatch.size(), block.name));
      const TransistorMismatch& m = mismatch[next++];
      d.params.emplace_back("delvto", fmt::format("{:.17g}", m.vthShift));
      d.params.emplace_back("mulu0", fmt::format("{:.17g}", m.mobilityFactor));
    }
  if (next != mismatch.size())
    throw WorkError(fmt::format("{} mismatches for the {} transistors of {}", mismatch.size(), next, block.name));
}

std::vector<TestbenchTransistor> transistorsOf(const Subcircuit& block, std::string_view instance)
{
  std::vector<TestbenchTransistor> transistors;
  for (const Device& d : block.devices)
    if (d.kind == DeviceKind::mosfet)
      transistors.push_back({lowered(fmt::format("m.{}.{}", instance, d.name)), sizeOf(d)});
  return transistors;
}

void addModels(Circuit& deck, const adc::Technology& t)
{
  if (t.models.directive == adc::ModelDirective::lib)
    deck.libs.emplace_back(t.models.path, t.models.section);
  else
    deck.includes.push_back(t.models.path);
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
  applyMismatch(comparator, mismatch);
  Circuit deck;
  deck.title = fmt::format("nladc comparator testbench: technology={}", t.name);
  addModels(deck, t);
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
  deck.analyses = {
      resetNodeset(t, lowered(comparatorInstance) + ".", vdd),
      fmt::format(".tran {} {} 0 {}", number(transient.maxStep), number(transient.stop), number(transient.maxStep))};
  return deck;
}

std::string comparatorNode(std::string_view net)
{
  return lowered(fmt::format("{}.{}", comparatorInstance, net));
}

std::vector<TestbenchTransistor> comparatorTransistors(const adc::Technology& t)
{
  return transistorsOf(expandedComparator(t), comparatorInstance);
}

FrontEndConditions frontEndConditions(const adc::Technology& t, double coupling)
{
  const ComparatorConditions c = comparatorConditions(t);
  if (!(coupling > 0.0))
    throw InputError(fmt::format("coupling capacitance: {:.4g} F is not positive", coupling));
  return {c.supply, t.blocks->commonMode, 0.5 * t.fullScale, coupling, c.edgeTime, c.clockPeriod};
}

Circuit frontEndTestbench(const adc::Technology& t, const FrontEndConditions& c, double maxStep,
                          const std::vector<TransistorMismatch>& mismatch)
{
  const FrontEndSizing sizing = frontEndSizing(t, c.coupling);
  Subcircuit frontEnd = expandedFrontEnd(t, c.coupling);
  applyMismatch(frontEnd, mismatch);
  Circuit deck;
  deck.title = fmt::format("nladc front-end testbench: technology={}", t.name);
  addModels(deck, t);
  deck.subcircuits = {frontEnd, withModelCards(standardCellCircuit(LibraryCell::nand2, t), *t.blocks)};

  const double vdd = c.supply;
  const double edge = c.edgeTime;
  const auto pulse = [&](double from, double to, double high) {
    return fmt::format("PWL(0 {} {} {} {} {})", number(from), number(high), number(from), number(high + edge),
                       number(to));
  };
  const double rampFrom = c.commonMode;
  deck.devices = {
      source("VFE", {"vdd", "0"}, "DC " + number(vdd)),
      source("VCM", {"vcm", "0"}, "DC " + number(c.commonMode)),
      source("VDDB", {"vddb", "0"}, "DC " + number(vdd)),
      Device{"IFE", DeviceKind::currentSource, {"vddb", "nbias"}, "", "DC " + number(sizing.biasCurrent), {}},
      Device{"MFEB",
             DeviceKind::mosfet,
             {"nbias", "nbias", "0", "0"},
             t.blocks->nmos,
             "",
             {{"W", number(sizing.tail.w)}, {"L", number(sizing.tail.l)}}},
      source("VAZ", {"az", "0"}, pulse(vdd, 0.0, c.autoZeroEnd())),
      source("VSMP", {"smp", "0"}, pulse(vdd, 0.0, c.sampleEnd())),
      source("VSMPB", {"smpb", "0"}, pulse(0.0, vdd, c.sampleEnd())),
      source("VHOLD", {"hold", "0"}, pulse(0.0, vdd, c.holdStart())),
      source("VEQB", {"eqb", "0"},
             fmt::format("PWL(0 {0} {1} {0} {2} 0 {3} 0 {4} {0})", number(vdd), number(c.equalizeStart()),
                         number(c.equalizeStart() + edge), number(c.equalizeEnd()), number(c.equalizeEnd() + edge))),
      source("VIN", {"in", "0"}, "DC " + number(c.commonMode + c.height)),
      source("VRAMP", {"ramp", "0"},
             fmt::format("PWL(0 {0} {1} {0} {2} {3})", number(rampFrom), number(c.rampStart()), number(c.rampEnd()),
                         number(rampFrom + c.height))),
      source("VLOAD", {"vddload", "0"}, "DC " + number(vdd)),
      source("VCLK", {"clk", "0"}, pulse(0.0, vdd, c.clockRise())),
      Device{frontEndInstance,
             DeviceKind::instance,
             {"in", "ramp", "vcm", "nbias", "az", "smp", "smpb", "hold", "eqb", "clk", "out", "outb", "vdd"},
             frontEnd.name,
             "",
             {}},
      libraryInstance("XLOAD", LibraryCell::nand2, {"out", "vddload", "loadout", "vddload"}),
  };
  deck.analyses = {resetNodeset(t, lowered(frontEndInstance) + ".xsa_", vdd),
                   fmt::format(".tran {} {} 0 {}", number(maxStep), number(c.decisionEnd()), number(maxStep))};
  return deck;
}

std::string frontEndComparatorNode(std::string_view net)
{
  return lowered(fmt::format("{}.xsa_{}", frontEndInstance, net));
}

std::vector<TestbenchTransistor> frontEndTransistors(const adc::Technology& t, double coupling)
{
  return transistorsOf(expandedFrontEnd(t, coupling), frontEndInstance);
}

} // namespace nladc::netlist
