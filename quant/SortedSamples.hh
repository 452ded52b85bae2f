#pragma once

#include "quant/Domain.hh"

#include <cstddef>
#include <span>
#include <vector>

namespace nladc::quant {

// The samples every fitting method works on: sorted, each distinct value once
// with its weight (its count, or a given weight), and prefix sums of weight,
// weight·x and weight·x² so that the count, mean and squared error of any
// index range cost O(1). In one dimension a cluster is an index range, so
// K-means, Lloyd-Max and the exact DP all run on these sums instead of
// passing over every sample.
class SortedSamples {
public:
  // Clamps the samples into the domain, sorts and compresses them.
  SortedSamples(std::span<const float> samples, const Domain& domain);
  // The same unclamped (finite samples).
  explicit SortedSamples(std::span<const float> samples);
  // Values strictly increasing, weights positive (same length).
  SortedSamples(std::vector<float> values, std::span<const double> weights);

  size_t size() const { return values_.size(); }
  float value(size_t i) const { return values_[i]; }
  std::span<const float> values() const { return values_; }
  double weight(size_t i) const { return prefix_[i + 1].w - prefix_[i].w; }
  double totalWeight() const { return prefix_.back().w; }

  // Over the index range [a, b):
  double weightOf(size_t a, size_t b) const { return prefix_[b].w - prefix_[a].w; }
  double meanOf(size_t a, size_t b) const;
  // Σ w·(x − mean)², the cost of one cluster. May be a rounding error below 0.
  double sseOf(size_t a, size_t b) const
  {
    const Prefix& pa = prefix_[a];
    const Prefix& pb = prefix_[b];
    const double w = pb.w - pa.w;
    const double s1 = pb.s1 - pa.s1;
    return (pb.s2 - pa.s2) - s1 * s1 / w;
  }
  // Σ w·(x − c)²
  double sseAbout(size_t a, size_t b, double c) const;

  // First index whose value is >= x (lowerBound) or > x (upperBound).
  size_t lowerBound(double x) const;
  size_t upperBound(double x) const;
  // The smallest b with weightOf(0, b) >= w: where the cumulative weight
  // reaches w.
  size_t indexAtWeight(double w) const;
  // The index bounds of the cells that sorted thresholds cut the samples
  // into: cell k is [bounds[k], bounds[k+1]) and holds t_{k-1} <= x < t_k.
  std::vector<size_t> cellBounds(std::span<const double> thresholds) const;
  // Per-index weights, for reweighting a copy.
  std::vector<double> weights() const;

  // Whether clamping into `domain` would move no value.
  bool within(const Domain& domain) const;
  // The samples clamped into `domain`: values below or above it merge into
  // its bounds, exactly as the clamping constructor would have made them.
  SortedSamples clampedTo(const Domain& domain) const;

  // Prefix sums of the first i distinct values (i = 0 … size()), for the
  // DP's inner loop. They are sums of x − shift, the weighted mean, so that
  // the squared errors of small clusters do not vanish in the rounding of
  // large sums.
  struct Prefix {
    double w = 0.0;
    double s1 = 0.0;
    double s2 = 0.0;
  };
  const Prefix& prefix(size_t i) const { return prefix_[i]; }

private:
  void buildPrefix(std::span<const double> weights);

  std::vector<float> values_;
  std::vector<Prefix> prefix_;
  double shift_ = 0.0;
};

} // namespace nladc::quant
