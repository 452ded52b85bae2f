#pragma once

#include "quant/CompactWeights.hh"
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
//
// The prefix sums are stored at every 8th index only and rebuilt between,
// by the same additions in the same order, so they come out bit for bit as
// if all were stored: 11 bytes a distinct value instead of 36 (DESIGN.md
// §10). A range query costs at most 14 such additions (advance).
class SortedSamples {
public:
  // Clamps the samples into the domain, sorts and compresses them.
  SortedSamples(std::span<const float> samples, const Domain& domain);
  // The same unclamped (finite samples).
  explicit SortedSamples(std::span<const float> samples);
  // Values strictly increasing, weights positive (same length).
  SortedSamples(std::vector<float> values, std::span<const double> weights);
  SortedSamples(std::vector<float> values, CompactWeights weights);

  size_t size() const { return values_.size(); }
  float value(size_t i) const { return values_[i]; }
  std::span<const float> values() const { return values_; }
  double weight(size_t i) const { return weights_[i]; }
  double totalWeight() const { return total_.w; }

  // Over the index range [a, b):
  double weightOf(size_t a, size_t b) const { return prefix(b).w - prefix(a).w; }
  double meanOf(size_t a, size_t b) const;
  // Σ w·(x − mean)², the cost of one cluster. May be a rounding error below 0.
  double sseOf(size_t a, size_t b) const;
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

  // Prefix sums of the first i distinct values (i = 0 … size()). They are
  // sums of x − shift, the weighted mean, so that the squared errors of
  // small clusters do not vanish in the rounding of large sums.
  struct Prefix {
    double w = 0.0;
    double s1 = 0.0;
    double s2 = 0.0;
  };
  Prefix prefix(size_t i) const
  {
    Prefix p = checkpoints_[i / checkpointStride];
    for (size_t k = i - i % checkpointStride; k < i; ++k)
      advance(p, k);
    return p;
  }
  // prefix(i) into prefix(i + 1): walks the sums in index order.
  void advance(Prefix& p, size_t i) const
  {
    const double w = weights_[i];
    const double d = static_cast<double>(values_[i]) - shift_;
    p.w += w;
    p.s1 += w * d;
    p.s2 += w * d * d;
  }

  // prefix(i) is stored for every i that is a multiple of this.
  static constexpr size_t checkpointStride = 8;

private:
  void buildPrefix();

  std::vector<float> values_;
  CompactWeights weights_;
  std::vector<Prefix> checkpoints_; // prefix(i) for i = 0, 8, 16, …
  Prefix total_;                    // prefix(size())
  double shift_ = 0.0;
};

} // namespace nladc::quant
