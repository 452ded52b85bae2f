#include "layout_est/AdcEnergy.hh"

#include "netlist/AnalogBlocks.hh"
#include "netlist/CellLibrary.hh"
#include "util/Error.hh"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace nladc::layout_est {

namespace {

// A sampled input spread uniformly over [0, V_FS] charges a capacitor C by
// C·⟨V_in²⟩ = C·V_FS²/3 from its driver.
constexpr double meanSquareOfUniform = 1.0 / 3.0;

const netlist::Subcircuit& blockOf(const netlist::AdcCircuit& adc, const std::string& name)
{
  const auto found = std::find_if(adc.circuit.subcircuits.begin(), adc.circuit.subcircuits.end(),
                                  [&](const netlist::Subcircuit& s) { return s.name == name; });
  if (found == adc.circuit.subcircuits.end())
    throw InputError(fmt::format("{}: no block '{}'", adc.design, name));
  return *found;
}

double numberOf(const std::string& text)
{
  return std::stod(text);
}

double parameterOf(const netlist::Device& d, const std::string& key)
{
  for (const auto& [name, value] : d.params)
    if (name == key)
      return numberOf(value);
  return 0.0;
}

const adc::EnergyRules& rulesOf(const adc::Technology& t)
{
  if (!t.energy)
    throw InputError(fmt::format("{}: an energy estimate needs the technology's energy section", t.file.string()));
  return *t.energy;
}

// How often a digital block's cells switch in one conversion: flip-flops
// and latches take `clockCycles` cycles, combinational cells `transitions`
// output transitions each.
struct Activity {
  double clockCycles = 0.0;
  double transitions = 0.0;
};

double cellEnergy(const adc::EnergyRules& e, netlist::LibraryCell cell, const Activity& a)
{
  switch (cell) {
  case netlist::LibraryCell::inverter: return a.transitions * e.inverterEnergy;
  case netlist::LibraryCell::nand2: return a.transitions * e.nand2Energy;
  case netlist::LibraryCell::xor2: return a.transitions * e.xor2Energy;
  case netlist::LibraryCell::mux2: return a.transitions * e.mux2Energy;
  case netlist::LibraryCell::latch: return a.clockCycles * e.latchEnergy;
  case netlist::LibraryCell::flipFlop: return a.clockCycles * e.dffEnergy;
  case netlist::LibraryCell::rramCell:
  case netlist::LibraryCell::unitResistor: break;
  }
  return 0.0;
}

// The standard cells of a block, each at its activity.
double digitalEnergy(const netlist::Subcircuit& block, const adc::EnergyRules& e, const Activity& a)
{
  double energy = 0.0;
  for (const netlist::Device& d : block.devices)
    if (d.kind == netlist::DeviceKind::instance)
      if (const std::optional<netlist::LibraryCell> cell = netlist::findLibraryCell(d.model))
        energy += cellEnergy(e, *cell, a);
  return energy;
}

double capacitanceOf(const netlist::Subcircuit& block)
{
  double total = 0.0;
  for (const netlist::Device& d : block.devices)
    if (d.kind == netlist::DeviceKind::capacitor)
      total += numberOf(d.value);
  return total;
}

// A block that samples V_in on its capacitors once a conversion through
// switches clocked once: the capacitors' charge from the input, and every
// MOSFET gate of the block charged to VDD.
double samplingEnergy(const netlist::Subcircuit& block, const adc::Technology& t)
{
  double gates = 0.0;
  for (const netlist::Device& d : block.devices)
    if (d.kind == netlist::DeviceKind::mosfet)
      gates += rulesOf(t).gateCapacitance * parameterOf(d, "W") * parameterOf(d, "L");
  return meanSquareOfUniform * capacitanceOf(block) * t.fullScale * t.fullScale + gates * t.supply * t.supply;
}

// The column front end (netlist::columnFrontEnd) once a conversion: the
// input's charge on C_in; the gates of its sampling, hold and auto-zero
// switches charged once, its equalizer's once a slot and once before the
// ramp; its tail current (frontEndSizing for that C_in) from VDD over the
// conversion. Its StrongARM's decisions are the comparator's term.
double frontEndEnergy(const netlist::Subcircuit& block, const adc::Technology& t, double slots, double conversionTime)
{
  const auto sampled = std::find_if(block.devices.begin(), block.devices.end(),
                                    [](const netlist::Device& d) { return d.name == "CIN"; });
  if (sampled == block.devices.end())
    throw InputError(fmt::format("block '{}' has no C_in", block.name));
  const double cIn = numberOf(sampled->value);
  double gates = 0.0;
  for (const netlist::Device& d : block.devices) {
    if (d.kind != netlist::DeviceKind::mosfet)
      continue;
    const std::string& gate = d.nets[1];
    const bool phase = gate == "smp" || gate == "smpb" || gate == "hold" || gate == "az";
    const double cycles = gate == "eqb" ? slots + 1.0 : phase ? 1.0 : 0.0;
    gates += cycles * rulesOf(t).gateCapacitance * parameterOf(d, "W") * parameterOf(d, "L");
  }
  const double bias = netlist::frontEndSizing(t, cIn).biasCurrent * t.supply * conversionTime;
  return meanSquareOfUniform * cIn * t.fullScale * t.fullScale + gates * t.supply * t.supply + bias;
}

int comparatorsIn(const netlist::Subcircuit& block)
{
  return static_cast<int>(std::count_if(block.devices.begin(), block.devices.end(),
                                        [](const netlist::Device& d) { return d.model == "nladc_strongarm"; }));
}

// Builds a design's breakdown in the circuit's block order, each block's
// sharing as the circuit says.
class Breakdown {
public:
  Breakdown(const netlist::AdcCircuit& adc, const adc::Technology& t, const ComparatorEnergy& comparator)
      : adc_(adc), technology_(t), rules_(rulesOf(t)), decision_(comparator.perDecision(t))
  {
    result_.comparatorSource = comparator.source();
  }

  const netlist::Subcircuit& block(const std::string& name) const { return blockOf(adc_, name); }
  bool has(const std::string& name) const
  {
    return std::any_of(adc_.blocks.begin(), adc_.blocks.end(),
                       [&](const netlist::AdcBlock& b) { return b.name == name; });
  }
  const adc::EnergyRules& rules() const { return rules_; }

  void add(const std::string& name, double energy)
  {
    const auto found = std::find_if(adc_.blocks.begin(), adc_.blocks.end(),
                                    [&](const netlist::AdcBlock& b) { return b.name == name; });
    result_.blocks.push_back({name, found == adc_.blocks.end() ? 1 : found->sharedBy, energy});
  }
  // An energy term of the circuit's own, shared as `sharedBy` columns.
  void addShared(const std::string& name, int sharedBy, double energy)
  {
    result_.blocks.push_back({name, sharedBy, energy});
  }

  void digital(const std::string& name, const Activity& a) { add(name, digitalEnergy(block(name), rules_, a)); }
  // The decisions of the StrongARMs in block `name`, as the entry `entry`.
  void comparators(const std::string& name, double decisionsEach, const std::string& entry)
  {
    add(entry, comparatorsIn(block(name)) * decisionsEach * decision_);
    if (has("auto_zero"))
      add("auto_zero", samplingEnergy(block("auto_zero"), technology_));
  }

  DesignEnergy result() const { return result_; }

private:
  const netlist::AdcCircuit& adc_;
  const adc::Technology& technology_;
  const adc::EnergyRules& rules_;
  double decision_;
  DesignEnergy result_;
};

} // namespace

double DesignEnergy::perConversion() const
{
  double sum = 0.0;
  for (const BlockEnergy& b : blocks)
    sum += b.perColumn();
  return sum;
}

DesignEnergy inMemoryEnergy(const netlist::AdcCircuit& adc, const adc::ReferenceColumnDesign& design,
                            const adc::Technology& t, int columns, const ComparatorEnergy& comparator)
{
  Breakdown b(adc, t, comparator);
  const adc::ColumnParameters& p = design.parameters;
  const double slots = static_cast<double>(design.levels.levelCount()); // the calibration slot and K − 1 steps

  const double conversionTime = (slots + 1.0) * p.stepTime; // K slots and the integrator's reset
  if (b.has("front_end")) {
    b.add("front_end", frontEndEnergy(b.block("front_end"), t, slots, conversionTime));
    b.comparators("front_end", slots, "comparator");
  } else {
    b.add("sample_hold", samplingEnergy(b.block("sample_hold"), t));
    b.comparators("comparator", slots, "comparator");
  }
  b.digital("column_latch", {1.0, 0.0});

  double rampConductance = 0.0;
  int rampCells = 0;
  for (const adc::RampStep& step : design.steps) {
    rampConductance += step.cells * step.conductance;
    rampCells += step.cells;
  }
  double calibrationConductance = 0.0;
  for (const double g : design.calibrationConductances)
    calibrationConductance += g;
  b.add("reference_column", p.vread * p.vread * rampConductance * p.onTime());
  b.add("calibration_cells", p.vread * p.vread * calibrationConductance * p.onTime());
  // Every cell's word line rises once a conversion: its access gate.
  const double accessGate = b.rules().gateCapacitance * t.accessTransistor.w * t.accessTransistor.l;
  const int cells = rampCells + static_cast<int>(design.calibrationConductances.size());
  b.addShared("word_lines", columns, cells * accessGate * p.wordLineHigh * p.wordLineHigh);
  const double opampCurrent = netlist::opampSizing(t, netlist::rampLoadCapacitance(t, columns)).supplyCurrent;
  b.add("integrator", t.supply * opampCurrent * conversionTime);
  b.digital("counter", {slots, slots});
  // Each slot's decode gate and word-line driver rise and fall once; the
  // sequencer's flip-flops are clocked every slot.
  b.digital("control", {slots, 2.0});
  return b.result();
}

DesignEnergy sarEnergy(const netlist::AdcCircuit& adc, double switchingUnits, const adc::Technology& t,
                       const ComparatorEnergy& comparator)
{
  Breakdown b(adc, t, comparator);
  const double bits = adc.bits;
  b.comparators("comparator", bits, "comparator");
  const netlist::Subcircuit& dac = b.block("cdac");
  const double unit = capacitanceOf(dac) / std::ldexp(1.0, adc.dacBits);
  // The reference's switching, the array sampling V_in, and each bottom
  // plate's driver setting and resetting once.
  b.add("cdac", switchingUnits * unit * t.fullScale * t.fullScale + samplingEnergy(dac, t) +
                    digitalEnergy(dac, b.rules(), {0.0, 2.0}));
  b.digital("sar_logic", {bits + 1.0, bits + 1.0});
  if (b.has("threshold_mux"))
    b.digital("threshold_mux", {0.0, bits});
  if (b.has("threshold_registers"))
    b.digital("threshold_registers", {0.0, bits});
  return b.result();
}

DesignEnergy flashEnergy(const netlist::AdcCircuit& adc, const adc::Technology& t, const ComparatorEnergy& comparator)
{
  Breakdown b(adc, t, comparator);
  b.comparators("comparators", 1.0, "comparators");
  double units = 0.0;
  for (const netlist::Device& d : b.block("ladder").devices)
    units += std::max(1.0, parameterOf(d, netlist::unitResistorLength));
  const double ladderResistance = units * b.rules().unitResistance;
  b.add("ladder", t.fullScale * t.fullScale / ladderResistance * t.stepTime);
  b.digital("encoder", {0.0, 1.0});
  return b.result();
}

} // namespace nladc::layout_est
