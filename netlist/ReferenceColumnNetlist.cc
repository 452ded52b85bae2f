#include "netlist/ReferenceColumnNetlist.hh"

#include "netlist/AnalogBlocks.hh"
#include "netlist/StandardCellCircuits.hh"
#include "netlist/ThresholdGrid.hh"
#include "util/Error.hh"

#include <fmt/format.h>
#include <functional>

namespace nladc::netlist {

namespace {

std::string number(double v)
{
  return fmt::format("{:.12g}", v);
}

// A piecewise-linear source from (time, value) pairs.
std::string pwl(const std::vector<std::pair<double, double>>& points)
{
  std::string spec = "PWL(";
  for (size_t i = 0; i < points.size(); ++i)
    spec += fmt::format("{}{} {}", i ? " " : "", number(points[i].first), number(points[i].second));
  return spec + ")";
}

Device device(std::string name, DeviceKind kind, std::vector<std::string> nets, std::string value,
              std::string model = "", std::vector<std::pair<std::string, std::string>> params = {})
{
  return Device{std::move(name), kind, std::move(nets), std::move(model), std::move(value), std::move(params)};
}

// The 1T1R cell: bit line (drain) → access NMOS → RRAM → source line; the
// bulk sits on the source line, the lowest potential.
Subcircuit cellSubcircuit(const DeckOptions& o)
{
  const std::string gate = o.mismatchSources ? "gate" : "wl";
  Subcircuit cell{"nladc_cell",
                  {"wl", "bl", "sl"},
                  {device("M1", DeviceKind::mosfet, {"bl", gate, "mid", "sl"}, "", o.accessModel,
                          {{"W", number(o.accessWidth)}, {"L", number(o.accessLength)}}),
                   device("R1", DeviceKind::resistor, {"mid", "sl"}, "{r}")},
                  {{"r", "10k"}}};
  if (o.mismatchSources)
    cell.devices.push_back(device("VDVT", DeviceKind::voltageSource, {"wl", "gate"}, "DC 0"));
  return cell;
}

// The ramp integrator: an op-amp (gain A) with C_int in feedback and a reset
// switch across it. Current drawn from the virtual ground vg raises out.
// The transistor op-amp holds vg at the common mode vcm.
Subcircuit integratorSubcircuit(const adc::ReferenceColumnDesign& design, const DeckOptions& o)
{
  if (o.transistor) {
    const TransistorIntegrator& t = *o.transistor;
    return {"nladc_integrator",
            {"vg", "out", "rst", "vcm", "vdd"},
            {device("XOPAMP", DeviceKind::instance, {"vcm", "vg", "out", "vdd", "bias"}, "", t.opamp.name),
             device("IBIAS", DeviceKind::currentSource, {"bias", "0"}, "DC " + number(t.biasCurrent)),
             device("C1", DeviceKind::capacitor, {"vg", "out"}, number(design.cInt)), t.resetSwitch},
            {}};
  }
  return {"nladc_integrator",
          {"vg", "out", "rst"},
          {device("E1", DeviceKind::vcvs, {"out", "0", "0", "vg"}, number(design.parameters.opampGain)),
           device("C1", DeviceKind::capacitor, {"vg", "out"}, number(design.cInt)),
           device("S1", DeviceKind::vswitch, {"vg", "out", "rst", "0"}, "", "nladc_switch")},
          {}};
}

// A behavioural comparator: high once inp exceeds inn.
Subcircuit comparatorSubcircuit(const DeckOptions& o)
{
  return {"nladc_comparator",
          {"inp", "inn", "out"},
          {device("B1", DeviceKind::behavioural, {"out", "0"},
                  fmt::format("V={}*(1+tanh({}*(V(inp)-V(inn))))", number(0.5 * o.supply), number(o.comparatorGain)))},
          {}};
}

// The column latch: the hold capacitor tracks the step counter while the
// comparator is low and keeps the count once it flips.
Subcircuit latchSubcircuit(const DeckOptions& o)
{
  return {"nladc_latch",
          {"count", "cmp", "hold", "vdd"},
          {device("S1", DeviceKind::vswitch, {"count", "hold", "vdd", "cmp"}, "", "nladc_switch"),
           device("C1", DeviceKind::capacitor, {"hold", "0"}, number(o.holdCapacitance))},
          {}};
}

// The step counter as a source: `level(n)` while n ramp steps are
// complete, n changing at the slot boundaries, where the word lines are
// all low.
std::string stepCounter(const ConversionTiming& t, const std::function<double(int)>& level)
{
  std::vector<std::pair<double, double>> points{{0.0, level(0)}};
  for (int slot = 1; slot < t.slots; ++slot) {
    const double at = t.slotEnd(slot);
    points.push_back({at - 0.25 * t.edgeTime, level(slot - 1)});
    points.push_back({at + 0.25 * t.edgeTime, level(slot)});
  }
  return pwl(points);
}

// A logic signal that is high over the given intervals, with the word
// lines' edges.
std::string logicPulses(const std::vector<std::pair<double, double>>& highs, double supply, double edge)
{
  std::vector<std::pair<double, double>> points{{0.0, highs.front().first > 0.0 ? 0.0 : supply}};
  for (const auto& [from, to] : highs) {
    if (from > 0.0) {
      points.push_back({from, 0.0});
      points.push_back({from + edge, supply});
    }
    points.push_back({to, supply});
    points.push_back({to + edge, 0.0});
  }
  return pwl(points);
}

// The transistor test columns (DeckOptions::transistorColumns): their
// supplies (VDDC for the front ends and StrongARMs, VCMC for their common
// mode, VDDL for the code registers, VDDB for the front ends' shared bias
// diode), their clocks, the counter's bits and, per column, its input,
// front end and b latches.
void addTransistorColumns(Circuit& c, const adc::ReferenceColumnDesign& design, const DeckOptions& o,
                          const FrontEndSizing& frontEnd, const ConversionTiming& t, const std::vector<double>& inputs)
{
  const double vdd = o.supply;
  const double edge = t.edgeTime;
  const double reference = o.rampReference();
  const std::string nmos = o.transistorColumns->cards.nmos;
  c.devices.push_back(device("VDDC", DeviceKind::voltageSource, {"vddc", "0"}, "DC " + number(vdd)));
  c.devices.push_back(device("VDDL", DeviceKind::voltageSource, {"vddl", "0"}, "DC " + number(vdd)));
  c.devices.push_back(device("VCMC", DeviceKind::voltageSource, {"vcmc", "0"}, "DC " + number(reference)));
  // The bias is shared by the columns one ramp serves, so it has a supply
  // of its own.
  c.devices.push_back(device("VDDB", DeviceKind::voltageSource, {"vddb", "0"}, "DC " + number(vdd)));
  c.devices.push_back(
      device("IFE", DeviceKind::currentSource, {"vddb", "nbias"}, "DC " + number(frontEnd.biasCurrent)));
  c.devices.push_back(device("MFEB", DeviceKind::mosfet, {"nbias", "nbias", "0", "0"}, "", nmos,
                             {{"W", number(frontEnd.tail.w)}, {"L", number(frontEnd.tail.l)}}));
  c.devices.push_back(
      device("VAZ", DeviceKind::voltageSource, {"az", "0"}, logicPulses({{0.0, t.autoZeroEnd()}}, vdd, edge)));
  c.devices.push_back(
      device("VSMP", DeviceKind::voltageSource, {"smp", "0"}, logicPulses({{0.0, t.sampleEnd()}}, vdd, edge)));
  c.devices.push_back(device("VSMPB", DeviceKind::voltageSource, {"smpb", "0"},
                             pwl({{0.0, 0.0}, {t.sampleEnd(), 0.0}, {t.sampleEnd() + edge, vdd}})));
  c.devices.push_back(device("VHOLD", DeviceKind::voltageSource, {"hold", "0"},
                             pwl({{0.0, 0.0}, {t.holdStart(), 0.0}, {t.holdStart() + edge, vdd}})));
  std::vector<std::pair<double, double>> decisions;
  for (int slot = -1; slot < t.slots; ++slot)
    decisions.push_back({t.decisionStart(slot), t.decisionEnd(slot)});
  c.devices.push_back(device("VCLK", DeviceKind::voltageSource, {"clk", "0"}, logicPulses(decisions, vdd, edge)));
  std::vector<std::pair<double, double>> unequalized{{0.0, t.equalizeStart()}};
  for (int slot = -1; slot < t.slots; ++slot)
    unequalized.push_back({t.equalizeEnd(slot), t.decisionEnd(slot)});
  c.devices.push_back(device("VEQB", DeviceKind::voltageSource, {"eqb", "0"}, logicPulses(unequalized, vdd, edge)));
  // The counter's bits.
  for (int bit = 0; bit < design.levels.bits; ++bit)
    c.devices.push_back(device(fmt::format("VCNT{}", bit), DeviceKind::voltageSource,
                               {fmt::format("count{}", bit), "0"},
                               stepCounter(t, [vdd, bit](int count) { return vdd * ((count >> bit) & 1); })));
  for (size_t col = 0; col < inputs.size(); ++col) {
    const std::string in = fmt::format("in{}", col);
    const std::string decided = fmt::format("cmp{}", col);
    const std::string open = fmt::format("cmpb{}", col);
    c.devices.push_back(device(fmt::format("VIN{}", col), DeviceKind::voltageSource, {in, "0"},
                               "DC " + number(reference + inputs[col])));
    c.devices.push_back(
        device(fmt::format("XFE{}", col), DeviceKind::instance,
               {in, "ramp", "vcmc", "nbias", "az", "smp", "smpb", "hold", "eqb", "clk", decided, open, "vddc"}, "",
               "nladc_front_end"));
    // The register is transparent until the column decides.
    for (int bit = 0; bit < design.levels.bits; ++bit)
      c.devices.push_back(device(fmt::format("XLAT{}_{}", col, bit), DeviceKind::instance,
                                 {fmt::format("count{}", bit), open, codeBitNet(static_cast<int>(col), bit), "vddl"},
                                 "", std::string(libraryCellName(LibraryCell::latch))));
  }
}

} // namespace

std::string codeBitNet(int column, int bit)
{
  return fmt::format("code{}_{}", column, bit);
}

std::string stepCellName(size_t step, int cell)
{
  return fmt::format("XS{}_{}", step, cell);
}

std::string calibrationCellName(size_t cell)
{
  return fmt::format("XCAL{}", cell);
}

DeckOptions deckOptions(const adc::Technology& t, std::optional<adc::BlockKind> blocks, int rampColumns)
{
  DeckOptions o;
  o.rampColumns = rampColumns;
  o.modelFile = t.models.path;
  if (t.models.directive == adc::ModelDirective::lib)
    o.libSection = t.models.section;
  o.accessModel = t.accessTransistor.model;
  o.accessWidth = t.accessTransistor.w;
  o.accessLength = t.accessTransistor.l;
  o.supply = t.supply;
  o.comparatorGain = t.comparator.gain;
  if (blocks.value_or(t.blocks ? t.blocks->defaultKind : adc::BlockKind::behavioural) == adc::BlockKind::transistor) {
    if (!t.blocks)
      throw InputError(fmt::format("{}: transistor blocks need the technology's blocks section (model cards, "
                                   "common mode)",
                                   t.file.string()));
    TransistorIntegrator integrator;
    integrator.rampLoad = rampLoadCapacitance(t, rampColumns);
    integrator.opamp = withModelCards(millerOpamp(t, integrator.rampLoad), *t.blocks);
    integrator.biasCurrent = opampSizing(t, integrator.rampLoad).biasCurrent;
    integrator.resetSwitch = mosfet("MRST", false, {"vg", "rst", "out", "0"}, {t.area.minWidth, t.featureSize});
    integrator.resetSwitch.model = t.blocks->nmos;
    integrator.commonMode = t.blocks->commonMode;
    o.transistor = integrator;

    TransistorColumns columns;
    columns.frontEnd = frontEndSizing(t, 0.0);
    columns.unitCapacitance = t.area.unitCapacitance;
    columns.gateCapacitance = t.energy->gateCapacitance; // rampLoadCapacitance above requires the section
    columns.cards = *t.blocks;
    const Subcircuit comparator = strongArmComparator(t);
    columns.cells.push_back(withModelCards(comparator, *t.blocks));
    for (const Subcircuit& cell : standardCellsOf(comparator, t))
      columns.cells.push_back(withModelCards(cell, *t.blocks));
    columns.cells.push_back(withModelCards(standardCellCircuit(LibraryCell::latch, t), *t.blocks));
    o.transistorColumns = columns;
  }
  return o;
}

ConversionTiming conversionTiming(const adc::ReferenceColumnDesign& design, adc::BlockKind blocks)
{
  ConversionTiming t;
  t.stepTime = design.parameters.stepTime;
  t.edgeTime = design.parameters.edgeTime;
  // A transistor deck resets for two step times: its column front ends
  // auto-zero and sample in the first 0.6 of a step time, and the op-amp
  // settles the kick of their hold (10 mV on the ramp with 16 columns,
  // measured) in the rest, before reset opens.
  if (blocks == adc::BlockKind::transistor)
    t.settleTime = t.stepTime;
  t.start = (blocks == adc::BlockKind::transistor ? 3.0 : 2.0) * t.stepTime;
  t.slots = static_cast<int>(design.levels.levelCount());
  return t;
}

std::vector<double> testInputVolts(const adc::ReferenceColumnDesign& design, int testColumns)
{
  std::vector<double> inputs;
  for (int c = 0; c < testColumns; ++c)
    inputs.push_back(design.parameters.fullScale * (c + 0.5) / testColumns);
  return inputs;
}

double maxFullScale(const adc::Technology& t, adc::BlockKind blocks)
{
  const double bound = t.design->maxFullScale;
  return blocks == adc::BlockKind::transistor ? std::min(bound, t.blocks->maxFullScale) : bound;
}

Circuit buildReferenceColumnDeck(const adc::ReferenceColumnDesign& design, const DeckOptions& o)
{
  const adc::ColumnParameters& p = design.parameters;
  const ConversionTiming t = conversionTiming(design, o.blocks());
  // Every potential of the reference column sits `reference` higher with
  // the transistor op-amp, whose inputs need a common mode above ground.
  const double reference = o.rampReference();
  if (o.transistor && reference + p.fullScale >= o.supply)
    throw InputError(fmt::format("the ramp of transistor blocks, from the common mode {} V up by the full scale {} V, "
                                 "must stay below the supply {} V",
                                 number(reference), number(p.fullScale), number(o.supply)));
  const double low = reference - p.vread; // word lines idle at the cells' source potential: Vgs = 0
  const double high = reference + p.wordLineHigh;

  Circuit c;
  // "set=NAME": a valid set name may start with '.', which must not start a
  // word of the title (it would read as a directive).
  c.title = fmt::format("nladc reference-column NL-ADC: set={} ({}, {} bits), {} blocks", design.levels.name,
                        design.levels.method, design.levels.bits, adc::blockKindName(o.blocks()));
  if (o.libSection)
    c.libs.emplace_back(o.modelFile, *o.libSection);
  else
    c.includes.push_back(o.modelFile);
  c.models.push_back(
      {"nladc_switch",
       "sw",
       {{"vt", number(0.5 * o.supply)}, {"vh", number(0.01 * o.supply)}, {"ron", "1"}, {"roff", "1e12"}}});
  c.subcircuits = {cellSubcircuit(o), integratorSubcircuit(design, o)};
  if (o.transistor)
    c.subcircuits.push_back(o.transistor->opamp);
  const bool transistorColumns = o.transistorColumns && o.testColumns > 0;
  FrontEndSizing frontEnd;
  if (transistorColumns) {
    frontEnd = o.transistorColumns->frontEnd;
    frontEnd.coupling =
        std::max(frontEnd.coupling,
                 holdCapacitance(design.levels, p.fullScale, o.transistorColumns->unitCapacitance, StepRule::smallest));
    c.subcircuits.insert(c.subcircuits.end(), o.transistorColumns->cells.begin(), o.transistorColumns->cells.end());
    c.subcircuits.push_back(withModelCards(columnFrontEnd(frontEnd), o.transistorColumns->cards));
  } else if (o.testColumns > 0) {
    c.subcircuits.push_back(comparatorSubcircuit(o));
    c.subcircuits.push_back(latchSubcircuit(o));
  }
  if (o.testColumns > 0 || o.transistor)
    c.devices.push_back(device("VDD", DeviceKind::voltageSource, {"vdd", "0"}, "DC " + number(o.supply)));
  c.devices.push_back(device("VSL", DeviceKind::voltageSource, {"sl", "0"}, "DC " + number(reference - p.vread)));
  const double resetEnd = t.start - t.stepTime;
  c.devices.push_back(device("VRST", DeviceKind::voltageSource, {"rst", "0"},
                             pwl({{0.0, o.supply}, {resetEnd, o.supply}, {resetEnd + t.edgeTime, 0.0}})));
  if (o.transistor) {
    c.devices.push_back(device("VCM", DeviceKind::voltageSource, {"vcm", "0"}, "DC " + number(reference)));
    // The test columns' front ends are part of the line's load; the rest
    // is lumped.
    const double columnsLoad =
        transistorColumns ? o.testColumns * frontEndRampLoad(frontEnd, o.transistorColumns->gateCapacitance) : 0.0;
    c.devices.push_back(device("CLOAD", DeviceKind::capacitor, {"ramp", "0"},
                               number(std::max(0.0, o.transistor->rampLoad - columnsLoad))));
    c.devices.push_back(
        device("XINT", DeviceKind::instance, {"vg", "ramp", "rst", "vcm", "vdd"}, "", "nladc_integrator"));
  } else {
    c.devices.push_back(device("XINT", DeviceKind::instance, {"vg", "ramp", "rst"}, "", "nladc_integrator"));
  }

  // Word line of slot j: high from one edge after the slot starts until one
  // edge before its step time ends, so the integration time is T_step − 2·edge.
  for (int slot = 0; slot < t.slots; ++slot) {
    const double a = t.slotStart(slot);
    const double b = a + t.stepTime;
    c.devices.push_back(device(fmt::format("VWL{}", slot), DeviceKind::voltageSource, {fmt::format("wl{}", slot), "0"},
                               pwl({{0.0, low},
                                    {a + 0.5 * t.edgeTime, low},
                                    {a + 1.5 * t.edgeTime, high},
                                    {b - 1.5 * t.edgeTime, high},
                                    {b - 0.5 * t.edgeTime, low}})));
  }
  // The bit line: cells tap it one segment apart from the integrator's
  // input outward, calibration cells first, then step 1, 2, … (the order
  // of adc::Cell::position); each segment has the wire's resistance.
  const double segment = p.bitlineResistancePerCell;
  int position = 0;
  auto cell = [&](const std::string& name, int slot, double conductance) {
    ++position;
    std::string tap = "vg";
    if (segment > 0.0) {
      tap = fmt::format("bl{}", position);
      c.devices.push_back(device(fmt::format("RBL{}", position), DeviceKind::resistor,
                                 {position == 1 ? "vg" : fmt::format("bl{}", position - 1), tap}, number(segment)));
    }
    c.devices.push_back(device(name, DeviceKind::instance, {fmt::format("wl{}", slot), tap, "sl"}, "", "nladc_cell",
                               {{"r", number(1.0 / conductance)}}));
  };
  for (size_t i = 0; i < design.calibrationConductances.size(); ++i)
    cell(calibrationCellName(i), 0, design.calibrationConductances[i]);
  for (size_t j = 0; j < design.steps.size(); ++j)
    for (int m = 0; m < design.steps[j].cells; ++m)
      cell(stepCellName(j + 1, m), static_cast<int>(j + 1), design.steps[j].conductance);

  const std::vector<double> inputs = testInputVolts(design, o.testColumns);
  if (transistorColumns)
    addTransistorColumns(c, design, o, frontEnd, t, inputs);
  else if (o.testColumns > 0)
    c.devices.push_back(device("VCNT", DeviceKind::voltageSource, {"count", "0"},
                               stepCounter(t, [](int count) { return static_cast<double>(count); })));

  for (size_t col = 0; !transistorColumns && col < inputs.size(); ++col) {
    const std::string in = fmt::format("in{}", col);
    const std::string cmp = fmt::format("cmp{}", col);
    c.devices.push_back(device(fmt::format("VIN{}", col), DeviceKind::voltageSource, {in, "0"},
                               "DC " + number(reference + inputs[col])));
    c.devices.push_back(
        device(fmt::format("XCMP{}", col), DeviceKind::instance, {"ramp", in, cmp}, "", "nladc_comparator"));
    c.devices.push_back(device(fmt::format("XLAT{}", col), DeviceKind::instance,
                               {"count", cmp, fmt::format("hold{}", col), "vdd"}, "", "nladc_latch"));
  }

  // Tight tolerances: the ramp must be read to a small fraction of its
  // smallest step (at the default reltol of 1e-3 the integration error
  // alone is 1 % of a 3-bit step; at 1e-9 it stays below 5 µV, measured).
  // The trapezoidal rule, or a tighter abstol, stall the time step on some
  // decks (the comparators switch sharply); Gear integration does not.
  // BSIM4 devices stall the time step at reltol=1e-9; at 1e-6 the ramp of
  // the transistor deck moves by under 1 µV against 1e-7 (measured).
  c.options.push_back(o.transistor ? "reltol=1e-6 vntol=1e-9 method=gear" : "reltol=1e-9 vntol=1e-10 method=gear");
  c.analyses.push_back(fmt::format(".tran {} {}", number(t.stepTime / 200.0), number(t.stopTime())));
  for (int slot = 0; slot < t.slots; ++slot)
    c.measures.push_back(fmt::format(".meas tran ramp{} FIND v(ramp) AT={}", slot, number(t.slotEnd(slot))));
  if (o.transistor)
    c.measures.push_back(fmt::format(".meas tran ramp_auto_zero FIND v(ramp) AT={}", number(t.autoZeroEnd())));
  for (size_t col = 0; col < inputs.size(); ++col) {
    if (!transistorColumns)
      c.measures.push_back(fmt::format(".meas tran code{} FIND v(hold{}) AT={}", col, col, number(t.readTime())));
    for (int bit = 0; transistorColumns && bit < design.levels.bits; ++bit)
      c.measures.push_back(fmt::format(".meas tran code{0}_{1} FIND v({2}) AT={3}", col, bit,
                                       codeBitNet(static_cast<int>(col), bit), number(t.readTime())));
  }
  return c;
}

namespace {

// The parts both integrator testbenches share: models, supply, common mode,
// the op-amp and its bias, the ramp line's load.
Circuit integratorBench(const adc::ReferenceColumnDesign& design, const DeckOptions& o, const std::string& what)
{
  if (!o.transistor)
    throw std::logic_error("an integrator testbench needs transistor blocks");
  Circuit c;
  c.title = fmt::format("nladc transistor integrator, {}: set={} (C_int = {} F)", what, design.levels.name,
                        number(design.cInt));
  if (o.libSection)
    c.libs.emplace_back(o.modelFile, *o.libSection);
  else
    c.includes.push_back(o.modelFile);
  c.subcircuits.push_back(o.transistor->opamp);
  c.devices.push_back(device("VDD", DeviceKind::voltageSource, {"vdd", "0"}, "DC " + number(o.supply)));
  c.devices.push_back(device("VCM", DeviceKind::voltageSource, {"vcm", "0"}, "DC " + number(o.rampReference())));
  c.devices.push_back(device("CLOAD", DeviceKind::capacitor, {"ramp", "0"}, number(o.transistor->rampLoad)));
  return c;
}

// The integrator as the deck holds it, reset until one step before slot 0
// as in the deck, and released.
Circuit releasedIntegratorBench(const adc::ReferenceColumnDesign& design, const DeckOptions& o, const std::string& what)
{
  Circuit c = integratorBench(design, o, what);
  const ConversionTiming t = conversionTiming(design, o.blocks());
  c.subcircuits.insert(c.subcircuits.begin(), integratorSubcircuit(design, o));
  const double resetEnd = t.start - t.stepTime;
  c.devices.push_back(device("VRST", DeviceKind::voltageSource, {"rst", "0"},
                             pwl({{0.0, o.supply}, {resetEnd, o.supply}, {resetEnd + t.edgeTime, 0.0}})));
  c.devices.push_back(
      device("XINT", DeviceKind::instance, {"vg", "ramp", "rst", "vcm", "vdd"}, "", "nladc_integrator"));
  // The bit line's virtual ground keeps a DC path through the op-amp's
  // feedback only while reset closes it; a cell's off resistance stands in
  // for the column of cells that holds it afterwards.
  c.devices.push_back(device("ROFF", DeviceKind::resistor, {"vg", "vcm"}, "1e12"));
  c.options.push_back("reltol=1e-6 vntol=1e-9 method=gear");
  return c;
}

} // namespace

Circuit buildIntegratorOpenLoopTestbench(const adc::ReferenceColumnDesign& design, const DeckOptions& o)
{
  Circuit c = integratorBench(design, o, "open loop");
  c.devices.push_back(device("VAC", DeviceKind::voltageSource, {"inp", "vcm"}, "DC 0 AC 1"));
  c.devices.push_back(
      device("XOPAMP", DeviceKind::instance, {"inp", "vg", "ramp", "vdd", "bias"}, "", o.transistor->opamp.name));
  c.devices.push_back(
      device("IBIAS", DeviceKind::currentSource, {"bias", "0"}, "DC " + number(o.transistor->biasCurrent)));
  c.devices.push_back(device("C1", DeviceKind::capacitor, {"vg", "ramp"}, number(design.cInt)));
  // The loop is closed for DC only (1 GΩ into 1 F is a pole at 0.16 nHz).
  c.devices.push_back(device("RDC", DeviceKind::resistor, {"ramp", "vg"}, "1e9"));
  c.devices.push_back(device("CDC", DeviceKind::capacitor, {"vg", "0"}, "1"));
  c.analyses.push_back(".ac dec 40 1e3 1e10");
  return c;
}

IntegratorStep integratorStep(const adc::ReferenceColumnDesign& design, adc::BlockKind blocks, double outputLevel)
{
  const ConversionTiming t = conversionTiming(design, blocks);
  IntegratorStep s;
  s.start = t.slotStart(IntegratorStep::testSlot);
  s.end = s.start + IntegratorStep::stepTimes * t.stepTime;
  s.rested = s.end + t.slotLength();
  s.stepTime = t.stepTime;
  s.edgeTime = t.edgeTime;
  s.rise = design.parameters.fullScale / t.slots;
  s.current = design.cInt * s.rise / (s.end - s.start);
  s.precharge = std::max(0.0, outputLevel - 0.75 * s.rise);
  s.level = outputLevel;
  return s;
}

Circuit buildIntegratorResetTestbench(const adc::ReferenceColumnDesign& design, const DeckOptions& o)
{
  Circuit c = releasedIntegratorBench(design, o, "reset");
  const ConversionTiming t = conversionTiming(design, o.blocks());
  c.analyses.push_back(fmt::format(".tran {} {}", number(t.stepTime / 200.0), number(t.slotStart(0))));
  return c;
}

Circuit buildIntegratorStepTestbench(const adc::ReferenceColumnDesign& design, const DeckOptions& o, double outputLevel)
{
  Circuit c = releasedIntegratorBench(
      design, o, fmt::format("step response, output {} V above the common mode", number(outputLevel)));
  const ConversionTiming t = conversionTiming(design, o.blocks());
  const IntegratorStep s = integratorStep(design, o.blocks(), outputLevel);
  // The precharge lifts the ramp to integratorStep's precharge, ¾ of the
  // test's rise below the level, over the slots before the test, slowly
  // (the op-amp must not slew), and leaves it a slot's length to rest
  // (twelve delays of the one-pole op-amp the tests measure); the test
  // current then flows with a word line's edges, and the ramp rests again.
  const double chargeFrom = t.slotStart(0) + t.edgeTime;
  const double chargeTo = s.start - t.slotLength();
  const double charging = design.cInt * s.precharge / (chargeTo - chargeFrom - t.edgeTime);
  c.devices.push_back(device("ISTEP", DeviceKind::currentSource, {"vg", "0"},
                             pwl({{0.0, 0.0},
                                  {chargeFrom, 0.0},
                                  {chargeFrom + t.edgeTime, charging},
                                  {chargeTo - t.edgeTime, charging},
                                  {chargeTo, 0.0},
                                  {s.start + 0.5 * t.edgeTime, 0.0},
                                  {s.start + 1.5 * t.edgeTime, s.current},
                                  {s.end - 1.5 * t.edgeTime, s.current},
                                  {s.end - 0.5 * t.edgeTime, 0.0}})));
  c.analyses.push_back(fmt::format(".tran {} {}", number(t.stepTime / 200.0), number(s.rested)));
  return c;
}

} // namespace nladc::netlist
