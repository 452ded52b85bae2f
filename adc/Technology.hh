#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace nladc::adc {

// A technology: everything nladc needs to know about a process and its
// RRAM to size, simulate and estimate the area of the reference-column
// NL-ADC (DESIGN.md §4–§6). Read from a human-written YAML file
// (TechnologyReader.hh; the schema is docs/technology.md). All values are
// in SI units, named in the comments; each was checked when read.

// The read voltage across a 1T1R cell (bit line to source line). The
// macro is specified over [min, max]; nominal is the design point.
struct ReadVoltage {
  double nominal = 0; // V
  double min = 0;     // V
  double max = 0;     // V
};

// The RRAM device of a 1T1R cell.
struct Rram {
  double gMin = 0; // S, smallest programmable conductance
  double gMax = 0; // S, largest programmable conductance
  // 0: any conductance in [gMin, gMax] can be programmed (write-verify);
  // L ≥ 2: only the L levels gMin + k (gMax − gMin)/(L − 1), k = 0 … L−1.
  int levels = 0;
  double gOff = 0; // S, an unprogrammed or OFF cell (HRS); 0 ≤ gOff < gMin
};

// The binary-weighted bias-calibration cells that set the ramp offset V_0
// in step 0 (DESIGN.md §4): cell k has conductance lsbConductance · 2^k.
struct Calibration {
  int cells = 0;             // 0 … 8
  double lsbConductance = 0; // S, in [Rram::gMin, Rram::gMax]
};

// How a deck reaches the transistor models.
enum class ModelDirective {
  include, // .include PATH
  lib,     // .lib PATH SECTION
};

struct ModelSource {
  ModelDirective directive = ModelDirective::include;
  std::filesystem::path path; // absolute, lexically normal; the file exists
  std::string section;        // the .lib section (SpiceName); empty for include

  // The deck line that loads the models: ".include /abs/x.lib" or
  // ".lib /abs/pdk.lib tt". Safe to write unquoted (see isSafeSpicePath).
  std::string spiceLine() const;
};

// The access NMOS of every 1T1R cell (reference column and calibration cells).
struct AccessTransistor {
  std::string model; // model (or PDK model) name, a SpiceName
  double w = 0;      // m, channel width
  double l = 0;      // m, channel length
};

// The ramp integrator: op-amp with feedback capacitor C_int.
struct Integrator {
  double opampGain = 0; // V/V, DC open-loop gain (> 1)
  double cIntMin = 0;   // F, smallest C_int the design may choose
  double cIntMax = 0;   // F, largest C_int the design may choose
};

// The column comparator (behavioural; a user may swap in a transistor-level one).
struct Comparator {
  double gain = 0;   // V/V, small-signal gain of the behavioural comparator
  double offset = 0; // V, systematic input offset (any sign)
  // Auto-zeroed: each column stores its comparator's offset on a capacitor
  // before the ramp, leaving DesignBounds::autoZeroResidualSigma. Not read
  // from the file: a design (layout_est::Sizing) chooses it.
  bool autoZero = false;
};

// The bounds within which `nladc design` may choose its knobs (DESIGN.md
// §8), and what the knobs cost. The file's optional `design` section.
struct DesignBounds {
  double comparatorAVt = 0;          // V·m, Pelgrom A_VT of the comparator's input pair
  double comparatorMaxInputArea = 0; // m², largest W·L of one input device
  double maxFullScale = 0;          // V, the largest V_FS the integrator's swing and the comparator's input range allow
  double autoZeroCapacitance = 0;   // F, the per-column offset-storage capacitor
  double autoZeroResidualSigma = 0; // V, σ of the offset an auto-zeroed comparator keeps
};

// Which circuit the decks simulate for the comparator, the ramp
// integrator and the switches (DESIGN.md §9).
enum class BlockKind {
  behavioural, // B-source comparator, VCVS integrator, ideal switches
  transistor,  // StrongARM comparator, two-stage op-amp, MOSFET switches
};

// "behavioural" or "transistor".
std::string_view blockKindName(BlockKind kind);
// The kind a name names; nullopt for any other text.
std::optional<BlockKind> parseBlockKind(std::string_view name);

// The transistor-level blocks: which model cards their MOSFETs use, their
// mismatch, and the common-mode level the ramp starts from. The file's
// optional `blocks` section.
struct TransistorBlocks {
  BlockKind defaultKind = BlockKind::behavioural; // what a deck holds when no --blocks is given
  std::string nmos;                               // model card of the blocks' NMOS, a SpiceName
  std::string pmos;                               // model card of the blocks' PMOS, a SpiceName
  double aBeta = 0;                               // m, Pelgrom: σ(Δβ/β) = aBeta / √(W·L)
  double commonMode = 0;   // V, the integrator's virtual ground; the ramp starts here and rises by V_FS
  double maxFullScale = 0; // V, the largest V_FS the op-amp's output swings to above commonMode
  // The column front end's preamplifier loads (PMOS diodes), optional: they
  // set its auto-zero voltage, where the StrongARM's inputs sit
  // (docs/blocks.md). 0: netlist's default, min_width × 13·F.
  double preampLoadWidth = 0;  // m
  double preampLoadLength = 0; // m
  double preampCurrent = 0;    // A, the front end's tail (0: the default)
};

// Interconnect of the reference column.
struct Wire {
  double bitlineResistancePerCell = 0; // ohm, bit-line segment per cell pitch (≥ 0)
};

// Variation defaults for Monte Carlo (DESIGN.md §5).
struct Variation {
  double rramSigmaRel = 0;          // 1, lognormal σ of G relative to G
  double rramSigmaAbs = 0;          // S, absolute σ of G (0: not used)
  double pStuckOff = 0;             // 1, probability a cell is stuck at OFF, [0, 1)
  double aVt = 0;                   // V·m, Pelgrom: σ(Vth) = aVt / √(W·L)
  double gainSigma = 0;             // 1, relative σ of the ramp-vs-column gain
  double comparatorOffsetSigma = 0; // V, σ of each column comparator's offset
  double vreadSpread = 0;           // 1, global Vread uniform in ±vreadSpread · nominal, [0, 1)
  bool vreadTracking = true;        // true: the Vread draw hits ramp and columns alike; false: ramp only
};

// Device-level area rules for layout_est (DESIGN.md §6).
struct AreaRules {
  double cellF2 = 0;                // 1, 1T1R cell area in units of F² (F = featureSize)
  double gatePitch = 0;             // m, contacted gate (poly) pitch
  double gateExtension = 0;         // m, gate end cap beyond the active area, each side
  double diffusionExtension = 0;    // m, source/drain active from the gate edge to the active edge, contact included
  double diffusionSpacing = 0;      // m, active-to-active space between neighbouring devices
  double widthFactor = 0;           // 1, drawn active width per metre of electrical W (1 planar; < 1 FinFET)
  double momDensity = 0;            // F/m², MOM (finger) capacitor density
  double mimDensity = 0;            // F/m², MIM capacitor density; 0: the process has none
  double inverterArea = 0;          // m², inverter X1 standard cell
  double nand2Area = 0;             // m², NAND2 X1 standard cell
  double xor2Area = 0;              // m², XOR2 X1 standard cell
  double mux2Area = 0;              // m², MUX2 X1 standard cell
  double latchArea = 0;             // m², level-sensitive D latch X1 standard cell
  double dffArea = 0;               // m², D flip-flop X1 standard cell
  double routingFactor = 0;         // 1, ≥ 1: block area = Σ device area · routingFactor
  double minWidth = 0;              // m, narrowest transistor of the analog blocks (switches, latch devices)
  double unitCapacitance = 0;       // F, smallest matched unit capacitor of a capacitive DAC
  double unitCapacitorMismatch = 0; // 1, σ(ΔC/C) of one unit capacitor of unitCapacitance; ∝ 1/√C for larger units
  double unitResistorArea = 0;      // m², footprint of one matched unit resistor of a resistor ladder
};

// What a conversion's energy is estimated from (layout_est/AdcEnergy.hh,
// docs/energy.md). The file's optional `energy` section.
struct EnergyRules {
  double gateCapacitance = 0;     // F/m², gate oxide capacitance per gate area (C_ox)
  double junctionCapacitance = 0; // F/m, a drain or source's capacitance per transistor width (junction + overlap)
  double inverterEnergy = 0;      // J, inverter X1: one output transition
  double nand2Energy = 0;         // J, NAND2 X1: one output transition
  double xor2Energy = 0;          // J, XOR2 X1: one output transition
  double mux2Energy = 0;          // J, MUX2 X1: one output transition
  double latchEnergy = 0;         // J, D latch X1: one enable cycle (capture)
  double dffEnergy = 0;           // J, D flip-flop X1: one clock cycle
  double unitResistance = 0;      // ohm, one matched unit resistor of a ladder (AreaRules::unitResistorArea)
};

struct Technology {
  std::string name;           // [A-Za-z0-9_.:-]{1,64}
  std::filesystem::path file; // the technology file it was read from ("" if parsed from text)
  double featureSize = 0;     // m, F
  double supply = 0;          // V, VDD
  ReadVoltage readVoltage;    // V
  double fullScale = 0;       // V, V_FS: the activation domain maps to [0, V_FS]
  double stepTime = 0;        // s, T_step: one ramp step
  double edgeTime = 0;        // s, word-line and clock rise/fall time in the testbench
  double wordLineHigh = 0;    // V, word-line high level (access-transistor gate)
  Rram rram;
  Calibration calibration;
  ModelSource models;
  AccessTransistor accessTransistor;
  Integrator integrator;
  Comparator comparator;
  Wire wire;
  Variation variation;
  AreaRules area;
  std::optional<DesignBounds> design;     // nullopt: the file has no design section
  std::optional<TransistorBlocks> blocks; // nullopt: the file has no blocks section (behavioural only)
  std::optional<EnergyRules> energy;      // nullopt: the file has no energy section (no energy estimate)

  // The comparator input pair's Pelgrom A_VT: the design section's, else
  // the access transistors' (variation.a_vt), as files without one were sized.
  double comparatorAVt() const { return design ? design->comparatorAVt : variation.aVt; }
  // Pelgrom's law: the W·L (m²) of one comparator input device whose offset
  // σ is `offsetSigma` (V).
  double comparatorGateArea(double offsetSigma) const
  {
    const double ratio = comparatorAVt() / offsetSigma;
    return ratio * ratio;
  }
};

// A name that can be written into a SPICE deck as one token and cannot
// start a control line: [A-Za-z_][A-Za-z0-9_.:-]{0,63}.
bool isSpiceName(std::string_view name);

// A path that can be written into a SPICE deck unquoted as one token, the
// one rule the technology reader and the deck writer share: 1 to 1024
// characters of [A-Za-z0-9_./+~:@-], not starting with '-', and starting
// with '.' only as ./ or ../ (nothing a shell, a quote or ngspice's inline
// comments could read as syntax).
bool isSpicePathCharacter(char c);
constexpr std::string_view spicePathRule =
    "a path in a SPICE deck is 1 to 1024 characters of letters, digits and _ . / + ~ : @ -, not starting with '-', "
    "and starting with '.' only as ./ or ../";
bool isSafeSpicePath(std::string_view path);

} // namespace nladc::adc
