// The streaming path (SampleCounter behind the streaming readers) against
// the in-memory one (the vector readers, a radix sort of every sample):
// the same level sets, thresholds and metrics, for every method and reader.

#include "quant/ActivationReader.hh"
#include "quant/Fitter.hh"
#include "quant/Method.hh"
#include "quant/Metrics.hh"
#include "quant/SampleCounter.hh"
#include "quant/SampleSetReader.hh"
#include "tests/support/Npz.hh"
#include "tests/support/Synthetic.hh"
#include "tests/support/TempDir.hh"
#include "util/Error.hh"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <bit>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <string>
#include <vector>

using namespace nladc;
namespace fs = std::filesystem;

namespace {

// ReLU-shaped samples with negatives and signed zeros mixed in, so the
// counter's order of negative floats and its −0 rule are exercised.
std::vector<float> mixedSamples(size_t n, uint64_t seed)
{
  std::vector<float> x = testing::reluShaped(n, seed);
  testing::RandomStream noise(seed + 100);
  for (size_t i = 0; i < x.size(); i += 7)
    x[i] = static_cast<float>(-0.5 * std::abs(noise.normal()));
  for (size_t i = 3; i < x.size(); i += 101)
    x[i] = -0.0f;
  return x;
}

std::string float32Bytes(const std::vector<float>& x)
{
  return std::string(reinterpret_cast<const char*>(x.data()), x.size() * sizeof(float));
}

// The samples in each reader's format, all read back to the same float32.
std::vector<fs::path> writeEveryFormat(const fs::path& dir, const std::vector<float>& x)
{
  std::vector<fs::path> files{dir / "acts.npy", dir / "acts.f32", dir / "acts.csv", dir / "acts.npz"};
  std::ofstream(files[0], std::ios::binary) << testing::npyBytes("<f4", x.size(), float32Bytes(x));
  std::ofstream(files[1], std::ios::binary) << float32Bytes(x);
  std::ofstream text(files[2]);
  text << "activation\n";
  for (const float v : x)
    text << fmt::format("{:.9g}\n", v); // 9 digits round-trip a float32
  text.close();
  testing::writeNpz(files[3], {{"acts.npy", testing::npyBytes("<f4", x.size(), float32Bytes(x))}});
  return files;
}

quant::FitRequest requestFor(const quant::DomainOptions& domain)
{
  quant::FitRequest request;
  request.methods = quant::allMethods();
  request.methods.push_back(quant::Method::variationAware);
  request.fit.bits = 3;
  request.fit.thresholdSigma = 0.02;
  request.fit.gridPoints = 256;
  request.domain = domain;
  return request;
}

// The in-memory path as it was before streaming: every sample held, the
// domain chosen and the samples clamped and radix-sorted from the array.
std::vector<quant::LevelSet> fitInMemory(const std::vector<float>& x, const quant::FitRequest& request)
{
  const quant::Domain domain = quant::chooseDomain(x, request.domain);
  const quant::SortedSamples samples(x, domain);
  std::vector<quant::LevelSet> sets;
  for (const quant::Method method : request.methods) {
    quant::LevelSet set = quant::fitLevelSet(method, samples, domain, request.fit);
    set.metrics = quant::toJson(quant::evaluate(set, x, request.fit.bsKmq.boundaryEps));
    sets.push_back(std::move(set));
  }
  return sets;
}

// Σ (x − q(x))² / n sample by sample, in long double: a reference that shares
// no code with either path's weighted sums.
double bruteForceMse(const quant::LevelSet& set, const std::vector<float>& x)
{
  long double sum = 0.0L;
  for (const float v : x) {
    const long double e = static_cast<long double>(v) - set.levels[set.codeOf(v)];
    sum += e * e;
  }
  return static_cast<double>(sum / static_cast<long double>(x.size()));
}

void requireSameSets(const std::vector<quant::LevelSet>& streamed, const std::vector<quant::LevelSet>& reference)
{
  REQUIRE(streamed.size() == reference.size());
  for (size_t i = 0; i < streamed.size(); ++i) {
    INFO(streamed[i].method);
    CHECK(streamed[i].method == reference[i].method);
    CHECK(streamed[i].domain.lo == reference[i].domain.lo);
    CHECK(streamed[i].domain.hi == reference[i].domain.hi);
    CHECK(streamed[i].levels == reference[i].levels);
    CHECK(streamed[i].thresholds == reference[i].thresholds);
    CHECK(streamed[i].metrics == reference[i].metrics);
  }
}

} // namespace

TEST_CASE("streamed and in-memory fits are identical for every method, reader and domain rule", "[streaming]")
{
  const testing::TempDir dir;
  const std::vector<float> x = mixedSamples(60'000, 5);
  const std::vector<fs::path> files = writeEveryFormat(dir.path(), x);
  for (const quant::DomainOptions& domain :
       {quant::DomainOptions{}, quant::DomainOptions{std::nullopt, std::nullopt, 99.0},
        quant::DomainOptions{-0.25, 4.0, std::nullopt}}) {
    const quant::FitRequest request = requestFor(domain);
    const std::vector<quant::LevelSet> reference = fitInMemory(x, request);
    for (const fs::path& file : files) {
      INFO(file.filename().string() << ", clip " << domain.clipPercentile.value_or(0) << ", lo "
                                    << domain.lo.value_or(0));
      // Each reader, in memory, gives the array back as written.
      REQUIRE(quant::readActivations(file, {}).front().values.size() == x.size());
      const std::vector<quant::FittedTensor> fitted =
          quant::fitActivations({file.string()}, {}, {}, quant::defaultMemoryBudget(), request);
      REQUIRE(fitted.size() == 1);
      CHECK(fitted[0].resolution.exact());
      requireSameSets(fitted[0].sets, reference);
      for (const quant::LevelSet& set : fitted[0].sets)
        CHECK(set.metrics["mse"].get<double>() == Approx(bruteForceMse(set, x)).epsilon(1e-12));
    }
  }
}

TEST_CASE("a tensor spread over several files is the tensor in one file", "[streaming]")
{
  const testing::TempDir dir;
  const std::vector<float> x = mixedSamples(30'000, 8);
  const std::vector<float> y = testing::reluShaped(20'000, 9);
  const quant::FitRequest request = requestFor({});
  const auto part = [](const std::vector<float>& v, size_t from, size_t to) {
    return std::vector<float>(v.begin() + static_cast<std::ptrdiff_t>(from),
                              v.begin() + static_cast<std::ptrdiff_t>(to));
  };

  SECTION(".npy batches through a glob, and the files listed one by one")
  {
    std::ofstream(dir.path() / "whole.npy", std::ios::binary) << testing::npyBytes("<f4", x.size(), float32Bytes(x));
    const size_t cuts[] = {0, 10'000, 10'001, 30'000};
    for (int b = 0; b < 3; ++b) {
      const std::vector<float> batch = part(x, cuts[b], cuts[b + 1]);
      std::ofstream(dir.path() / fmt::format("batch{}.npy", b), std::ios::binary)
          << testing::npyBytes("<f4", batch.size(), float32Bytes(batch));
    }
    const auto whole = quant::fitActivations({(dir.path() / "whole.npy").string()}, {}, {}, 1u << 30, request);
    const auto globbed = quant::fitActivations({(dir.path() / "batch*.npy").string()}, {}, {}, 1u << 30, request);
    const auto listed =
        quant::fitActivations({(dir.path() / "batch2.npy").string(), (dir.path() / "batch0.npy").string(),
                               (dir.path() / "batch1.npy").string()},
                              {}, {}, 1u << 30, request);
    REQUIRE(globbed.size() == 1);
    CHECK(globbed[0].name == "batch");
    requireSameSets(globbed[0].sets, whole[0].sets);
    requireSameSets(listed[0].sets, whole[0].sets);
  }

  SECTION(".npz archives merge their arrays by name, and must hold the same arrays")
  {
    testing::writeNpz(dir.path() / "whole.npz", {{"a.npy", testing::npyBytes("<f4", x.size(), float32Bytes(x))},
                                                 {"b.npy", testing::npyBytes("<f4", y.size(), float32Bytes(y))}});
    const std::vector<float> a0 = part(x, 0, 12'345), a1 = part(x, 12'345, x.size());
    const std::vector<float> b0 = part(y, 0, 5), b1 = part(y, 5, y.size());
    testing::writeNpz(dir.path() / "part0.npz", {{"a.npy", testing::npyBytes("<f4", a0.size(), float32Bytes(a0))},
                                                 {"b.npy", testing::npyBytes("<f4", b0.size(), float32Bytes(b0))}});
    testing::writeNpz(dir.path() / "part1.npz", {{"b.npy", testing::npyBytes("<f4", b1.size(), float32Bytes(b1))},
                                                 {"a.npy", testing::npyBytes("<f4", a1.size(), float32Bytes(a1))}});
    const auto whole = quant::fitActivations({(dir.path() / "whole.npz").string()}, {}, {}, 1u << 30, request);
    const auto parts = quant::fitActivations({(dir.path() / "part*.npz").string()}, {}, {}, 1u << 30, request);
    REQUIRE(parts.size() == 2);
    for (size_t t = 0; t < 2; ++t) {
      CHECK(parts[t].name == whole[t].name);
      requireSameSets(parts[t].sets, whole[t].sets);
    }

    testing::writeNpz(dir.path() / "part2.npz", {{"a.npy", testing::npyBytes("<f4", a0.size(), float32Bytes(a0))}});
    CHECK_THROWS_WITH(quant::fitActivations({(dir.path() / "part*.npz").string()}, {}, {}, 1u << 30, request),
                      (dir.path() / "part2.npz").string() +
                          ": holds other arrays than the first archive of the data set; every archive must hold the "
                          "same arrays");
  }

  SECTION("a pattern that matches nothing is an error naming it")
  {
    const std::string pattern = (dir.path() / "none*.npy").string();
    CHECK_THROWS_WITH(quant::fitActivations({pattern}, {}, {}, 1u << 30, request), pattern + ": no file matches");
  }
}

TEST_CASE("the counter keeps counts past 2^32 exact", "[streaming]")
{
  quant::SampleCounter counter(quant::defaultMemoryBudget());
  const std::vector<float> ones(std::size_t{1} << 22, 1.0f);
  // 2^33 + 2^22 samples of 1: each half of a chunk goes to one of two
  // cores' counters, so each wraps past 2^32, and their merge too.
  const std::uint64_t rounds = (std::uint64_t{1} << 11) + 1;
  for (std::uint64_t r = 0; r < rounds; ++r)
    counter.add(ones);
  const std::vector<float> rest{2.0f, -0.0f, 0.0f, std::numeric_limits<float>::quiet_NaN()};
  counter.add(rest);
  CHECK(counter.finiteCount() == rounds * ones.size() + 3);
  CHECK(counter.nonfiniteCount() == 1);
  const quant::SortedSamples samples = counter.takeSortedSamples();
  REQUIRE(samples.size() == 3);
  CHECK(samples.value(0) == 0.0f);
  CHECK(!std::signbit(samples.value(0)));
  CHECK(samples.weight(0) == 2.0);
  CHECK(samples.weight(1) == static_cast<double>(rounds * ones.size()));
  CHECK(samples.weight(2) == 1.0);
}

TEST_CASE("past the memory budget the samples become a histogram whose error is bounded and stated", "[streaming]")
{
  // 2^17 distinct values over several binades: more than a budget of
  // 512 KiB holds as counter pages or as distinct values.
  std::vector<float> x;
  testing::RandomStream source(3);
  for (int i = 0; i < (1 << 18); ++i)
    x.push_back(static_cast<float>(std::exp(2.0 * source.normal())));
  const std::uint64_t budget = 512u << 10;
  quant::SampleCounter counter(budget);
  for (size_t i = 0; i < x.size(); i += 1000)
    counter.add(std::span<const float>(x).subspan(i, std::min<size_t>(1000, x.size() - i)));
  const quant::SortedSamples histogram = counter.takeSortedSamples();
  const quant::Resolution resolution = counter.resolution();
  REQUIRE(!resolution.exact());
  CHECK(histogram.size() * quant::SampleCounter::bytesPerDistinctValue <= budget);
  CHECK(histogram.totalWeight() == static_cast<double>(x.size()));

  // Every sample lies in the bin of exactly one histogram value, within the
  // stated shift of it (brute force).
  for (const float v : x) {
    size_t holding = 0;
    const size_t i = histogram.lowerBound(v);
    for (const size_t j : {i - 1, i, i + 1})
      if (j < histogram.size()) {
        const auto [lo, hi] = resolution.binOf(histogram.value(j));
        if (lo <= v && v <= hi) {
          ++holding;
          REQUIRE(std::abs(double{histogram.value(j)} - v) <= resolution.maxShift);
        }
      }
    REQUIRE(holding == 1);
  }

  // Every method's MSE on the histogram is within the stated bound of its
  // MSE on the samples themselves, thresholds at the midpoints or not.
  const quant::FitRequest request = requestFor({});
  for (const quant::LevelSet& set : quant::fitTensor("x", histogram, histogram, resolution, request)) {
    const double onHistogram = set.metrics["mse"].get<double>();
    const double onSamples = bruteForceMse(set, x);
    INFO(set.method << ": " << onHistogram << " vs " << onSamples);
    CHECK(set.metrics["histogram_max_shift"].get<double>() == resolution.maxShift);
    CHECK(std::abs(onHistogram - onSamples) <= set.metrics["mse_error_bound"].get<double>());
    CHECK(onHistogram != onSamples); // a histogram, not the samples
  }
}

TEST_CASE("the counter's weighted values are a reference map's, through every coarsening", "[streaming]")
{
  // Samples over a few pages, some dense and some sparse, and budgets that
  // force merges while counting (pages past the budget) and after (distinct
  // values past it): each bin's count against a std::map of the same bins.
  std::vector<float> x = mixedSamples(400'000, 11);
  testing::RandomStream source(12);
  for (int i = 0; i < 300'000; ++i) // one dense page: 2^18 samples on 2^16 floats from 1
    x.push_back(std::bit_cast<float>(0x3f800000u + static_cast<std::uint32_t>(source.uniform() * 65536.0)));
  for (const std::uint64_t budget : {std::uint64_t{1} << 40, std::uint64_t{4} << 20, std::uint64_t{600} << 10}) {
    quant::SampleCounter counter(budget);
    for (size_t i = 0; i < x.size(); i += 65'536)
      counter.add(std::span<const float>(x).subspan(i, std::min<size_t>(65'536, x.size() - i)));
    const quant::SortedSamples counted = counter.takeSortedSamples();
    const quant::Resolution resolution = counter.resolution();
    INFO("budget " << budget << ", merged bits " << resolution.mergedBits);
    CHECK(resolution.exact() == (budget == std::uint64_t{1} << 40));

    std::map<std::pair<double, double>, double> reference; // bin → count
    for (const float v : x) {
      const float canonical = v + 0.0f;
      ++reference[resolution.exact() ? std::pair<double, double>{canonical, canonical} : resolution.binOf(canonical)];
    }
    REQUIRE(counted.size() == reference.size());
    size_t i = 0;
    for (const auto& [bin, count] : reference) {
      REQUIRE(bin.first <= counted.value(i));
      REQUIRE(counted.value(i) <= bin.second);
      REQUIRE(counted.weight(i) == count);
      ++i;
    }
  }
}

TEST_CASE("a data set's files follow its rules, each break named in one line", "[streaming]")
{
  const testing::TempDir dir;
  const quant::FitRequest request = requestFor({});
  const std::vector<float> x = testing::reluShaped(5'000, 4);
  const auto npy = [&](const std::string& name, std::vector<float> v = {}) {
    if (v.empty())
      v = x;
    std::ofstream(dir.path() / name, std::ios::binary) << testing::npyBytes("<f4", v.size(), float32Bytes(v));
    return (dir.path() / name).string();
  };
  const auto fit = [&](const std::vector<std::string>& sources, const quant::ReadOptions& read = {}) {
    return quant::fitActivations(sources, {}, read, 1u << 30, request);
  };
  const auto messageOf = [&](const std::vector<std::string>& sources, const quant::ReadOptions& read = {}) {
    try {
      fit(sources, read);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };

  const std::string a = npy("conv1_0.npy"), b = npy("conv1_1.npy");
  CHECK(fit({a, b})[0].name == "conv1"); // the batch number and one separator go
  CHECK(fit({a, b}, {.tensor = "conv1", .column = {}, .dropNonfinite = false})[0].name == "conv1");
  CHECK(messageOf({a, b}, {.tensor = "conv1_0", .column = {}, .dropNonfinite = false}) ==
        a + " " + b + ": the files hold the one tensor 'conv1', not 'conv1_0'");
  CHECK(messageOf({a, a}) == a + ": named twice in one data set");
  const std::string other = npy("xyz.npy");
  CHECK(messageOf({a, other}) == a + " and " + other +
                                     ": single-array files of one data set must share a name ('batch' of "
                                     "batch0.npy, batch1.npy): it names their tensor");
  testing::writeNpz(dir.path() / "z.npz", {{"a.npy", testing::npyBytes("<f4", x.size(), float32Bytes(x))}});
  const std::string z = (dir.path() / "z.npz").string();
  CHECK(messageOf({a, z}) == a + " " + z + ": mixes .npz archives with single-array files; a data set is one kind");

  // A NaN in the second file is that file's.
  std::vector<float> withNan = x;
  withNan[7] = std::numeric_limits<float>::quiet_NaN();
  const std::string c = npy("conv1_2.npy", withNan);
  CHECK(messageOf({a, c}) ==
        c + ": tensor 'conv1' has 1 non-finite value (NaN/Inf); pass --drop-nonfinite to exclude them");
  CHECK(fit({a, c}, {.tensor = {}, .column = {}, .dropNonfinite = true})[0].sets[0].source->samples ==
        2 * x.size() - 1);
}
