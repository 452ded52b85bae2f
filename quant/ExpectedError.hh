#pragma once

#include "quant/LevelSet.hh"
#include "quant/SortedSamples.hh"

#include <functional>
#include <span>

namespace nladc::quant {

// σ(t): the standard deviation of a realised threshold whose nominal
// position is t, in activation units (DESIGN.md §8). Must be finite and >= 0.
using ThresholdSigma = std::function<double(double)>;

// Σ_x w(x)·Φ((x − t)/σ)·(x − centre)^m for m = 0, 1, 2: the samples' weight
// and moments about `centre`, each sample counted with the probability that
// a threshold t + e, e ~ N(0, σ²), lies at or below it (so that it reaches
// the next code). Beyond ±8σ of t that probability is 0 or 1 to double
// precision, so only the samples inside that window cost a Φ; the rest come
// from the prefix sums: O(log n + window). At σ = 0 it is the step x >= t.
struct JitteredTail {
  double w = 0.0;
  double s1 = 0.0;
  double s2 = 0.0;
};
JitteredTail jitteredTail(const SortedSamples& samples, double centre, double t, double sigma);

// σ(t), checked: InputError unless finite and >= 0.
double checkedSigma(const ThresholdSigma& sigma, double t);

// The expected effective MSE of level sets when every realised threshold is
// t_j + e_j, e_j ~ N(0, σ(t_j)²) independently (DESIGN.md §8):
// E = Σ_x p(x) Σ_k (Φ_k(x) − Φ_{k+1}(x))·(x − c_k)², with
// Φ_j(x) = P(code >= j | x) = Φ((x − t_j)/σ(t_j)), Φ_0 = 1 and Φ_K = 0.
// Exact when the realised thresholds keep their order; when two of them
// cross, the marginals no longer determine the code (docs/quant.md).
// Sorted once; each query costs O(K·(log n + window)).
class ExpectedError {
public:
  // The samples are kept whole (not clamped): error from outside a level
  // set's domain is real error.
  explicit ExpectedError(const SortedSamples& samples);

  double mse(const LevelSet& set, const ThresholdSigma& sigma) const;

private:
  SortedSamples samples_;
};

} // namespace nladc::quant
