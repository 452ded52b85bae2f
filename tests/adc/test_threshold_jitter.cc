// The threshold sigma of `--tech` (adc/ThresholdJitter): each variation of
// the bundled 65 nm technology switched on alone against hand computations,
// then all together.

#include "adc/TechnologyReader.hh"
#include "adc/ThresholdJitter.hh"
#include "util/Error.hh"

#include <catch2/catch.hpp>
#include <cmath>
#include <string>

using namespace nladc;

namespace {

adc::Technology bundled()
{
  return adc::readTechnology(std::string(NLADC_EXAMPLES_DIR) + "/tech/generic-65nm.yaml");
}

// The bundled technology with every variation the model reads switched off.
adc::Technology withoutVariation()
{
  adc::Technology t = bundled();
  t.variation.rramSigmaRel = 0.0;
  t.variation.gainSigma = 0.0;
  t.variation.comparatorOffsetSigma = 0.0;
  t.variation.vreadTracking = false; // a spread that does not track would count; there is none
  t.variation.vreadSpread = 0.0;
  return t;
}

// Domain [−1, 2] on V_FS = 0.5 V: 6 activation units per volt, and
// t = −1, −0.9, 0.5, 2 sit at v = 0, 1/60, 0.25, 0.5 V. 3 bits: K − 1 = 7.
const quant::Domain domain{-1.0, 2.0};
constexpr size_t levels = 8;

double sigmaAt(const adc::Technology& technology, double t)
{
  return adc::ThresholdJitter(technology).sigma(domain, levels)(t);
}

} // namespace

TEST_CASE("threshold jitter: the comparator offset alone is the same at every threshold")
{
  adc::Technology t = withoutVariation();
  t.variation.comparatorOffsetSigma = bundled().variation.comparatorOffsetSigma;
  REQUIRE(t.variation.comparatorOffsetSigma == 0.005);
  for (const double x : {-1.0, 0.5, 2.0})
    CHECK(sigmaAt(t, x) == Approx(0.005 * 6.0).epsilon(1e-12)); // 5 mV × 6 /V
  // Auto-zeroed, the comparator keeps the design section's residual, 1.5 mV.
  t.comparator.autoZero = true;
  CHECK(sigmaAt(t, 0.5) == Approx(0.0015 * 6.0).epsilon(1e-12));
}

TEST_CASE("threshold jitter: the column gain alone grows with the threshold's voltage")
{
  adc::Technology t = withoutVariation();
  t.variation.gainSigma = bundled().variation.gainSigma;
  REQUIRE(t.variation.gainSigma == 0.005);
  CHECK(sigmaAt(t, -1.0) == 0.0);
  CHECK(sigmaAt(t, 0.5) == Approx(0.005 * 0.25 * 6.0).epsilon(1e-12)); // 1.25 mV at 0.25 V
  CHECK(sigmaAt(t, 2.0) == Approx(0.005 * 0.5 * 6.0).epsilon(1e-12));  // 2.5 mV at 0.5 V
}

TEST_CASE("threshold jitter: Vread's spread counts only when it does not track")
{
  adc::Technology t = withoutVariation();
  t.variation.vreadSpread = bundled().variation.vreadSpread;
  REQUIRE(t.variation.vreadSpread == 0.10);
  // Uniform in ±10 %: σ = 0.10/√3 of v; at 0.25 V, 14.43 mV.
  CHECK(sigmaAt(t, 0.5) == Approx(0.10 / std::sqrt(3.0) * 0.25 * 6.0).epsilon(1e-12));
  t.variation.vreadTracking = true; // the bundled setting: ramp and columns scale alike
  CHECK(sigmaAt(t, 0.5) == 0.0);
}

TEST_CASE("threshold jitter: the ramp's RRAM error accumulates over the steps below the threshold")
{
  adc::Technology t = withoutVariation();
  t.variation.rramSigmaRel = bundled().variation.rramSigmaRel;
  REQUIRE(t.variation.rramSigmaRel == 0.03);
  // 0.25 V: 7 × 0.25/0.5 = 3.5 steps, 3 % × 0.25 V / √3.5 = 4.009 mV.
  CHECK(sigmaAt(t, 0.5) == Approx(0.03 * 0.25 / std::sqrt(3.5) * 6.0).epsilon(1e-12));
  // 0.5 V, the top: 7 steps, 3 % × 0.5 V / √7 = 5.669 mV.
  CHECK(sigmaAt(t, 2.0) == Approx(0.03 * 0.5 / std::sqrt(7.0) * 6.0).epsilon(1e-12));
  // 1/60 V lies within the first step (7/120 of one): that step's part, 3 % of it.
  CHECK(sigmaAt(t, -0.9) == Approx(0.03 / 60.0 * 6.0).epsilon(1e-12));
  // 2 bits: fewer, taller steps, 3 × 0.25/0.5 = 1.5 of them to 0.25 V.
  CHECK(adc::ThresholdJitter(t).sigma(domain, 4)(0.5) == Approx(0.03 * 0.25 / std::sqrt(1.5) * 6.0).epsilon(1e-12));
}

TEST_CASE("threshold jitter: the bundled technology adds its variations in quadrature")
{
  const adc::Technology t = bundled();
  REQUIRE(t.variation.vreadTracking);
  const double comparator = 0.005;
  const double gain = 0.005 * 0.25;
  const double ramp = 0.03 * 0.25 / std::sqrt(3.5);
  const double expected = std::sqrt(comparator * comparator + gain * gain + ramp * ramp) * 6.0;
  CHECK(sigmaAt(t, 0.5) == Approx(expected).epsilon(1e-12));
  CHECK(adc::ThresholdJitter(t).sigmaVolts(0.25, levels) == Approx(expected / 6.0).epsilon(1e-12));
}

TEST_CASE("threshold jitter: an absolute RRAM error is refused, naming the file and the key")
{
  adc::Technology t = bundled();
  t.variation.rramSigmaAbs = 1e-6;
  CHECK_THROWS_AS(adc::ThresholdJitter(t), InputError);
  CHECK_THROWS_WITH(adc::ThresholdJitter(t),
                    Catch::StartsWith(t.file.string() + ": variation.rram_sigma_abs: the threshold sigma"));
}
