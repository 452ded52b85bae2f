// variation-aware (DESIGN.md §8) and the expected effective MSE: the DP
// against exhaustive search, σ = 0 against kmeans-optimal, the expected MSE
// against a Monte Carlo of the same jitter, the optimum against every other
// method on the bundled tensors, whether the bin cost is Monge, and the CLI.

#include "quant/ActivationReader.hh"
#include "quant/EffectiveError.hh"
#include "quant/ExpectedError.hh"
#include "quant/LevelFileReader.hh"
#include "quant/Method.hh"
#include "quant/Metrics.hh"
#include "quant/VariationAware.hh"
#include "tests/support/Synthetic.hh"
#include "tests/support/Workspace.hh"

#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

using namespace nladc;
using nladc::testing::Run;
using nladc::testing::Workspace;

namespace {

// P(threshold t jittered by σ lies at or below x), written out per sample.
double reached(double x, double t, double sigma)
{
  return sigma > 0.0 ? 0.5 * std::erfc(-(x - t) / (sigma * std::sqrt(2.0))) : (x >= t ? 1.0 : 0.0);
}

// The expected error of thresholds with their best levels, sample by sample
// with no windowing; +inf when a level is not strictly between its
// thresholds (the rule JitteredBinCosts applies). Levels go to `levels`.
double directExpectedSse(const std::vector<float>& x, const std::vector<double>& t, const quant::ThresholdSigma& sigma,
                         std::vector<double>* levels = nullptr)
{
  const size_t K = t.size() + 1;
  double sse = 0.0;
  for (size_t k = 0; k < K; ++k) {
    double w = 0.0;
    double s1 = 0.0;
    for (const float v : x) {
      const double p =
          (k == 0 ? 1.0 : reached(v, t[k - 1], sigma(t[k - 1]))) - (k + 1 == K ? 0.0 : reached(v, t[k], sigma(t[k])));
      w += p;
      s1 += p * v;
    }
    const double c = s1 / w;
    if (!(w > 0.0) || (k > 0 && !(c > t[k - 1])) || (k + 1 < K && !(c < t[k])))
      return INFINITY;
    if (levels)
      levels->push_back(c);
    for (const float v : x) {
      const double p =
          (k == 0 ? 1.0 : reached(v, t[k - 1], sigma(t[k - 1]))) - (k + 1 == K ? 0.0 : reached(v, t[k], sigma(t[k])));
      sse += p * (v - c) * (v - c);
    }
  }
  return sse;
}

// The least directExpectedSse over every choice of K − 1 grid thresholds.
double exhaustiveSse(const std::vector<float>& x, const std::vector<double>& grid, size_t K,
                     const quant::ThresholdSigma& sigma)
{
  double best = INFINITY;
  std::vector<size_t> pick(K - 1);
  for (size_t i = 0; i < pick.size(); ++i)
    pick[i] = i;
  while (true) {
    std::vector<double> t;
    for (const size_t i : pick)
      t.push_back(grid[i]);
    best = std::min(best, directExpectedSse(x, t, sigma));
    // Next combination in lexicographic order.
    size_t i = pick.size();
    while (i > 0 && pick[i - 1] == grid.size() - pick.size() + i - 1)
      --i;
    if (i == 0)
      return best;
    ++pick[i - 1];
    for (size_t j = i; j < pick.size(); ++j)
      pick[j] = pick[j - 1] + 1;
  }
}

// validateLevelSet, for a set that has no name yet.
void requireValid(quant::LevelSet set)
{
  set.name = "test";
  set.method = "variation-aware";
  set.bits = quant::bitsFor(set.levelCount());
  REQUIRE_NOTHROW(quant::validateLevelSet(set, ""));
}

quant::ThresholdSigma constantSigma(double sigma)
{
  return [sigma](double) { return sigma; };
}

// Mean EffectiveError over `draws` realisations of the jitter.
double monteCarloMse(const std::vector<float>& x, const quant::LevelSet& set, const quant::ThresholdSigma& sigma,
                     size_t draws, uint64_t seed)
{
  const quant::EffectiveError error(quant::SortedSamples(x), set);
  testing::RandomStream normal(seed);
  double sum = 0.0;
  std::vector<double> realised(set.thresholds.size());
  for (size_t d = 0; d < draws; ++d) {
    for (size_t j = 0; j < realised.size(); ++j)
      realised[j] = set.thresholds[j] + sigma(set.thresholds[j]) * normal.normal();
    sum += error.mse(realised);
  }
  return sum / static_cast<double>(draws);
}

std::vector<quant::Tensor> bundledTensors()
{
  return quant::readActivations(std::string(NLADC_EXAMPLES_DIR) + "/activations.npz", {});
}

// The bundled technology with the values of some of its keys replaced, written
// to `name` in the workspace. Its model file is named by its absolute path:
// a relative one would resolve against the copy's directory.
std::filesystem::path technologyWith(const Workspace& ws, const std::string& name,
                                     std::map<std::string, std::string> values)
{
  const std::filesystem::path bundled = testing::bundledTechnology();
  values["include"] = (bundled.parent_path() / "generic-65nm.lib").string();
  std::istringstream in(testing::slurp(bundled));
  std::string text;
  for (std::string line; std::getline(in, line);) {
    const size_t indent = line.find_first_not_of(' ');
    const size_t colon = line.find(':');
    if (indent != std::string::npos && colon != std::string::npos) {
      const auto value = values.find(line.substr(indent, colon - indent));
      if (value != values.end())
        line = line.substr(0, colon) + ": " + value->second;
    }
    text += line + "\n";
  }
  return ws.writeText(name, text);
}

// 5 mV of comparator offset at a 0.5 V full scale, in activation units.
double fiveMillivolts(const quant::Domain& domain)
{
  return 0.005 / 0.5 * domain.width();
}

} // namespace

TEST_CASE("variation-aware equals an exhaustive search over the same grid")
{
  const quant::Domain domain{0.0, 1.0};
  const size_t gridPoints = 14;
  const std::vector<double> grid = quant::thresholdGrid(domain, gridPoints);
  REQUIRE(grid.size() == gridPoints - 1);
  const std::vector<std::pair<std::string, quant::ThresholdSigma>> sigmas{
      {"0", constantSigma(0.0)},
      {"0.02", constantSigma(0.02)},
      {"0.08", constantSigma(0.08)},
      {"0.01 + 0.1 t", [](double t) { return 0.01 + 0.1 * t; }},
      {"0.06 - 0.05 t", [](double t) { return 0.06 - 0.05 * t; }},
  };
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    testing::RandomStream source(seed);
    std::vector<float> x(40);
    for (float& v : x)
      v = static_cast<float>(std::clamp(0.5 + 0.2 * source.normal() * (seed % 2 ? 1.0 : source.uniform()), 0.0, 1.0));
    x.front() = 0.0f;
    x.back() = 1.0f;
    const quant::SortedSamples samples(x, domain);
    for (const size_t K : {size_t{2}, size_t{3}, size_t{4}})
      for (const auto& [name, sigma] : sigmas) {
        INFO("seed " << seed << ", K " << K << ", sigma " << name);
        const quant::LevelSet set = quant::fitVariationAware(samples, domain, K, {sigma, gridPoints, std::nullopt});
        REQUIRE(set.levelCount() == K);
        requireValid(set);
        std::vector<double> levels;
        const double dp = directExpectedSse(x, set.thresholds, sigma, &levels);
        const double best = exhaustiveSse(x, grid, K, sigma);
        REQUIRE(std::isfinite(best));
        CHECK(dp == Approx(best).epsilon(1e-10));
        for (size_t k = 0; k < K; ++k)
          CHECK(set.levels[k] == Approx(levels[k]).epsilon(1e-9));
        // The windowed ExpectedError agrees with the sample-by-sample sum.
        CHECK(quant::ExpectedError(quant::SortedSamples(x)).mse(set, sigma) ==
              Approx(dp / static_cast<double>(x.size())).epsilon(1e-10));
      }
  }
}

TEST_CASE("at sigma 0 variation-aware is kmeans-optimal within the grid's resolution")
{
  // Moving each of kmeans-optimal's thresholds t_k to the nearest grid point
  // (at most h/2 away, h = width/G) moves only the samples within h/2 of
  // t_k, each to the neighbouring level, for at most h·(c_{k+1} − c_k) each.
  // The grid optimum is no worse than that: the bound.
  std::vector<std::pair<std::string, std::vector<float>>> data{
      {"relu6", testing::reluShaped(50000, 5)},
      {"normal", testing::standardNormal(50000, 6)},
  };
  for (quant::Tensor& t : bundledTensors())
    data.emplace_back(t.name, std::move(t.values));
  for (const auto& [name, x] : data)
    for (const int bits : {3, 4}) {
      INFO(name << ", " << bits << " bits");
      const quant::Domain domain = quant::chooseDomain(x, {});
      const quant::SortedSamples samples(x, domain);
      quant::FitOptions options;
      options.bits = bits;
      options.thresholdSigma = 0.0;
      const quant::LevelSet optimal = quant::fitLevelSet(quant::Method::kmeansOptimal, samples, domain, options);
      const quant::LevelSet aware = quant::fitLevelSet(quant::Method::variationAware, samples, domain, options);
      const double h = domain.width() / static_cast<double>(options.gridPoints);
      double bound = 0.0;
      for (size_t k = 0; k < optimal.thresholds.size(); ++k) {
        const double t = optimal.thresholds[k];
        const double near = samples.weightOf(samples.lowerBound(t - h / 2), samples.upperBound(t + h / 2));
        bound += near * h * (optimal.levels[k + 1] - optimal.levels[k]);
      }
      bound /= samples.totalWeight();
      const double floor = quant::evaluate(optimal, x, 1e-3).mse;
      const double mse = quant::evaluate(aware, x, 1e-3).mse;
      CHECK(mse >= floor * (1.0 - 1e-12));
      CHECK(mse <= floor + bound);
    }
}

TEST_CASE("the expected effective MSE matches a Monte Carlo of the same jitter within 1 %")
{
  // 10^5 draws; the model takes the codes from the thresholds' marginals,
  // which is exact while realised thresholds keep their order, so each set
  // is tested at a sigma of a quarter of its narrowest threshold spacing
  // (adjacent thresholds cross with probability Φ(−4/√2) = 0.2 %), where
  // the jitter adds more than a tenth to the MSE.
  const std::vector<float> x = testing::reluShaped(20000, 9);
  const quant::Domain domain = quant::chooseDomain(x, {});
  const quant::SortedSamples samples(x, domain);
  const quant::ExpectedError expected{quant::SortedSamples(x)};
  for (const quant::Method method : {quant::Method::lloydMax, quant::Method::bsKmq})
    for (const bool varying : {false, true}) {
      quant::FitOptions options;
      options.bits = 3;
      const quant::LevelSet set = quant::fitLevelSet(method, samples, domain, options);
      double spacing = INFINITY;
      for (size_t k = 1; k < set.thresholds.size(); ++k)
        spacing = std::min(spacing, set.thresholds[k] - set.thresholds[k - 1]);
      const double s = spacing / 4.0;
      // Position-dependent: from s/2 at lo to s at hi.
      const quant::ThresholdSigma sigma =
          varying ? quant::ThresholdSigma([&](double t) { return s * (0.5 + 0.5 * (t - domain.lo) / domain.width()); })
                  : constantSigma(s);
      INFO(set.method << (varying ? ", sigma(t)" : ", constant sigma"));
      const double model = expected.mse(set, sigma);
      const double ideal = quant::evaluate(set, x, 1e-3).mse;
      CHECK(model > 1.1 * ideal);
      CHECK(monteCarloMse(x, set, sigma, 100000, 21) == Approx(model).epsilon(0.01));
    }
}

TEST_CASE("variation-aware's expected MSE is the lowest of every method on the bundled tensors")
{
  for (const quant::Tensor& t : bundledTensors())
    for (const double millivolts : {2.0, 5.0}) {
      const quant::Domain domain = quant::chooseDomain(t.values, {});
      const quant::SortedSamples samples(t.values, domain);
      const quant::ExpectedError expected{quant::SortedSamples(t.values)};
      quant::FitOptions options;
      options.bits = 3;
      options.thresholdSigma = fiveMillivolts(domain) * millivolts / 5.0;
      const quant::ThresholdSigma sigma = quant::thresholdSigmaOf(options, domain, size_t{1} << options.bits);
      const double aware =
          expected.mse(quant::fitLevelSet(quant::Method::variationAware, samples, domain, options), sigma);
      for (const quant::Method method : quant::allMethods()) {
        INFO(t.name << ", " << millivolts << " mV, " << quant::methodName(method));
        CHECK(aware <= expected.mse(quant::fitLevelSet(method, samples, domain, options), sigma));
      }
    }
}

TEST_CASE("the bin cost is Monge where it is finite, and the level-order rule breaks that")
{
  // a < b < c < d: cost(a, c) + cost(b, d) <= cost(a, d) + cost(b, c). Tested
  // on every quadruple of a 171-node grid on conv1 at 5 mV. The rule that a
  // bin's level lie between its thresholds makes some bins infinite, and
  // with them the inequality fails (left side infinite, right side finite):
  // so the DP cannot assume monotone argmins and scans every candidate.
  const quant::Tensor conv1 = bundledTensors().front();
  REQUIRE(conv1.name == "conv1.relu");
  const quant::Domain domain = quant::chooseDomain(conv1.values, {});
  const quant::SortedSamples samples(conv1.values, domain);
  const quant::JitteredBinCosts costs(samples, quant::thresholdGrid(domain, 170),
                                      constantSigma(fiveMillivolts(domain)));
  const size_t n = costs.nodeCount();
  const double tolerance = 1e-12 * costs.cost(0, n - 1);
  size_t finite = 0;
  size_t violated = 0;
  size_t brokenByRule = 0;
  for (size_t a = 0; a < n; ++a)
    for (size_t b = a + 1; b < n; ++b)
      for (size_t c = b + 1; c < n; ++c)
        for (size_t d = c + 1; d < n; ++d) {
          const double right = costs.cost(a, d) + costs.cost(b, c);
          if (!std::isfinite(right))
            continue;
          const double left = costs.cost(a, c) + costs.cost(b, d);
          if (!std::isfinite(left)) {
            ++brokenByRule;
            continue;
          }
          ++finite;
          violated += left > right + tolerance ? 1 : 0;
        }
  CHECK(finite > 30'000'000);
  CHECK(violated == 0);
  CHECK(brokenByRule > 0);
}

TEST_CASE("variation-aware applies BS-KMQ's boundary treatment when asked, and its options read back")
{
  const std::vector<float> x = testing::reluShaped(20000, 4);
  const quant::Domain domain{0.0, 6.0};
  const quant::SortedSamples samples(x, domain);
  quant::FitOptions options;
  options.bits = 3;
  options.thresholdSigma = 0.02;
  options.variationBoundary = true;
  const quant::LevelSet pinned = quant::fitLevelSet(quant::Method::variationAware, samples, domain, options);
  const quant::LevelSet bs = quant::fitLevelSet(quant::Method::bsKmq, samples, domain, options);
  CHECK(pinned.levels.front() == domain.lo);
  CHECK(pinned.levels.back() == domain.hi);
  for (const char* key : {"band_mass_lo", "band_mass_hi", "pile_up_lo", "pile_up_hi", "suppression"})
    CHECK(pinned.params[key] == bs.params[key]);
  requireValid(pinned);

  const quant::FitOptions back = quant::fitOptionsOf(pinned);
  CHECK(back.thresholdSigma == 0.02);
  CHECK(back.gridPoints == options.gridPoints);
  CHECK(back.variationBoundary);
  options.variationBoundary = false;
  const quant::LevelSet plain = quant::fitLevelSet(quant::Method::variationAware, samples, domain, options);
  CHECK(plain.levels.front() > domain.lo);
  CHECK_FALSE(quant::fitOptionsOf(plain).variationBoundary);

  options.thresholdSigma.reset();
  CHECK_THROWS_WITH(quant::fitLevelSet(quant::Method::variationAware, samples, domain, options),
                    "variation-aware needs a threshold sigma");
  options.thresholdSigma = -1.0;
  CHECK_THROWS_WITH(quant::fitLevelSet(quant::Method::variationAware, samples, domain, options),
                    "threshold sigma -1 is not a finite value >= 0");
}

TEST_CASE("levels and compare take --threshold-sigma, and compare reports mse_expected")
{
  Workspace ws;
  const std::filesystem::path acts = ws.writeF32("acts.f32", testing::reluShaped(20000, 2));
  Run r = ws.run({"levels", acts.string(), "-b", "3", "-m", "variation-aware", "--threshold-sigma", "0.05"});
  REQUIRE(r.status == 0);
  const nlohmann::json set = nlohmann::json::parse(r.out);
  CHECK(set["method"] == "variation-aware");
  CHECK(set["params"]["threshold_sigma"] == 0.05);

  r = ws.run({"compare", acts.string(), "-b", "3", "--methods", "lloyd-max,variation-aware", "--threshold-sigma",
              "0.05", "--format", "json"});
  REQUIRE(r.status == 0);
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  REQUIRE(doc["methods"].size() == 2);
  const quant::ExpectedError expected{quant::SortedSamples(testing::reluShaped(20000, 2))};
  for (const nlohmann::json& m : doc["methods"]) {
    quant::LevelSet s;
    s.levels = m["levels"].get<std::vector<double>>();
    s.thresholds = m["thresholds"].get<std::vector<double>>();
    CHECK(m["mse_expected"].get<double>() == Approx(expected.mse(s, constantSigma(0.05))).epsilon(1e-12));
  }
  CHECK(doc["methods"][1]["mse_expected"].get<double>() < doc["methods"][0]["mse_expected"].get<double>());

  r = ws.run({"compare", acts.string(), "-b", "3", "--methods", "lloyd-max", "--format", "json"});
  REQUIRE(r.status == 0);
  CHECK_FALSE(nlohmann::json::parse(r.out)["methods"][0].contains("mse_expected"));
  r = ws.run({"compare", acts.string(), "-b", "3", "--threshold-sigma", "0.05", "--format", "csv"});
  REQUIRE(r.status == 0);
  CHECK(r.out.substr(0, r.out.find('\n')).ends_with(",mse_expected"));
}

TEST_CASE("levels and compare take the threshold sigma from --tech")
{
  Workspace ws;
  const std::filesystem::path acts = ws.writeF32("acts.f32", testing::reluShaped(20000, 2));
  Run r = ws.run({"levels", acts.string(), "-b", "3", "-m", "variation-aware", "--tech", testing::bundledTechnology()});
  REQUIRE(r.status == 0);
  const nlohmann::json set = nlohmann::json::parse(r.out);
  CHECK(set["params"]["threshold_sigma_source"] == "generic-65nm");
  CHECK_FALSE(set["params"].contains("threshold_sigma"));
  CHECK(quant::readLevelFile(ws.writeText("levels.json", r.out)).size() == 1); // valid: the reader checks

  // With a comparator offset as its only variation, the technology's σ is
  // that offset through the mapping: 5 mV × (6 − 0)/0.5 V in activation units.
  const std::filesystem::path offsetOnly =
      technologyWith(ws, "offset-only.yaml", {{"rram_sigma_rel", "0"}, {"gain_sigma", "0"}, {"vread_spread", "0"}});
  const std::vector<std::string> compare{
      "compare",  acts.string(), "-b", "3", "--lo", "0", "--hi", "6", "--methods", "lloyd-max,bs-kmq,variation-aware",
      "--format", "json"};
  std::vector<std::string> byTech = compare;
  byTech.insert(byTech.end(), {"--tech", offsetOnly.string()});
  std::vector<std::string> bySigma = compare;
  std::ostringstream offset;
  offset.precision(17);
  offset << 0.005 * 6.0 / 0.5;
  bySigma.insert(bySigma.end(), {"--threshold-sigma", offset.str()});
  r = ws.run(byTech);
  REQUIRE(r.status == 0);
  const nlohmann::json tech = nlohmann::json::parse(r.out)["methods"];
  r = ws.run(bySigma);
  REQUIRE(r.status == 0);
  const nlohmann::json sigma = nlohmann::json::parse(r.out)["methods"];
  REQUIRE(tech.size() == 3);
  REQUIRE(sigma.size() == 3);
  for (size_t m = 0; m < tech.size(); ++m) {
    INFO(tech[m]["method"]);
    CHECK(tech[m]["levels"] == sigma[m]["levels"]);
    CHECK(tech[m]["mse_expected"].get<double>() == Approx(sigma[m]["mse_expected"].get<double>()).epsilon(1e-12));
  }

  // The bundled technology's gain and ramp errors add to its offset.
  byTech.back() = testing::bundledTechnology();
  r = ws.run(byTech);
  REQUIRE(r.status == 0);
  const nlohmann::json bundled = nlohmann::json::parse(r.out)["methods"];
  CHECK(bundled[0]["mse_expected"].get<double>() > sigma[0]["mse_expected"].get<double>());
}

TEST_CASE(
    "a threshold sigma from both --tech and --threshold-sigma, or from a missing technology, is one line and exit 2")
{
  Workspace ws;
  const std::filesystem::path acts = ws.writeF32("acts.f32", testing::reluShaped(2000, 2));
  const std::string missing = ws.path("nope.yaml").string();
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
      {{"levels", acts.string(), "-b", "2", "-m", "variation-aware", "--threshold-sigma", "0.1", "--tech",
        testing::bundledTechnology()},
       "--threshold-sigma excludes --tech"},
      {{"compare", acts.string(), "-b", "2", "--tech", testing::bundledTechnology(), "--threshold-sigma", "0.1"},
       "--threshold-sigma excludes --tech"},
      {{"levels", acts.string(), "-b", "2", "-m", "variation-aware", "--tech", missing},
       missing + ": cannot read: No such file or directory"},
      {{"compare", acts.string(), "-b", "2", "--tech", missing}, missing + ": cannot read: No such file or directory"},
  };
  for (const auto& [args, message] : cases) {
    const Run r = ws.run(args);
    INFO(args[0] << " " << args.back());
    CHECK(r.status == 2);
    CHECK(r.err.starts_with("nladc: " + message));
    CHECK(testing::isOneLine(r.err));
    CHECK(r.out.empty());
  }
}

TEST_CASE("a bad or missing threshold sigma is one line and exit 2")
{
  Workspace ws;
  const std::filesystem::path acts = ws.writeF32("acts.f32", testing::reluShaped(2000, 2));
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
      {{"levels", acts.string(), "-b", "2", "-m", "variation-aware", "--threshold-sigma", "-0.1"},
       "--threshold-sigma -0.1 is not a finite value >= 0"},
      {{"compare", acts.string(), "-b", "2", "--threshold-sigma", "inf"},
       "--threshold-sigma inf is not a finite value >= 0"},
      {{"levels", acts.string(), "-b", "2", "-m", "variation-aware", "--threshold-sigma", "nan"},
       "--threshold-sigma nan is not a finite value >= 0"},
      {{"levels", acts.string(), "-b", "2", "-m", "variation-aware"},
       "variation-aware needs a threshold sigma: --threshold-sigma S (activation units) or --tech TECH"},
      {{"compare", acts.string(), "-b", "2", "--methods", "variation-aware"},
       "variation-aware needs a threshold sigma: --threshold-sigma S (activation units) or --tech TECH"},
  };
  for (const auto& [args, message] : cases) {
    const Run r = ws.run(args);
    INFO(args[0] << " " << args.back());
    CHECK(r.status == 2);
    CHECK(r.err == "nladc: " + message + "\n");
    CHECK(testing::isOneLine(r.err));
    CHECK(r.out.empty());
  }
}
