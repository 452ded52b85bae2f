#include "adc/ColumnParameters.hh"
#include "adc/ConversionMeasurement.hh"
#include "adc/TechnologyReader.hh"
#include "adc/ThresholdYield.hh"
#include "adc/VariationModel.hh"
#include "tests/support/LevelSets.hh"

#include <catch2/catch.hpp>
#include <cmath>
#include <random>

using namespace nladc;

namespace {

double normalCdf(double z)
{
  return 0.5 * std::erfc(-z / std::sqrt(2.0));
}

// The column pass probability by brute force: draw the shared offset and
// gain and every independent error, and count.
double sampledPassProbability(const std::vector<double>& volts, const std::vector<double>& bias,
                              const std::vector<double>& half, const adc::ColumnErrors& e, int draws)
{
  std::mt19937_64 generator(7);
  std::normal_distribution<double> normal;
  int pass = 0;
  for (int d = 0; d < draws; ++d) {
    const double o = e.offsetSigma * normal(generator);
    const double g = e.gainSigma * normal(generator);
    bool ok = true;
    for (size_t j = 0; j < volts.size(); ++j) {
      const double r = e.independentSigma.empty() ? 0.0 : e.independentSigma[j] * normal(generator);
      ok = ok && std::abs(bias[j] + o - volts[j] * g + r) < half[j];
    }
    pass += ok;
  }
  return static_cast<double>(pass) / draws;
}

} // namespace

TEST_CASE("one threshold with an offset alone passes with 2Φ(h/σ) − 1", "[adc][yield]")
{
  const std::vector<double> volts{0.2}, bias{0.0}, half{3e-3};
  for (const double sigma : {0.5e-3, 1e-3, 2e-3}) {
    const double expected = 2.0 * normalCdf(3e-3 / sigma) - 1.0;
    CHECK(adc::columnPassProbability(volts, bias, half, {sigma, 0.0, {}}) == Approx(expected).epsilon(1e-9));
    CHECK(adc::allColumnsPassProbability(volts, bias, half, {sigma, 0.0, {}}, 128) ==
          Approx(std::pow(expected, 128)).epsilon(1e-9));
  }
}

TEST_CASE("the quadrature over the shared errors meets closed forms to 1e-7", "[adc][yield]")
{
  // A gain error alone moves a threshold at v volts by v·g: 2Φ(h/(v·σ_g)) − 1.
  const std::vector<double> volts{0.4}, bias{0.0}, half{2e-3};
  for (const double gainSigma : {0.002, 0.005, 0.01}) {
    const double expected = 2.0 * normalCdf(2e-3 / (0.4 * gainSigma)) - 1.0;
    CHECK(adc::columnPassProbability(volts, bias, half, {0.0, gainSigma, {}}) == Approx(expected).margin(1e-7));
  }
  // An offset and an independent error of one threshold add in quadrature.
  const double expected = 2.0 * normalCdf(2e-3 / std::hypot(0.6e-3, 0.8e-3)) - 1.0;
  CHECK(adc::columnPassProbability(volts, bias, half, {0.6e-3, 0.0, {0.8e-3}}) == Approx(expected).margin(1e-7));
}

TEST_CASE("a SAR-like column's failure near 1e-5 matches a fine reference integral to 1 %", "[adc][yield]")
{
  // One offset shared by 7 thresholds, each with a DAC error 20 times
  // smaller: the regime where a quadrature over ±8 offset σ's is too coarse.
  const std::vector<double> volts{0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
  const std::vector<double> bias(7, 0.0);
  const std::vector<double> half{3.2e-3, 4e-3, 5e-3, 5e-3, 5e-3, 4e-3, 3.5e-3};
  const adc::ColumnErrors e{0.7e-3, 0.0, std::vector<double>(7, 0.03e-3)};
  // The reference: a midpoint rule of 200,000 panels over ±10 offset σ's.
  const int n = 200000;
  double reference = 0.0;
  for (int i = 0; i < n; ++i) {
    const double z = -10.0 + 20.0 * (i + 0.5) / n;
    double p = 1.0;
    for (size_t j = 0; j < volts.size(); ++j) {
      const double m = bias[j] + z * e.offsetSigma;
      p *= normalCdf((half[j] - m) / e.independentSigma[j]) - normalCdf((-half[j] - m) / e.independentSigma[j]);
    }
    reference += std::exp(-0.5 * z * z) / std::sqrt(2.0 * M_PI) * p * 20.0 / n;
  }
  const double failure = 1.0 - adc::columnPassProbability(volts, bias, half, e);
  INFO("failure " << failure << ", reference " << 1.0 - reference);
  CHECK(1.0 - reference > 1e-6);
  CHECK(failure == Approx(1.0 - reference).epsilon(0.01));
}

TEST_CASE("the column pass probability agrees with a brute-force Monte Carlo", "[adc][yield]")
{
  const std::vector<double> volts{0.01, 0.05, 0.12, 0.2, 0.28, 0.37, 0.45};
  const std::vector<double> bias{0.2e-3, -0.1e-3, 0.0, 0.3e-3, -0.2e-3, 0.0, 0.1e-3};
  const std::vector<double> half{2.5e-3, 5e-3, 8e-3, 10e-3, 10e-3, 9e-3, 6e-3};
  const int draws = 400000;
  const std::vector<adc::ColumnErrors> cases{
      {1.5e-3, 0.0, {}},                                              // an offset shared by every threshold
      {1.0e-3, 0.01, {}},                                             // with a gain error
      {0.0, 0.0, {1e-3, 2e-3, 3e-3, 3e-3, 3e-3, 3e-3, 2e-3}},         // flash: every comparator its own
      {1.0e-3, 0.005, {0.5e-3, 1e-3, 2e-3, 2e-3, 2e-3, 2e-3, 1e-3}}}; // SAR-like: both
  for (const adc::ColumnErrors& e : cases) {
    const double analytic = adc::columnPassProbability(volts, bias, half, e);
    const double sampled = sampledPassProbability(volts, bias, half, e, draws);
    // The sampled value's standard error is below 1e-3 at these draws.
    CHECK(analytic == Approx(sampled).margin(3e-3));
    CHECK(analytic < 1.0);
  }
}

TEST_CASE("the in-memory yield estimate follows the behavioural Monte Carlo", "[adc][yield]")
{
  const adc::Technology technology = adc::readTechnology(NLADC_EXAMPLES_DIR "/tech/generic-65nm.yaml");
  const quant::LevelSet set = testing::reluLevelSet(quant::Method::bsKmq, 3);
  const adc::ReferenceColumnDesign design = adc::designReferenceColumn(set, adc::columnParameters(technology));
  adc::VariationModel variation = adc::variationModel(technology);
  const int columns = 32;
  const int samples = 1500;
  // Offsets from where the yield is near 0 to near 1: the estimate must
  // track the behavioural model's sampled yield over the whole range.
  for (const double sigma : {2e-3, 4e-3, 6e-3, 8e-3}) {
    variation.comparatorOffsetSigma = sigma;
    int pass = 0;
    for (int i = 0; i < samples; ++i) {
      const adc::VariationSample sample = adc::drawSample(design, variation, columns, 3, static_cast<uint64_t>(i));
      const std::vector<double> ramp = adc::rampLevels(design.parameters, sample.devices);
      pass += adc::measureConversion(design, ramp, sample.columns, {}, nullptr).pass;
    }
    const double sampled = static_cast<double>(pass) / samples;
    const double estimate = adc::inMemoryYieldEstimate(design, variation, columns);
    INFO("offset sigma " << sigma << ": estimate " << estimate << ", behavioural " << sampled);
    // The estimate leaves out access-transistor mismatch and uses a
    // Gaussian ramp: within 0.05 of the behavioural yield (its standard
    // error is below 0.013 at 1,500 samples).
    CHECK(estimate == Approx(sampled).margin(0.05));
  }
}
