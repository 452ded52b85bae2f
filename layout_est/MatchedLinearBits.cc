#include "layout_est/MatchedLinearBits.hh"

#include "quant/LinearFit.hh"
#include "quant/Method.hh"
#include "quant/Metrics.hh"
#include "util/Error.hh"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace nladc::layout_est {

namespace {

// The boundary bands only matter for mse_interior, which is not used here.
constexpr double boundaryEps = 1e-3;

InputError beyondMaxBits(const quant::LevelSet& set)
{
  return InputError(fmt::format("{}: no linear set of up to {} bits matches its MSE", set.name, quant::maxBits));
}

} // namespace

int linearBitsMatchingMse(const quant::LevelSet& set, const quant::SortedSamples& samples)
{
  const double target = quant::evaluate(set, samples, boundaryEps).mse;
  for (int bits = quant::minBits; bits <= quant::maxBits; ++bits) {
    const quant::LevelSet linear = quant::fitLinear(set.domain, size_t{1} << bits);
    if (quant::evaluate(linear, samples, boundaryEps).mse <= target)
      return bits;
  }
  throw beyondMaxBits(set);
}

int linearBitsFromMetrics(const quant::LevelSet& set)
{
  const auto mse = set.metrics.find("mse");
  if (mse == set.metrics.end() || !mse->is_number() || !(mse->get<double>() > 0.0))
    throw InputError(
        fmt::format("{}: the level set records no positive metrics.mse; give the activations with --data", set.name));
  const double bits = std::ceil(std::log2(set.domain.width() / std::sqrt(12.0 * mse->get<double>())));
  if (bits > quant::maxBits)
    throw beyondMaxBits(set);
  return std::max(1, static_cast<int>(bits));
}

} // namespace nladc::layout_est
