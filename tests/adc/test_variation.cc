#include "adc/BehaviouralModel.hh"
#include "adc/ConversionMeasurement.hh"
#include "adc/VariationModel.hh"
#include "tests/support/LevelSets.hh"

#include <catch2/catch.hpp>
#include <cmath>

using namespace nladc;
using namespace nladc::adc;

namespace {

ReferenceColumnDesign design3()
{
  ColumnParameters p;
  p.transistor = Level1Transistor{0.42, 2.5e-4, 0.1, 0.3e-6, 0.065e-6};
  return designReferenceColumn(testing::reluLevelSet(quant::Method::bsKmq, 3), p);
}

VariationModel defaults()
{
  VariationModel m;
  m.rramSigmaRel = 0.03;
  m.vthSigma = 0.0245;
  m.gainSigma = 0.005;
  m.comparatorOffsetSigma = 5e-3;
  m.vreadSpread = 0.1;
  return m;
}

} // namespace

TEST_CASE("a sample's draws depend on (seed, index) only, and follow the model's σ")
{
  const ReferenceColumnDesign design = design3();
  const VariationModel model = defaults();
  const VariationSample a = drawSample(design, model, 16, 5, 42);
  const VariationSample b = drawSample(design, model, 16, 5, 42);
  CHECK(a.devices.stepCells[3][0].conductance == b.devices.stepCells[3][0].conductance);
  CHECK(a.columns[7].offset == b.columns[7].offset);
  CHECK(drawSample(design, model, 16, 5, 43).columns[7].offset != a.columns[7].offset);
  CHECK(drawSample(design, model, 16, 6, 42).columns[7].offset != a.columns[7].offset);

  // Statistics over many samples: log(G'/G), ΔVth, offsets, Vread.
  double sumLog = 0, sumLog2 = 0, sumVth2 = 0, sumOffset2 = 0, vreadMin = 1e9, vreadMax = 0;
  const int n = 4000;
  const double g = design.steps[2].conductance;
  for (int i = 0; i < n; ++i) {
    const VariationSample s = drawSample(design, model, 4, 1, static_cast<uint64_t>(i));
    const double l = std::log(s.devices.stepCells[2][0].conductance / g);
    sumLog += l;
    sumLog2 += l * l;
    sumVth2 += s.devices.stepCells[2][0].vthShift * s.devices.stepCells[2][0].vthShift;
    sumOffset2 += s.columns[1].offset * s.columns[1].offset;
    vreadMin = std::min(vreadMin, s.devices.vread);
    vreadMax = std::max(vreadMax, s.devices.vread);
    // Tracking: the columns' gain carries the Vread draw.
    CHECK(s.columns[0].gain == Approx(s.devices.vread / design.parameters.vread).epsilon(0.03));
  }
  CHECK(std::abs(sumLog / n) < 4 * 0.03 / std::sqrt(n));
  CHECK(std::sqrt(sumLog2 / n) == Approx(0.03).epsilon(0.05));
  CHECK(std::sqrt(sumVth2 / n) == Approx(0.0245).epsilon(0.05));
  CHECK(std::sqrt(sumOffset2 / n) == Approx(5e-3).epsilon(0.05));
  CHECK(vreadMin >= 0.9 * design.parameters.vread);
  CHECK(vreadMax <= 1.1 * design.parameters.vread);
  CHECK(vreadMax - vreadMin > 0.19 * design.parameters.vread);

  // Switching one variation off leaves the others' draws as they were.
  VariationModel noOffsets = model;
  noOffsets.comparatorOffsetSigma = 0.0;
  const VariationSample c = drawSample(design, noOffsets, 16, 5, 42);
  CHECK(c.devices.stepCells[3][0].conductance == a.devices.stepCells[3][0].conductance);
  CHECK(c.columns[7].offset == 0.0);

  // Every cell stuck: all at g_off.
  VariationModel stuck = model;
  stuck.pStuckOff = 0.999999;
  for (const std::vector<Cell>& step : drawSample(design, stuck, 1, 1, 0).devices.stepCells)
    for (const Cell& cell : step)
      CHECK(cell.conductance == design.parameters.gOff);
}

TEST_CASE("a Vth shift acts as a gate offset in the behavioural model")
{
  const ReferenceColumnDesign design = design3();
  const ColumnParameters& p = design.parameters;
  const double g = design.steps[0].conductance;
  // A higher threshold passes less current; the same shift on the gate
  // voltage gives the same current.
  CHECK(rampAfterSlot(p, {Cell{g, 0.05}}, p.vread, design.cInt, 0.0) <
        rampAfterSlot(p, {Cell{g, 0.0}}, p.vread, design.cInt, 0.0));
  CHECK(cellCurrent(p, g, p.vread, p.wordLineHigh - 0.05) ==
        Approx(p.transistor->cellCurrent(1.0 / g, p.vread, p.wordLineHigh - 0.05)).epsilon(1e-12));
}

TEST_CASE("conversion measurements: thresholds, INL, DNL, codes and the yield criterion")
{
  const ReferenceColumnDesign design = design3();
  const quant::LevelSet& set = design.levels;
  const std::vector<double> ramp = rampLevels(design.parameters, nominalDevices(design));
  const std::vector<double> nominal = columnThresholds(design, ramp, ColumnVariation{});
  for (size_t j = 0; j < nominal.size(); ++j)
    CHECK(std::abs(nominal[j] - set.thresholds[j]) < 1e-3 * localStep(set, j));

  // An offset of a quarter of threshold 3's local step, in volts.
  const double toVolts = design.parameters.fullScale / set.domain.width();
  const double quarter = 0.25 * localStep(set, 2) * toVolts;
  const ColumnVariation shifted{1.0, quarter};
  const std::vector<double> inl = integralNonlinearity(set, columnThresholds(design, ramp, shifted));
  CHECK(inl[2] == Approx(0.25).epsilon(1e-3));
  // DNL: a threshold moved up widens the bin below it and narrows the one above.
  std::vector<double> moved = set.thresholds;
  moved[3] += 0.1 * (set.thresholds[3] - set.thresholds[2]);
  const std::vector<double> dnl = differentialNonlinearity(set, moved);
  CHECK(dnl[3] == Approx(0.1).epsilon(1e-9));
  CHECK(dnl[4] < 0.0);
  CHECK(dnl[2] == Approx(0.0).margin(1e-12));

  // Codes: an input just above T_j gets code j; the offset moves it.
  const double input = 0.5 * (ramp[4] + ramp[5]);
  CHECK(columnCode(ramp, ColumnVariation{}, input) == 4);
  CHECK(columnCode(ramp, ColumnVariation{1.0, ramp[5] - input + 1e-6}, input) == 3);

  const std::vector<ColumnVariation> columns{ColumnVariation{}, shifted};
  ConversionMeasurement m = measureConversion(design, ramp, columns, {}, nullptr);
  // The same shift in volts is the most INL where the local step is narrowest.
  double narrowest = localStep(set, 0);
  for (size_t j = 1; j < set.thresholds.size(); ++j)
    narrowest = std::min(narrowest, localStep(set, j));
  const double expectedInl = 0.25 * localStep(set, 2) / narrowest;
  CHECK(m.monotonic);
  CHECK(m.maxAbsInl == Approx(expectedInl).epsilon(1e-3));
  CHECK(m.pass == (expectedInl < 0.5));
  const ColumnVariation far{1.0, 0.6 * localStep(set, 0) * toVolts};
  m = measureConversion(design, ramp, std::vector<ColumnVariation>{far}, {}, nullptr);
  CHECK_FALSE(m.pass);
  std::vector<double> falling = ramp;
  std::swap(falling[3], falling[4]);
  CHECK_FALSE(measureConversion(design, falling, columns, {}, nullptr).monotonic);
}
