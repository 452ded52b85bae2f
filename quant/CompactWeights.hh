#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace nladc::quant {

// Positive per-index weights in four bytes each. Most weights are counts a
// float holds exactly (below 2^24); the few that are not (the count of a
// ReLU's zero past 2^24 samples, a weight scaled by BS-KMQ's cap) keep
// their exact double on the side, so every weight reads back exactly as it
// was added. Half the bytes of a double per distinct value, which at 10^7
// samples is the difference between fitting in 3× the data or not.
class CompactWeights {
public:
  CompactWeights() = default;
  explicit CompactWeights(std::span<const double> weights);

  void reserve(size_t n) { narrow_.reserve(n); }
  void push_back(double weight)
  {
    const float narrow = static_cast<float>(weight);
    if (double{narrow} == weight)
      narrow_.push_back(narrow);
    else
      pushWide(weight);
  }
  // Adds `weight` to the last entry.
  void addToBack(double weight);

  size_t size() const { return narrow_.size(); }
  double operator[](size_t i) const
  {
    const float w = narrow_[i];
    return w == w ? double{w} : wide(i); // NaN marks an entry kept on the side
  }

private:
  struct Wide {
    std::uint64_t index;
    double weight;
  };
  void pushWide(double weight);
  double wide(size_t i) const;

  std::vector<float> narrow_;
  std::vector<Wide> wide_; // by increasing index
};

} // namespace nladc::quant
