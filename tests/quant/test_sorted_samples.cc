#include "quant/SortedSamples.hh"
#include "tests/support/Synthetic.hh"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>

using namespace nladc::quant;

TEST_CASE("sorted samples compress duplicates and clamp into the domain")
{
  const std::vector<float> raw{3.0f, -1.0f, 2.0f, 2.0f, 7.5f, 0.5f, 2.0f, -0.0f, 0.0f};
  const SortedSamples s(raw, Domain{0.0, 5.0});
  // -1 → 0, 7.5 → 5, −0 and +0 are one value.
  REQUIRE(s.size() == 5);
  CHECK(s.value(0) == 0.0f);
  CHECK(s.weight(0) == 3.0);
  CHECK(s.value(1) == 0.5f);
  CHECK(s.value(2) == 2.0f);
  CHECK(s.weight(2) == 3.0);
  CHECK(s.value(4) == 5.0f);
  CHECK(s.totalWeight() == 9.0);
}

TEST_CASE("range sums equal direct sums")
{
  const std::vector<float> raw{1.0f, 2.0f, 2.0f, 4.0f, 8.0f, 8.0f, 8.0f, 9.5f};
  const SortedSamples s(raw, Domain{0.0, 10.0});
  // Distinct: 1 (1), 2 (2), 4 (1), 8 (3), 9.5 (1).
  CHECK(s.meanOf(1, 4) == Approx((2.0 * 2 + 4.0 + 8.0 * 3) / 6.0));
  const double mean = (2.0 * 2 + 4.0 + 8.0 * 3) / 6.0;
  const double sse = 2 * (2 - mean) * (2 - mean) + (4 - mean) * (4 - mean) + 3 * (8 - mean) * (8 - mean);
  CHECK(s.sseOf(1, 4) == Approx(sse));
  CHECK(s.sseAbout(0, 5, 3.0) == Approx(4 + 2 * 1 + 1 + 3 * 25 + 6.5 * 6.5));
  CHECK(s.lowerBound(4.0) == 2);
  CHECK(s.upperBound(4.0) == 3);
  CHECK(s.indexAtWeight(3.0) == 2);
  CHECK(s.indexAtWeight(3.5) == 3);
  CHECK(s.cellBounds(std::vector<double>{3.0, 8.0}) == std::vector<size_t>{0, 2, 3, 5});
}

TEST_CASE("explicit values must be strictly increasing with positive weights")
{
  CHECK_THROWS(SortedSamples({1.0f, 1.0f}, std::vector<double>{1.0, 1.0}));
  CHECK_THROWS(SortedSamples({1.0f, 2.0f}, std::vector<double>{1.0, 0.0}));
  CHECK_THROWS(SortedSamples({1.0f, 2.0f}, std::vector<double>{1.0}));
}

TEST_CASE("sorted samples order and count values of every sign and magnitude as std::sort does")
{
  // Signs, exponents from 2^-140 (subnormal) to 2^20 and repeated values, so
  // that every digit of the sort keys varies.
  nladc::testing::RandomStream source(9);
  std::vector<float> raw;
  for (int i = 0; i < 50000; ++i) {
    const double magnitude = std::ldexp(1.0 + source.uniform(), static_cast<int>(source.uniform() * 160.0) - 140);
    raw.push_back(static_cast<float>(source.uniform() < 0.5 ? -magnitude : magnitude));
    if (i % 10 == 0)
      raw.push_back(raw[static_cast<size_t>(source.uniform() * static_cast<double>(raw.size()))]);
  }
  const SortedSamples s(raw, Domain{-1e7, 1e7});
  std::map<float, double> expected;
  for (const float x : raw)
    expected[x] += 1.0;
  REQUIRE(s.size() == expected.size());
  size_t i = 0;
  for (const auto& [value, count] : expected) {
    INFO("index " << i);
    REQUIRE(s.value(i) == value);
    CHECK(s.weight(i) == count);
    ++i;
  }
}

TEST_CASE("a range's mean stays within its values, a range of zeros at exactly 0")
{
  // ReLU of normal samples: the prefix sums of x − shift left this range of
  // zeros with a mean of −5.6e-17, a CDF level outside the domain [0, hi].
  std::vector<float> x = nladc::testing::standardNormal(3000, 9);
  for (float& v : x)
    v = std::max(v, 0.0f);
  const SortedSamples s(x, Domain{0.0, *std::max_element(x.begin(), x.end())});
  CHECK(s.meanOf(0, 1) == 0.0);
  for (size_t b = 2; b <= s.size(); b += 97) {
    CHECK(s.meanOf(0, b) >= double{s.value(0)});
    CHECK(s.meanOf(0, b) <= double{s.value(b - 1)});
  }
}

TEST_CASE("weights read back exactly in four bytes, counts past 2^24 and scaled weights too")
{
  const std::vector<double> given{1.0, 16777216.0, 16777217.0, 0.1, 3.0, 1e30, 2.5, 4294967297.0};
  const CompactWeights weights(given);
  REQUIRE(weights.size() == given.size());
  for (size_t i = 0; i < given.size(); ++i)
    CHECK(weights[i] == given[i]);

  // A count grows past what a float holds and on to where it holds it again.
  CompactWeights count;
  count.push_back(2.0);
  count.push_back(16777215.0);
  count.addToBack(1.0);
  CHECK(count[1] == 16777216.0);
  count.addToBack(1.0);
  CHECK(count[1] == 16777217.0);
  count.addToBack(1.0);
  CHECK(count[1] == 16777218.0);
  count.push_back(0.3);
  CHECK(count[0] == 2.0);
  CHECK(count[2] == 0.3);
}

TEST_CASE("prefix sums rebuilt between checkpoints equal sums kept at every index, bit for bit")
{
  // Weights of every kind: counts, counts past 2^24, BS-KMQ-like scaled ones.
  nladc::testing::RandomStream source(11);
  const size_t n = 1000;
  std::vector<float> values;
  std::vector<double> weights;
  for (size_t i = 0; i < n; ++i) {
    values.push_back(static_cast<float>(i) * 0.37f - 50.0f + static_cast<float>(source.uniform()) * 0.3f);
    const double u = source.uniform();
    weights.push_back(u < 0.6   ? std::floor(1.0 + 9.0 * source.uniform())
                      : u < 0.8 ? 16777217.0 + std::floor(1e6 * source.uniform())
                                : source.uniform() * 3.7 + 0.01);
  }
  const SortedSamples s(values, weights);

  // The reference: every prefix kept, summed in index order about the
  // weighted mean, as the sums were stored before checkpoints.
  double total = 0.0;
  double sum = 0.0;
  for (size_t i = 0; i < n; ++i) {
    total += weights[i];
    sum += weights[i] * values[i];
  }
  const double shift = sum / total;
  std::vector<SortedSamples::Prefix> kept(n + 1);
  for (size_t i = 0; i < n; ++i) {
    const double d = static_cast<double>(values[i]) - shift;
    kept[i + 1] = {kept[i].w + weights[i], kept[i].s1 + weights[i] * d, kept[i].s2 + weights[i] * d * d};
  }

  for (size_t i = 0; i <= n; ++i) {
    INFO("index " << i);
    const SortedSamples::Prefix p = s.prefix(i);
    CHECK(p.w == kept[i].w);
    CHECK(p.s1 == kept[i].s1);
    CHECK(p.s2 == kept[i].s2);
    if (i < n)
      CHECK(s.weight(i) == weights[i]);
  }
  CHECK(s.totalWeight() == kept[n].w);

  // indexAtWeight: the first index whose cumulative weight reaches w, past
  // the total one beyond the end, as a search of every prefix gives.
  std::vector<double> probes{0.0, -1.0, kept[n].w, kept[n].w * 2.0};
  for (size_t i = 0; i <= n; i += 7) {
    probes.push_back(kept[i].w);
    probes.push_back(std::nextafter(kept[i].w, INFINITY));
    probes.push_back(std::nextafter(kept[i].w, -INFINITY));
  }
  for (const double w : probes) {
    INFO("weight " << w);
    const auto reference =
        std::partition_point(kept.begin(), kept.end(), [w](const SortedSamples::Prefix& p) { return p.w < w; });
    CHECK(s.indexAtWeight(w) == static_cast<size_t>(reference - kept.begin()));
  }
}
