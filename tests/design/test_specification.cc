#include "design/Specification.hh"
#include "util/Error.hh"

#include <catch2/catch.hpp>
#include <cmath>

using namespace nladc;

namespace {

// P(Binomial(n, p) ≤ k) by the plain product form, for small n.
double binomialCdf(uint64_t k, uint64_t n, double p)
{
  double sum = 0.0;
  for (uint64_t i = 0; i <= k; ++i) {
    double choose = 1.0;
    for (uint64_t m = 0; m < i; ++m)
      choose = choose * static_cast<double>(n - m) / static_cast<double>(m + 1);
    sum += choose * std::pow(p, static_cast<double>(i)) * std::pow(1.0 - p, static_cast<double>(n - i));
  }
  return sum;
}

} // namespace

TEST_CASE("a confirmation of 200 samples at yield 0.99 allows 3 failures", "[design][specification]")
{
  CHECK(design::allowedFailures(0.99, 200) == 3);
  CHECK(design::allowedFailures(0.99, 100) == 2);
  CHECK(design::allowedFailures(0.9, 20) == 3);
  CHECK(design::allowedFailures(0.999, 200) == 1);
}

TEST_CASE("the sizing target passes its confirmation 95 % of the time, and no looser one does",
          "[design][specification]")
{
  for (const auto& [yield, samples] : std::vector<std::pair<double, uint64_t>>{{0.99, 200}, {0.99, 50}, {0.95, 100}}) {
    const double target = design::confirmableYield(yield, samples);
    const uint64_t allowed = design::allowedFailures(yield, samples);
    INFO("yield " << yield << ", " << samples << " samples: target " << target);
    CHECK(target > yield);
    CHECK(binomialCdf(allowed, samples, 1.0 - target) == Approx(0.95).margin(1e-6));
    CHECK(binomialCdf(allowed, samples, 1.0 - (1.0 - target) * 1.05) < 0.95);
  }
}

TEST_CASE("a specification out of range names its field", "[design][specification]")
{
  const auto errorOf = [](const design::Specification& s) {
    try {
      design::validate(s);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(errorOf({}).empty());
  CHECK(errorOf({0.0, 128, {}, {}}).rfind("yield:", 0) == 0);
  CHECK(errorOf({1.0, 128, {}, {}}).rfind("yield:", 0) == 0);
  CHECK(errorOf({std::nan(""), 128, {}, {}}).rfind("yield:", 0) == 0);
  CHECK(errorOf({0.99, 0, {}, {}}).rfind("columns:", 0) == 0);
  CHECK(errorOf({0.99, 128, -1.0, {}}).rfind("max_effective_mse_ratio:", 0) == 0);
  CHECK(errorOf({0.99, 128, 0.5, {}}).rfind("max_effective_mse_ratio:", 0) == 0);
  CHECK_THROWS_AS(design::parseCancellation("maybe"), InputError);
  CHECK(design::parseCancellation("on") == design::OffsetCancellation::on);
}
