// The `sar` estimate (DESIGN.md §6) against an independent model of the
// same circuit: NeuroSim's SAR ADC area, re-derived here from its formula
// and constants (docs/area-validation.md gives the derivation and the
// sources). NeuroSim is a model, not silicon: these checks say that two
// independent estimators agree within a stated factor and grow with bits
// the same way, not that either is right.

#include "adc/TechnologyReader.hh"
#include "layout_est/AdcArea.hh"
#include "layout_est/DeviceArea.hh"
#include "netlist/AnalogBlocks.hh"
#include "netlist/SarAdcCircuit.hh"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <string>
#include <vector>

using namespace nladc;
namespace fs = std::filesystem;

namespace {

// NeuroSim's SAR ADC area at the 65 nm node, re-derived from
// DNN_NeuroSim V1.3 (github.com/neurosim/DNN_NeuroSim_V1.3, Inference_pytorch/
// NeuroSIM/SarADC.cpp, formula.cpp, Technology.cpp) and the constants of
// constant.h (identical in neurosim/DNN_NeuroSim_V1.4). Lengths in F.
namespace neurosim {

constexpr double featureSize = 65e-9;       // Technology.cpp: featureSize = 65 · 1e-9 at the 65 nm node
constexpr double cellHeight = 28.0;         // constant.h MAX_TRANSISTOR_HEIGHT: SarADC.cpp passes F·28 as the cell height
constexpr double polyWidth = 1.0;           // constant.h POLY_WIDTH
constexpr double gatePolyGap = 2.8;         // constant.h MIN_GAP_BET_GATE_POLY
constexpr double polyExtension = 1.0;       // constant.h MIN_POLY_EXT_DIFF
constexpr double fieldPolyGap = 1.6;        // constant.h MIN_GAP_BET_FIELD_POLY
constexpr double nmosWidth = 2.0;           // SarADC.cpp: widthNmos = MIN_NMOS_SIZE (constant.h: 2) · F
constexpr double pnSizeRatio = 400.0 / 238.7; // SarADC.cpp: widthPmos = pnSizeRatio · widthNmos; Technology.cpp,
                                              // 65 nm LSTP (Param.cpp's default deviceroadmap = 2): Ion,n / Ion,p

// SarADC.cpp CalculateUnitArea: NMOS and PMOS totals of one b-bit SAR ADC.
// The maintainers read them as widths in minimum widths ("269 times the
// minimum width", neurosim/DNN_NeuroSim_V1.3 issue #17, 2021-09-27); each
// unit is charged the area of one minimum single-device cell.
double nmosUnits(int bits) { return 269.0 + 109.0 * (bits - 1); }
double pmosUnits(int bits) { return 209.0 + 73.0 * (bits - 1); }

// formula.cpp CalculateGateArea, an INV with one device type, bulk (F ≥ 22 nm):
// the cell is cellHeight tall; a device no wider than the height less the
// poly end caps, cellHeight − 2·(MIN_POLY_EXT_DIFF + MIN_GAP_BET_FIELD_POLY/2),
// is not folded and takes 2·(POLY_WIDTH + MIN_GAP_BET_GATE_POLY) of width.
// Unfolded, the device's own width does not enter the area.
double singleDeviceCellArea(double widthInF)
{
  const double unfoldedMax = cellHeight - 2.0 * (polyExtension + fieldPolyGap / 2.0); // 24.4 F
  REQUIRE(widthInF <= unfoldedMax);
  return cellHeight * featureSize * 2.0 * (polyWidth + gatePolyGap) * featureSize; // 212.8 F²
}

// m², one SAR ADC (NeuroSim's areaUnit; SubArray.cpp adds no factor to it).
double sarArea(int bits)
{
  return singleDeviceCellArea(nmosWidth) * nmosUnits(bits) +
         singleDeviceCellArea(pnSizeRatio * nmosWidth) * pmosUnits(bits);
}

} // namespace neurosim

const adc::Technology& tech65()
{
  static const adc::Technology t = adc::readTechnology(fs::path(NLADC_EXAMPLES_DIR) / "tech" / "generic-65nm.yaml");
  return t;
}

struct SarEstimate {
  double total = 0.0;      // m² per column, the `sar` design
  double capacitors = 0.0; // m², its DAC capacitors (with routing_factor), the part NeuroSim has no term for
  double active() const { return total - capacitors; }
};

SarEstimate sarEstimate(int bits)
{
  const adc::Technology& t = tech65();
  const netlist::AdcCircuit adc = netlist::sarAdcCircuit(bits, t);
  SarEstimate e;
  e.total = layout_est::estimateArea(adc, t).perColumn();
  for (const netlist::AdcBlock& block : adc.blocks)
    for (const netlist::Subcircuit& s : adc.circuit.subcircuits)
      if (s.name == block.name)
        for (const netlist::Device& d : s.devices)
          if (d.kind == netlist::DeviceKind::capacitor)
            e.capacitors += layout_est::capacitorArea(t.area, std::stod(d.value), d.model == netlist::mimCapacitorModel) *
                            t.area.routingFactor / block.sharedBy;
  return e;
}

constexpr double um2 = 1e-12;
constexpr int fewestBits = 3;
constexpr int mostBits = 8;

} // namespace

TEST_CASE("the NeuroSim SAR area re-derivation gives its 65 nm figures")
{
  // 212.8 F² per unit at F = 65 nm is 0.899 µm²; 8 bits: (1032 + 720) units.
  CHECK(neurosim::sarArea(1) / um2 == Approx(478 * 0.89908).epsilon(1e-4));
  CHECK(neurosim::sarArea(3) / um2 == Approx(842 * 0.89908).epsilon(1e-4));
  CHECK(neurosim::sarArea(8) / um2 == Approx(1752 * 0.89908).epsilon(1e-4));
}

TEST_CASE("the SAR estimate lies between an eighth of NeuroSim's SAR area and NeuroSim's, at 3-8 bits")
{
  // Below NeuroSim: NeuroSim gives every minimum-width unit a full 28 F
  // cell slot (0.90 µm² at 65 nm), 3.2× this model's routed minimum device
  // (0.41 × 0.485 µm² × 1.4), and has no capacitor term; our 2^b DAC would
  // only overtake that margin at 11 bits. Above an eighth: our devices
  // without the DAC capacitors come to 0.50–0.55 of NeuroSim's inventory
  // priced at our own minimum device; a ratio under 1/8 would put that
  // under 0.40, which a lost block would cause (the SAR logic alone is 80 %
  // of the 3-bit estimate). Measured at commit 169db88: 0.165 (3 b) to
  // 0.32 (8 b).
  for (int bits = fewestBits; bits <= mostBits; ++bits) {
    const double ours = sarEstimate(bits).total;
    const double reference = neurosim::sarArea(bits);
    fmt::print("{} bits: sar {:7.1f} um2, NeuroSim {:7.1f} um2, ratio {:.3f}\n", bits, ours / um2, reference / um2,
               ours / reference);
    INFO(bits << " bits: sar " << ours / um2 << " um2, NeuroSim " << reference / um2 << " um2");
    CHECK(ours < reference);
    CHECK(ours > reference / 8.0);
  }
}

TEST_CASE("the SAR's devices grow with bits the way NeuroSim's SAR does")
{
  // NeuroSim's area is linear in b (182 minimum-width units per bit): it has
  // no 2^b capacitor term. Without its DAC capacitors our estimate is linear
  // in b too (per bit: 2 flip-flops, a NAND2, a DAC driver), so the ratio of
  // the two must stay nearly constant; 1.25 leaves room for the two models'
  // different split between fixed and per-bit parts (measured: 1.10).
  // With the capacitors the ratio doubles from 3 to 8 bits: the 2^b DAC is
  // the one place the models differ in kind, not in degree.
  std::vector<double> activeRatio;
  double previousOurs = 0.0;
  double previousReference = 0.0;
  for (int bits = fewestBits; bits <= mostBits; ++bits) {
    const SarEstimate e = sarEstimate(bits);
    const double reference = neurosim::sarArea(bits);
    INFO(bits << " bits");
    CHECK(e.capacitors > 0.0);
    CHECK(e.active() > previousOurs);
    CHECK(reference > previousReference);
    previousOurs = e.active();
    previousReference = reference;
    activeRatio.push_back(e.active() / reference);
    fmt::print("{} bits: sar without DAC capacitors {:7.1f} um2, ratio to NeuroSim {:.3f}\n", bits,
               e.active() / um2, activeRatio.back());
  }
  const auto [lo, hi] = std::minmax_element(activeRatio.begin(), activeRatio.end());
  CHECK(*hi / *lo < 1.25);
}
