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
