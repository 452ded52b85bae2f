#include "adc/BehaviouralModel.hh"
#include "adc/ReferenceColumnDesign.hh"
#include "quant/Method.hh"
#include "tests/support/LevelSets.hh"
#include "util/Error.hh"

#include <catch2/catch.hpp>

using namespace nladc;
using namespace nladc::adc;

namespace {

// A level-1 access device like the generic 65 nm card's order of magnitude.
Level1Transistor transistor()
{
  return Level1Transistor{0.42, 2.5e-4, 0.1, 0.3e-6, 0.065e-6};
}

ColumnParameters parameters(bool withTransistor)
{
  ColumnParameters p;
  if (withTransistor) {
    p.transistor = transistor();
    p.bitlineResistancePerCell = 5.0; // a tall column's IR drop, compensated like the transistor
  }
  return p;
}

} // namespace

TEST_CASE("the level-1 cell model inverts exactly")
{
  const Level1Transistor m = transistor();
  for (const double r : {10e3, 50e3, 1e6}) {
    const double i = m.cellCurrent(r, 0.2, 1.2);
    CHECK(i < 0.2 / r); // the transistor takes part of the read voltage
    CHECK(*m.resistanceFor(i, 0.2, 1.2) == Approx(r).epsilon(1e-10));
  }
  // More than the transistor alone can carry.
  CHECK_FALSE(m.resistanceFor(1.0, 0.2, 1.2).has_value());
  // Triode below Vgs − VTO, saturation above; continuous at the boundary.
  const double vov = 1.0 - 0.42;
  CHECK(m.drainCurrent(1.0, vov - 1e-12) == Approx(m.drainCurrent(1.0, vov + 1e-12)).epsilon(1e-9));
  CHECK(m.drainCurrent(0.3, 0.1) == 0.0);
}

TEST_CASE("every method's design realises its thresholds")
{
  for (const bool withTransistor : {false, true})
    for (const quant::Method method : quant::allMethods())
      for (const int bits : {2, 3, 4}) {
        const quant::LevelSet set = testing::reluLevelSet(method, bits);
        const ReferenceColumnDesign design = designReferenceColumn(set, parameters(withTransistor));
        INFO(quant::methodName(method) << " " << bits << " bits, transistor " << withTransistor);
        REQUIRE(design.steps.size() == set.thresholds.size());
        double previous = design.offsetVolts;
        int position = design.parameters.calibrationCells + 1;
        for (size_t j = 0; j < design.steps.size(); ++j) {
          const RampStep& step = design.steps[j];
          // The least step one cell at G_min makes from here.
          const double minimumStep = rampAfterSlot(design.parameters, cellsOf({design.parameters.gMin}, position),
                                                   design.parameters.vread, design.cInt, previous) -
                                     previous;
          CHECK(step.targetVolts == Approx(design.toVolts(set.thresholds[j])));
          const bool noted = std::any_of(design.notes.begin(), design.notes.end(), [&](const std::string& note) {
            return note.rfind("step " + std::to_string(j + 1) + " ends", 0) == 0;
          });
          if (noted) {
            // Too large for the column: a step far up a resistive bit line
            // (the CDF set's last step needs over a hundred cells here).
            CHECK(step.realisedVolts < step.targetVolts);
          } else if (step.targetVolts - previous >= minimumStep * (1 - 1e-3)) {
            CHECK(std::abs(step.realisedVolts - step.targetVolts) < 1e-3 * minimumStep);
          } else {
            // Too small to realise (a CDF cut just above a point mass at 0):
            // one cell at G_min, and the design says so.
            CHECK(step.cells == 1);
            CHECK(step.realisedVolts - previous == Approx(minimumStep));
            CHECK_FALSE(design.notes.empty());
          }
          CHECK(step.conductance >= design.parameters.gMin * (1 - 1e-12));
          CHECK(step.conductance <= design.parameters.gMax * (1 + 1e-12));
          previous = step.realisedVolts;
          position += step.cells;
        }
        const std::vector<double> ramp = rampLevels(design.parameters, nominalDevices(design));
        for (size_t j = 0; j < design.steps.size(); ++j)
          CHECK(ramp[j + 1] == Approx(design.steps[j].realisedVolts).epsilon(1e-12));
        // C_int is set by the smallest step: one cell at G_min.
        bool oneAtMinimum = false;
        for (const RampStep& step : design.steps)
          oneAtMinimum |= step.cells == 1 && step.conductance == Approx(design.parameters.gMin).epsilon(1e-9);
        CHECK(oneAtMinimum);
        CHECK(design.cellCount() >= static_cast<int>(design.steps.size()) + 5);
      }
}

TEST_CASE("large steps use parallel cells within G_max")
{
  quant::LevelSet set;
  set.name = "wide";
  set.method = "manual";
  set.bits = 2;
  set.domain = {0.0, 1.0};
  set.levels = {0.005, 0.015, 0.5, 0.99};
  set.thresholds = {0.01, 0.02, 0.9}; // steps of 5 mV, 5 mV, 440 mV
  const ReferenceColumnDesign design = designReferenceColumn(set, parameters(false));
  REQUIRE(design.steps.size() == 3);
  CHECK(design.steps[0].cells == 1);
  // 440 mV against a first step of 5 mV − V_0: about 92 × G_min, one cell
  // below G_max = 100 µS.
  CHECK(design.steps[2].cells == 1);
  ColumnParameters tight = parameters(false);
  tight.gMax = 20e-6;
  const ReferenceColumnDesign split = designReferenceColumn(set, tight);
  CHECK(split.steps[2].cells == 5);
  CHECK(split.steps[2].conductance <= 20e-6);
  CHECK(std::abs(split.steps[2].realisedVolts - split.steps[2].targetVolts) < 1e-9);
}

TEST_CASE("programmable levels round the conductances and the error is reported")
{
  const quant::LevelSet set = testing::reluLevelSet(quant::Method::bsKmq, 3);
  ColumnParameters p = parameters(false);
  p.conductanceLevels = 8;
  const ReferenceColumnDesign design = designReferenceColumn(set, p);
  const double spacing = (p.gMax - p.gMin) / 7;
  double worst = 0.0;
  for (const RampStep& step : design.steps) {
    const double index = (step.conductance - p.gMin) / spacing;
    CHECK(index == Approx(std::round(index)).margin(1e-9));
    worst = std::max(worst, std::abs(step.realisedVolts - step.targetVolts));
  }
  CHECK(worst > 0.0); // 8 levels cannot hit every step exactly
}

TEST_CASE("behavioural codes equal the level set's codes")
{
  const quant::LevelSet set = testing::reluLevelSet(quant::Method::kmeansOptimal, 3);
  const ReferenceColumnDesign design = designReferenceColumn(set, parameters(true));
  const std::vector<double> ramp = rampLevels(design.parameters, nominalDevices(design));
  for (double x = 0.0; x <= 6.0; x += 0.01) {
    // Away from the thresholds, where rounding cannot flip a code.
    bool nearThreshold = false;
    for (const double t : set.thresholds)
      nearThreshold |= std::abs(x - t) < 1e-6;
    if (!nearThreshold)
      CHECK(codeOf(design.toVolts(x), ramp) == static_cast<int>(set.codeOf(x)));
  }
}

TEST_CASE("a step too small for the largest C_int is realised larger, with a note")
{
  quant::LevelSet set;
  set.name = "tiny";
  set.method = "manual";
  set.bits = 1;
  set.domain = {0.0, 1.0};
  set.levels = {0.0, 1e-6};
  set.thresholds = {5e-7};
  const ReferenceColumnDesign design = designReferenceColumn(set, parameters(false));
  CHECK(design.cInt == design.parameters.cIntMax);
  REQUIRE_FALSE(design.notes.empty());
  CHECK_THAT(design.notes.back(), Catch::Contains("C_int"));
  CHECK(design.steps[0].realisedVolts > design.steps[0].targetVolts);
}

TEST_CASE("the calibration cells set the offset V_0 to the nearest code")
{
  // A first threshold far above the smallest step (10 mV, which one G_min
  // cell, the calibration LSB, makes).
  quant::LevelSet set;
  set.name = "offset";
  set.method = "manual";
  set.bits = 2;
  set.domain = {0.0, 1.0};
  set.levels = {0.1, 0.31, 0.5, 0.9};
  set.thresholds = {0.3, 0.32, 0.7};
  ColumnParameters p = parameters(true);
  const ReferenceColumnDesign plain = designReferenceColumn(set, p);
  CHECK(plain.calibrationCode == 0);
  const double lsbVolts = rampAfterSlot(p, cellsOf({p.calibrationLsb}, 1), p.vread, plain.cInt, 0.0);

  p.offsetTarget = 7.4 * lsbVolts;
  const ReferenceColumnDesign offset = designReferenceColumn(set, p);
  REQUIRE(offset.cInt == plain.cInt);
  CHECK(offset.calibrationCode == 7);
  CHECK(offset.calibrationConductances[0] == p.calibrationLsb);
  CHECK(offset.calibrationConductances[2] == 4 * p.calibrationLsb);
  CHECK(offset.calibrationConductances[3] == p.gOff);
  CHECK(std::abs(offset.offsetVolts - p.offsetTarget) < 0.5 * lsbVolts);
  // The steps start from the V_0 the cells really set.
  CHECK(offset.steps.back().realisedVolts == Approx(offset.steps.back().targetVolts).epsilon(1e-6));

  p.offsetTarget = 0.2; // above the first threshold, 0.15 V
  CHECK_THROWS_AS(designReferenceColumn(set, p), InputError);
}

TEST_CASE("the op-amp's step-response tables are interpolated between their measured output levels")
{
  adc::ColumnParameters p;
  p.fullScale = 0.5;
  auto at = [&p](double level) { return adc::integratorTableAt(p, p.opampBandwidth, level); };
  CHECK(at(0.2) == 0.0); // none measured: unlimited
  p.opampBandwidth = {7.0};
  CHECK(at(0.4) == 7.0);
  // Measured at 0, ¼, ½, ¾ and 1 of V_FS.
  p.opampBandwidth = {10.0, 10.0, 9.0, 8.0, 6.0};
  CHECK(at(0.0) == 10.0);
  CHECK(at(0.1875) == Approx(9.5));
  CHECK(at(0.4375) == Approx(7.0));
  CHECK(at(0.5) == 6.0);
  // Held at the ends outside the measured range.
  CHECK(at(-0.01) == 10.0);
  CHECK(at(0.7) == 6.0);
}
