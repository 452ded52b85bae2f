#include "quant/EffectiveError.hh"
#include "quant/Method.hh"
#include "tests/support/Synthetic.hh"

#include <catch2/catch.hpp>

using namespace nladc;

namespace {

// The reference: code every sample by counting thresholds, one at a time.
struct BruteForce {
  double mse = 0.0;
  double codeErrorRate = 0.0;
};

BruteForce bruteForce(const std::vector<float>& x, const quant::LevelSet& set, const std::vector<double>& realised)
{
  BruteForce b;
  for (const float v : x) {
    size_t code = 0;
    for (const double t : realised)
      code += t <= v ? 1 : 0;
    const double e = v - set.levels[code];
    b.mse += e * e;
    b.codeErrorRate += code != set.codeOf(v) ? 1.0 : 0.0;
  }
  b.mse /= static_cast<double>(x.size());
  b.codeErrorRate /= static_cast<double>(x.size());
  return b;
}

} // namespace

TEST_CASE("effective error equals a sample-by-sample count for perturbed, unsorted and outside thresholds")
{
  std::vector<float> x = testing::reluShaped(20000, 3);
  x.push_back(7.5f); // outside the fitted domain: real error, kept
  const quant::Domain domain{0.0, 6.0};
  const quant::SortedSamples samples(x, domain);
  quant::FitOptions options;
  options.bits = 3;
  const quant::LevelSet set = quant::fitLevelSet(quant::Method::bsKmq, samples, domain, options);
  const quant::EffectiveError error(quant::SortedSamples(x), set);

  const BruteForce ideal = bruteForce(x, set, set.thresholds);
  CHECK(error.idealMse() == Approx(ideal.mse).epsilon(1e-9));
  CHECK(ideal.codeErrorRate == 0.0);
  CHECK(error.codeErrorRate(set.thresholds) == 0.0);
  CHECK(error.sampleCount() == x.size());

  testing::RandomStream random(9);
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<double> realised = set.thresholds;
    for (double& t : realised)
      t += 0.4 * random.normal(); // large enough to cross neighbours: unsorted sets
    const BruteForce expected = bruteForce(x, set, realised);
    CHECK(error.mse(realised) == Approx(expected.mse).epsilon(1e-9));
    CHECK(error.codeErrorRate(realised) == Approx(expected.codeErrorRate).margin(1e-12));
  }
}
