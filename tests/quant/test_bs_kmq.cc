#include "quant/BsKmq.hh"
#include "quant/Method.hh"
#include "quant/Metrics.hh"
#include "quant/OptimalKMeans.hh"
#include "tests/support/Synthetic.hh"

#include <catch2/catch.hpp>

using namespace nladc::quant;

namespace {

const Domain relu6{0.0, 6.0};
constexpr double eps = 1e-3;

// The samples strictly inside both bands, as their own sample set: the
// independent reference for what BS-KMQ must cluster.
std::vector<float> interiorOf(const std::vector<float>& x)
{
  std::vector<float> inner;
  for (const float v : x)
    if (v > relu6.lo + eps * relu6.width() && v < relu6.hi - eps * relu6.width())
      inner.push_back(v);
  return inner;
}

} // namespace

TEST_CASE("bs-kmq pins both edges of ReLU6-shaped data and clusters the interior optimally")
{
  const std::vector<float> x = nladc::testing::reluShaped(200000, 17);
  const SortedSamples samples(x, relu6);
  const LevelSet set = fitBsKmq(samples, relu6, 8, BsKmqOptions{});
  REQUIRE(set.levels.size() == 8);
  CHECK(set.levels.front() == 0.0);
  CHECK(set.levels.back() == 6.0);
  CHECK(set.params["pile_up_lo"] == true);
  CHECK(set.params["pile_up_hi"] == true);
  // Band masses: zeros + low pile-up, clamp + high pile-up.
  CHECK(set.params["band_mass_lo"].get<double>() == Approx(0.33).margin(0.005));
  CHECK(set.params["band_mass_hi"].get<double>() == Approx(0.08).margin(0.005));

  const std::vector<float> inner = interiorOf(x);
  const SortedSamples alone(inner, relu6);
  const std::vector<double> reference = optimalKMeans(alone, 0, alone.size(), 6).centroids(alone);
  for (size_t k = 0; k < 6; ++k)
    CHECK(set.levels[k + 1] == Approx(reference[k]).epsilon(1e-9));
  CHECK(set.thresholds == midpoints(set.levels));
}

TEST_CASE("bs-kmq pins only an edge whose band holds more than the boundary mass")
{
  nladc::testing::ReluShape shape;
  shape.clampMass = 0.002;
  shape.highPileMass = 0.002; // 0.4 % at the top: below τ = 1 %
  const std::vector<float> x = nladc::testing::reluShaped(100000, 3, shape);
  const SortedSamples samples(x, relu6);
  const LevelSet set = fitBsKmq(samples, relu6, 8, BsKmqOptions{});
  CHECK(set.levels.front() == 0.0);
  CHECK(set.levels.back() < 6.0);
  CHECK(set.params["pile_up_hi"] == false);

  // With τ above the low band's mass, nothing is pinned: plain optimal K-means.
  const LevelSet unpinned = fitBsKmq(samples, relu6, 8, BsKmqOptions{.boundaryMass = 0.5});
  const std::vector<double> optimal = optimalKMeans(samples, 0, samples.size(), 8).centroids(samples);
  CHECK(unpinned.levels == optimal);
}

TEST_CASE("bs-kmq remove: the bands leave the clustering and no level is pinned")
{
  const std::vector<float> x = nladc::testing::reluShaped(100000, 21);
  const SortedSamples samples(x, relu6);
  const LevelSet set = fitBsKmq(samples, relu6, 8, BsKmqOptions{.suppression = Suppression::remove});
  const std::vector<float> inner = interiorOf(x);
  const SortedSamples alone(inner, relu6);
  const std::vector<double> reference = optimalKMeans(alone, 0, alone.size(), 8).centroids(alone);
  REQUIRE(set.levels.size() == 8);
  for (size_t k = 0; k < 8; ++k)
    CHECK(set.levels[k] == Approx(reference[k]).epsilon(1e-9));
  CHECK(set.levels.front() > 0.0);
  CHECK(set.levels.back() < 6.0);
}

TEST_CASE("bs-kmq cap: each pile-up band weighs as much as an interior bin of its width")
{
  const std::vector<float> x = nladc::testing::reluShaped(100000, 5);
  const SortedSamples samples(x, relu6);
  const LevelSet set = fitBsKmq(samples, relu6, 8, BsKmqOptions{.suppression = Suppression::cap});

  // Reference: rebuild the weighted samples by hand. Bins of width ε·6 tile
  // the interior (1 − 2ε)·6, so the cap is interior weight · ε / (1 − 2ε).
  const std::vector<float> inner = interiorOf(x);
  const double cap = static_cast<double>(inner.size()) * eps / (1.0 - 2.0 * eps);
  std::vector<float> values;
  std::vector<double> weights;
  double lowBand = 0.0;
  double highBand = 0.0;
  for (size_t i = 0; i < samples.size(); ++i) {
    if (samples.value(i) <= eps * 6.0)
      lowBand += samples.weight(i);
    if (samples.value(i) >= 6.0 - eps * 6.0)
      highBand += samples.weight(i);
  }
  for (size_t i = 0; i < samples.size(); ++i) {
    const float v = samples.value(i);
    double w = samples.weight(i);
    if (v <= eps * 6.0)
      w *= cap / lowBand;
    else if (v >= 6.0 - eps * 6.0)
      w *= cap / highBand;
    values.push_back(v);
    weights.push_back(w);
  }
  const SortedSamples capped(values, weights);
  const std::vector<double> reference = optimalKMeans(capped, 0, capped.size(), 8).centroids(capped);
  REQUIRE(set.levels.size() == 8);
  for (size_t k = 0; k < 8; ++k)
    CHECK(set.levels[k] == Approx(reference[k]).epsilon(1e-9));
  CHECK(set.params["band_cap"].get<double>() == Approx(cap / 100000.0).epsilon(1e-12));

  // The capped bands still pull a level towards each edge, unlike remove,
  // but far less than the raw pile-ups do in plain optimal K-means.
  const std::vector<double> plain = optimalKMeans(samples, 0, samples.size(), 8).centroids(samples);
  const LevelSet removed = fitBsKmq(samples, relu6, 8, BsKmqOptions{.suppression = Suppression::remove});
  CHECK(set.levels.front() < removed.levels.front());
  CHECK(plain.front() < set.levels.front());
}

TEST_CASE("bs-kmq options are checked")
{
  const std::vector<float> x = nladc::testing::reluShaped(1000, 1);
  const SortedSamples samples(x, relu6);
  CHECK_THROWS(fitBsKmq(samples, relu6, 8, BsKmqOptions{.boundaryEps = 0.0}));
  CHECK_THROWS(fitBsKmq(samples, relu6, 8, BsKmqOptions{.boundaryEps = 0.5}));
  CHECK_THROWS(fitBsKmq(samples, relu6, 8, BsKmqOptions{.boundaryMass = 1.0}));
  CHECK(parseSuppression("cap") == Suppression::cap);
  CHECK_THROWS(parseSuppression("clip"));
}

TEST_CASE("a level set's fit options read back from its params, so a refit is the same fit")
{
  const std::vector<float> x = nladc::testing::reluShaped(30000, 4);
  const nladc::quant::Domain domain{0.0, 6.0};
  const nladc::quant::SortedSamples samples(x, domain);
  nladc::quant::FitOptions options;
  options.bits = 3;
  options.seed = 9;
  options.bsKmq.boundaryEps = 0.02;
  options.bsKmq.boundaryMass = 0.05;
  options.bsKmq.suppression = nladc::quant::Suppression::remove;
  const nladc::quant::LevelSet set = nladc::quant::fitLevelSet(nladc::quant::Method::bsKmq, samples, domain, options);
  const nladc::quant::FitOptions back = nladc::quant::fitOptionsOf(set);
  CHECK(back.bits == 3);
  CHECK(back.bsKmq.boundaryEps == 0.02);
  CHECK(back.bsKmq.boundaryMass == 0.05);
  CHECK(back.bsKmq.suppression == nladc::quant::Suppression::remove);
  CHECK(nladc::quant::fitLevelSet(nladc::quant::Method::bsKmq, samples, domain, back).levels == set.levels);
  const nladc::quant::LevelSet kmeans =
      nladc::quant::fitLevelSet(nladc::quant::Method::kmeans, samples, domain, options);
  CHECK(nladc::quant::fitOptionsOf(kmeans).seed == 9);
}
