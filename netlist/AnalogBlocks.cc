#include "netlist/AnalogBlocks.hh"

#include "netlist/CellLibrary.hh"
#include "util/Error.hh"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace nladc::netlist {

namespace {

std::string number(double v)
{
  return fmt::format("{:.12g}", v);
}

// Channel length of the op-amp's devices, in units of F: long enough for
// 40 dB per stage.
constexpr double opampLengthInF = 4.0;
// Input pair aspect ratio W/L of the comparator.
constexpr double inputAspect = 4.0;
// Allen & Holberg: C_c > 0.22·C_L for 60° phase margin in a two-stage op-amp.
constexpr double millerRatio = 0.22;
// The op-amp's bias current as drawn, for opampUnitLoad (docs/blocks.md).
constexpr double opampUnitBias = 20e-6;
// kT at 300 K, J: the noise a sampled capacitor keeps.
constexpr double thermalEnergy = 1.380649e-23 * 300.0;
// The hold noise's σ as a fraction of the narrowest step: 3σ within a quarter.
constexpr double holdNoiseFraction = 1.0 / 12.0;
// The front end's preamplifier: a tail of 2 µA into PMOS diode loads of
// min_width × 13·F leaves each load ≈ 0.3 V of overdrive and an output
// time constant C/gm_p below a nanosecond at 65 nm. With 1 µA into
// 2·min_width × 8·F loads the column's offset σ was 20 mV against the
// StrongARM's 5 (the auto-zero left 1/(1 + gain) of the pair's ΔV_th).
constexpr double frontEndBias = 2e-6;
constexpr double preampLoadLengthInF = 13.0;
// A cross-coupled PMOS pair beside each diode load, as long as the diode
// over this ratio: the outputs' differential conductance falls to
// (1 − 0.9)/(1 + 0.9) of the diodes' alone, so the gain that divides the
// pair's offset in the auto-zero rises about 19-fold (the common mode's
// conductance does not fall). Measured at 65 nm with the 5 mV pairs
// (docs/comparator.md): 0.5 → 2.9 mV of σ and 0.7 → 3.5 mV, the outputs
// lagging the ramp by 31–39 mV; 0.9 with the equalizer (columnFrontEnd)
// → 1.27 mV and no lag. Above 1 the loads latch.
constexpr double crossCoupledRatio = 0.9;
// Measured at that point (65 nm, 5 mV pairs of 0.49 µm², 9.2 fF of gate,
// 14.3 fF of coupling), the front end is scaled with its pairs for other
// budgets: C_in and C_ramp at least 1.55 times the pair's gate, so gp's
// attenuation stays at 2.64; the tail's current, and the loads' width with
// it, at least 2 µA per 9.2 fF of the StrongARM's input gate, which the
// preamplifier drives, so its outputs settle as fast. Unscaled, a 1.4 mV
// budget's pairs (6.2 µm²) made σ 5.7 mV with a 49 mV lag (measured).
constexpr double couplingPerPairGate = 1.55;
constexpr double biasPerComparatorGate = 2e-6 / 9.2e-15; // A/F

} // namespace

Device mosfet(std::string name, bool pmos, std::vector<std::string> nets, const TransistorSize& size)
{
  return Device{std::move(name),
                DeviceKind::mosfet,
                std::move(nets),
                pmos ? "pmos" : "nmos",
                "",
                {{"W", number(size.w)}, {"L", number(size.l)}}};
}

Device capacitor(std::string name, std::vector<std::string> nets, double farads, bool mim)
{
  return Device{
      std::move(name), DeviceKind::capacitor, std::move(nets), mim ? mimCapacitorModel : "", number(farads), {}};
}

Subcircuit withModelCards(Subcircuit block, const adc::TransistorBlocks& blocks)
{
  for (Device& d : block.devices) {
    if (d.kind == DeviceKind::mosfet)
      d.model = d.model == "pmos" ? blocks.pmos : blocks.nmos;
    else if (d.kind == DeviceKind::capacitor)
      d.model.clear(); // MIM or MOM is layout's concern; the deck holds an ideal capacitor
  }
  return block;
}

ComparatorSizing comparatorSizing(const adc::Technology& t)
{
  const double sigma = t.variation.comparatorOffsetSigma;
  if (!(sigma > 0.0))
    throw InputError(fmt::format("{}: variation.comparator_offset_sigma must be above 0 to size a comparator for area",
                                 t.file.string()));
  const double f = t.featureSize;
  const double wMin = t.area.minWidth;
  const double gateArea = t.comparatorGateArea(sigma);
  const double inputLength = std::max(f, std::sqrt(gateArea / inputAspect));
  const double inputWidth = std::max(wMin, gateArea / inputLength);
  ComparatorSizing s;
  s.input = {inputWidth, inputLength};
  s.tail = {inputWidth, f};
  s.latchN = {2.0 * wMin, f};
  s.latchP = {2.0 * wMin, f};
  s.reset = {wMin, f};
  return s;
}

Subcircuit strongArmComparator(const adc::Technology& t)
{
  const ComparatorSizing s = comparatorSizing(t);
  return {"nladc_strongarm",
          {"inp", "inn", "clk", "out", "outb", "vdd"},
          {mosfet("M1", false, {"xp", "inp", "tail", "0"}, s.input),
           mosfet("M2", false, {"xn", "inn", "tail", "0"}, s.input),
           mosfet("M3", false, {"tail", "clk", "0", "0"}, s.tail),
           mosfet("M4", false, {"outn", "outp", "xp", "0"}, s.latchN),
           mosfet("M5", false, {"outp", "outn", "xn", "0"}, s.latchN),
           mosfet("M6", true, {"outn", "outp", "vdd", "vdd"}, s.latchP),
           mosfet("M7", true, {"outp", "outn", "vdd", "vdd"}, s.latchP),
           mosfet("M8", true, {"outn", "clk", "vdd", "vdd"}, s.reset),
           mosfet("M9", true, {"outp", "clk", "vdd", "vdd"}, s.reset),
           mosfet("M10", true, {"xp", "clk", "vdd", "vdd"}, s.reset),
           mosfet("M11", true, {"xn", "clk", "vdd", "vdd"}, s.reset),
           // The SR latch holds the decision through the reset phase: outn
           // falls when inp > inn and sets out high. The latch nodes drive
           // the NANDs' bottom NMOS (input b), whose channel is on in reset
           // in both NANDs whatever the latch holds; on the top NMOS (input
           // a) they would see the held state's load, a hysteresis of
           // 10–50 mV at 65 nm in ngspice (≈ ±0.5 mV this way;
           // docs/comparator.md).
           libraryInstance("XSR1", LibraryCell::nand2, {"outb", "outn", "out", "vdd"}),
           libraryInstance("XSR2", LibraryCell::nand2, {"out", "outp", "outb", "vdd"})},
          {}};
}

Subcircuit comparatorBank(std::string name, int count)
{
  Subcircuit bank{std::move(name), {"in", "clk", "vdd"}, {}, {}};
  for (int i = 0; i < count; ++i)
    bank.devices.push_back(
        Device{fmt::format("XCMP{}", i),
               DeviceKind::instance,
               {"in", fmt::format("ref{}", i), "clk", fmt::format("out{}", i), fmt::format("outb{}", i), "vdd"},
               "nladc_strongarm",
               "",
               {}});
  return bank;
}

FrontEndSizing frontEndSizing(const adc::Technology& t, double coupling)
{
  if (!t.blocks)
    throw InputError(fmt::format("{}: the column front end needs the technology's blocks section", t.file.string()));
  const double f = t.featureSize;
  const double wMin = t.area.minWidth;
  FrontEndSizing s;
  s.pair = comparatorSizing(t).input;
  const double gate = t.energy ? t.energy->gateCapacitance * s.pair.w * s.pair.l : 0.0;
  s.coupling = std::max(coupling, couplingPerPairGate * gate);
  const double drawnCurrent = t.blocks->preampCurrent > 0.0 ? t.blocks->preampCurrent : frontEndBias;
  s.biasCurrent = std::max(drawnCurrent, biasPerComparatorGate * gate);
  const double drawnWidth = t.blocks->preampLoadWidth > 0.0 ? t.blocks->preampLoadWidth : wMin;
  s.load = {drawnWidth * s.biasCurrent / drawnCurrent,
            t.blocks->preampLoadLength > 0.0 ? t.blocks->preampLoadLength : preampLoadLengthInF * f};
  s.crossLoad = {s.load.w, s.load.l / crossCoupledRatio};
  s.tail = {4.0 * wMin * s.biasCurrent / drawnCurrent, 8.0 * f};
  s.switches = {2.0 * wMin, f};
  return s;
}

Subcircuit columnFrontEnd(const FrontEndSizing& s)
{
  return {
      "nladc_front_end",
      {"in", "ramp", "vcm", "nbias", "az", "smp", "smpb", "hold", "eqb", "clk", "out", "outb", "vdd"},
      {mosfet("MSN", false, {"bottom", "smp", "in", "0"}, s.switches),
       mosfet("MSP", true, {"bottom", "smpb", "in", "vdd"}, s.switches),
       mosfet("MHOLD", false, {"bottom", "hold", "vcm", "0"}, s.switches),
       capacitor("CIN", {"bottom", "gp"}, s.coupling, true), capacitor("CRAMP", {"ramp", "gp"}, s.coupling, true),
       capacitor("CREF", {"vcm", "gn"}, 2.0 * s.coupling, true), mosfet("M1", false, {"d1", "gp", "tail", "0"}, s.pair),
       mosfet("M2", false, {"d2", "gn", "tail", "0"}, s.pair), mosfet("M3", false, {"tail", "nbias", "0", "0"}, s.tail),
       mosfet("M4", true, {"d1", "d1", "vdd", "vdd"}, s.load), mosfet("M5", true, {"d2", "d2", "vdd", "vdd"}, s.load),
       mosfet("M6", true, {"d1", "d2", "vdd", "vdd"}, s.crossLoad),
       mosfet("M7", true, {"d2", "d1", "vdd", "vdd"}, s.crossLoad),
       // The outputs equalized until shortly before each decision: they
       // then start from zero, not from where the ramp's rise drove them,
       // which a high gain's slow outputs would carry into the decision.
       mosfet("MEQ", true, {"d1", "eqb", "d2", "vdd"}, s.switches),
       mosfet("MAZP", false, {"gp", "az", "d1", "0"}, s.switches),
       mosfet("MAZN", false, {"gn", "az", "d2", "0"}, s.switches),
       // gp rises with the ramp and pulls d1 down: out = (d2 > d1).
       Device{"XSA", DeviceKind::instance, {"d2", "d1", "clk", "out", "outb", "vdd"}, "nladc_strongarm", "", {}}},
      {}};
}

double frontEndRampLoad(const FrontEndSizing& s, double gateCapacitance)
{
  const double rest = s.coupling + s.pair.w * s.pair.l * gateCapacitance;
  return s.coupling * rest / (s.coupling + rest);
}

OpampSizing opampSizing(const adc::Technology& t, double loadCapacitance)
{
  OpampSizing s;
  s.scale = std::max(1.0, loadCapacitance / opampUnitLoad);
  s.biasCurrent = s.scale * opampUnitBias;
  s.supplyCurrent = 15.0 * s.biasCurrent;
  s.secondStage = {s.scale * 48.0 * t.area.minWidth, opampLengthInF * t.featureSize};
  s.compensation = std::max(millerRatio * loadCapacitance,
                            t.energy ? t.energy->gateCapacitance * s.secondStage.w * s.secondStage.l : 0.0);
  return s;
}

Subcircuit millerOpamp(const adc::Technology& t, double loadCapacitance)
{
  const OpampSizing s = opampSizing(t, loadCapacitance);
  const auto size = [&](double widthInMin) {
    return TransistorSize{s.scale * widthInMin * t.area.minWidth, opampLengthInF * t.featureSize};
  };
  return {"nladc_opamp",
          {"inp", "inn", "out", "vdd", "bias"},
          {mosfet("M1", true, {"d1", "inn", "tail", "vdd"}, size(32)),
           mosfet("M2", true, {"d2", "inp", "tail", "vdd"}, size(32)),
           mosfet("M3", false, {"d1", "d1", "0", "0"}, size(4)), mosfet("M4", false, {"d2", "d1", "0", "0"}, size(4)),
           mosfet("M5", true, {"tail", "bias", "vdd", "vdd"}, size(8)),
           mosfet("M6", true, {"out", "bias", "vdd", "vdd"}, s.secondStage),
           mosfet("M7", false, {"out", "d2", "0", "0"}, s.secondStage),
           mosfet("M8", true, {"bias", "bias", "vdd", "vdd"}, size(4)),
           capacitor("CC", {"d2", "out"}, s.compensation, true)},
          {}};
}

double rampLoadCapacitance(const adc::Technology& t, int columns)
{
  if (!t.energy)
    throw InputError(fmt::format("{}: the ramp line's load needs the technology's energy section "
                                 "(energy.gate_capacitance)",
                                 t.file.string()));
  const TransistorSize input = comparatorSizing(t).input;
  return columns * input.w * input.l * t.energy->gateCapacitance;
}

double samplingCapacitance(double stepVolts)
{
  const double noise = holdNoiseFraction * stepVolts;
  return thermalEnergy / (noise * noise);
}

double holdCapacitance(const quant::LevelSet& set, const adc::Technology& t, StepRule rule)
{
  return holdCapacitance(set, t.fullScale, t.area.unitCapacitance, rule);
}

double holdCapacitance(const quant::LevelSet& set, double fullScale, double unitCapacitance, StepRule rule)
{
  return std::max(unitCapacitance, samplingCapacitance(narrowestStep(set, rule) * fullScale));
}

Subcircuit sampleHoldBlock(std::string name, double capacitance, const adc::Technology& t)
{
  return {std::move(name),
          {"in", "held", "vdd"},
          {mosfet("MSAMP", false, {"held", "vdd", "in", "0"}, {t.area.minWidth, t.featureSize}),
           capacitor("CHOLD", {"held", "0"}, capacitance, true)},
          {}};
}

Subcircuit autoZeroBlock(std::string name, int comparators, const adc::Technology& t)
{
  if (!t.design)
    throw InputError(fmt::format("{}: an auto-zeroed comparator needs the technology's design section "
                                 "(design.auto_zero_capacitance)",
                                 t.file.string()));
  Subcircuit block{std::move(name), {"in", "cmp", "az", "vdd"}, {}, {}};
  const TransistorSize switchSize{t.area.minWidth, t.featureSize};
  for (int i = 0; i < comparators; ++i) {
    const std::string stored = fmt::format("st{}", i);
    block.devices.push_back(capacitor(fmt::format("CAZ{}", i), {"in", stored}, t.design->autoZeroCapacitance, true));
    block.devices.push_back(mosfet(fmt::format("MAZ{}", i), false, {stored, "az", "cmp", "0"}, switchSize));
    block.devices.push_back(mosfet(fmt::format("MREF{}", i), false, {"in", "az", "0", "0"}, switchSize));
  }
  return block;
}

} // namespace nladc::netlist
