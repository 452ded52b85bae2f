#pragma once

#include "quant/BsKmq.hh"
#include "quant/Domain.hh"
#include "quant/ExpectedError.hh"
#include "quant/LevelSet.hh"
#include "quant/SortedSamples.hh"

#include <optional>
#include <span>
#include <vector>

namespace nladc::quant {

struct VariationAwareOptions {
  ThresholdSigma sigma;     // required
  size_t gridPoints = 2048; // G: the candidate thresholds are lo + i·(hi − lo)/G, i = 1 … G − 1
  // BS-KMQ's pile-up treatment, when given: `pin` fixes the piled-up edge's
  // level at the edge (its samples stay in the expected error: a jittered
  // threshold moves them too), `remove` and `cap` change the samples the
  // expected error is taken over, as they change what BS-KMQ clusters.
  std::optional<BsKmqOptions> boundary;
};

constexpr size_t maxGridPoints = size_t{1} << 16;

// The candidate thresholds, strictly inside the domain.
std::vector<double> thresholdGrid(const Domain& domain, size_t gridPoints);

// The expected squared error of one code bin as a function of its two
// thresholds (DESIGN.md §8): with w(x) = Φ_a(x) − Φ_b(x) the probability
// that x gets the bin's code, the bin costs S2 − S1²/S0 at its best level
// S1/S0 (S_m = Σ_x w(x)·x^m). S_m(a, b) = A_m(a) − A_m(b), and A_m is one
// jittered tail per node, so a bin costs O(1) once the nodes' tails are
// known. Node 0 is the domain's lower end (Φ ≡ 1), nodes 1 … G − 1 the
// candidate thresholds, node G the upper end (Φ ≡ 0).
class JitteredBinCosts {
public:
  JitteredBinCosts(const SortedSamples& samples, std::span<const double> grid, const ThresholdSigma& sigma);

  size_t nodeCount() const { return position_.size(); }
  double position(size_t node) const { return position_[node]; }
  // Bin [a, b), a < b, at its best level; +inf when that level is not
  // strictly between the two thresholds (the level set would be invalid)
  // or the bin holds no weight.
  double cost(size_t a, size_t b) const;
  double level(size_t a, size_t b) const;
  // Bin [a, b) at a given level (a pinned one).
  double costAt(size_t a, size_t b, double level) const;

private:
  std::vector<double> position_; // −inf, the grid, +inf
  std::vector<JitteredTail> tails_;
  double centre_ = 0.0;
};

// The level set of levelCount levels whose thresholds, on the grid, minimise
// the expected effective MSE under threshold jitter σ(t) (ExpectedError).
// Exact on the grid by dynamic programming over the candidate thresholds:
// D_q(j) = min_{i<j} D_{q−1}(i) + cost(i, j), O(G·(log n + window)) for the
// tails and O(K·G²) for the DP. At σ = 0 it is the K-means optimum up to the
// grid's resolution. InputError without a σ, or when no valid level set
// exists (σ too large for the domain).
LevelSet fitVariationAware(const SortedSamples& samples, const Domain& domain, size_t levelCount,
                           const VariationAwareOptions& options);

} // namespace nladc::quant
