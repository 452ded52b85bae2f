#include "quant/SortedSamples.hh"

#include "util/Error.hh"

#include <algorithm>
#include <bit>
#include <boost/sort/spreadsort/integer_sort.hpp>
#include <cstdint>

namespace nladc::quant {

namespace {

// An order-preserving map of floats onto unsigned integers (sign bit
// flipped for positives, all bits for negatives), so a radix sort of
// integers sorts the floats.
uint32_t sortKey(float x)
{
  const uint32_t bits = std::bit_cast<uint32_t>(x);
  return (bits & 0x80000000u) ? ~bits : (bits | 0x80000000u);
}

float fromSortKey(uint32_t key)
{
  return std::bit_cast<float>((key & 0x80000000u) ? (key & 0x7fffffffu) : ~key);
}

} // namespace

SortedSamples::SortedSamples(std::span<const float> samples, const Domain& domain)
{
  // Spreadsort (a radix/comparison hybrid) sorts 10^7 keys twice as fast as
  // std::sort; sorting dominates the cheap methods.
  std::vector<uint32_t> keys(samples.size());
  for (size_t i = 0; i < samples.size(); ++i)
    keys[i] = sortKey(static_cast<float>(domain.clamp(samples[i])) + 0.0f); // + 0 turns −0 into +0
  boost::sort::spreadsort::integer_sort(keys.begin(), keys.end());

  // Compress duplicates; counts become the weights.
  size_t distinct = 0;
  for (size_t i = 0; i < keys.size(); ++i)
    distinct += (i == 0 || keys[i] != keys[i - 1]) ? 1 : 0;
  values_.reserve(distinct);
  std::vector<double> counts;
  counts.reserve(distinct);
  for (size_t i = 0; i < keys.size(); ++i) {
    if (i > 0 && keys[i] == keys[i - 1]) {
      counts.back() += 1.0;
    } else {
      values_.push_back(fromSortKey(keys[i]));
      counts.push_back(1.0);
    }
  }
  keys = {};
  buildPrefix(counts);
}

SortedSamples::SortedSamples(std::vector<float> values, std::span<const double> weights) : values_(std::move(values))
{
  if (values_.size() != weights.size())
    throw InputError("sorted samples: values and weights differ in length");
  for (size_t i = 1; i < values_.size(); ++i)
    if (!(values_[i - 1] < values_[i]))
      throw InputError("sorted samples: values are not strictly increasing");
  for (const double w : weights)
    if (!(w > 0.0))
      throw InputError("sorted samples: weights must be positive");
  buildPrefix(weights);
}

void SortedSamples::buildPrefix(std::span<const double> weights)
{
  double total = 0.0;
  double sum = 0.0;
  for (size_t i = 0; i < values_.size(); ++i) {
    total += weights[i];
    sum += weights[i] * values_[i];
  }
  shift_ = total > 0.0 ? sum / total : 0.0;

  prefix_.assign(values_.size() + 1, Prefix{});
  for (size_t i = 0; i < values_.size(); ++i) {
    const double d = static_cast<double>(values_[i]) - shift_;
    prefix_[i + 1].w = prefix_[i].w + weights[i];
    prefix_[i + 1].s1 = prefix_[i].s1 + weights[i] * d;
    prefix_[i + 1].s2 = prefix_[i].s2 + weights[i] * d * d;
  }
}

double SortedSamples::meanOf(size_t a, size_t b) const
{
  return shift_ + (prefix_[b].s1 - prefix_[a].s1) / weightOf(a, b);
}

double SortedSamples::sseAbout(size_t a, size_t b, double c) const
{
  const double d = c - shift_;
  const double w = prefix_[b].w - prefix_[a].w;
  const double s1 = prefix_[b].s1 - prefix_[a].s1;
  const double s2 = prefix_[b].s2 - prefix_[a].s2;
  return s2 - 2.0 * d * s1 + d * d * w;
}

size_t SortedSamples::lowerBound(double x) const
{
  return static_cast<size_t>(std::lower_bound(values_.begin(), values_.end(), x) - values_.begin());
}

size_t SortedSamples::upperBound(double x) const
{
  return static_cast<size_t>(std::upper_bound(values_.begin(), values_.end(), x) - values_.begin());
}

size_t SortedSamples::indexAtWeight(double w) const
{
  const auto it = std::partition_point(prefix_.begin(), prefix_.end(), [w](const Prefix& p) { return p.w < w; });
  return static_cast<size_t>(it - prefix_.begin());
}

std::vector<size_t> SortedSamples::cellBounds(std::span<const double> thresholds) const
{
  std::vector<size_t> bounds{0};
  for (const double t : thresholds)
    bounds.push_back(lowerBound(t));
  bounds.push_back(size());
  return bounds;
}

std::vector<double> SortedSamples::weights() const
{
  std::vector<double> result(size());
  for (size_t i = 0; i < size(); ++i)
    result[i] = weight(i);
  return result;
}

} // namespace nladc::quant
