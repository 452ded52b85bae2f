#pragma once

#include "quant/LevelSet.hh"
#include "quant/SortedSamples.hh"

#include <span>
#include <vector>

namespace nladc::quant {

// The error a level set makes on activation data when other thresholds —
// those a circuit realises — decide the code, and the level file's levels
// reconstruct it (DESIGN.md §5, "effective MSE"). Sorted once; each query
// costs O(K log n), so a Monte Carlo run can ask for every sample.
class EffectiveError {
public:
  // The samples are kept whole (the domain is widened to hold them): error
  // from outside the level set's domain is real error.
  EffectiveError(const SortedSamples& samples, const LevelSet& set);

  // Mean (x − c_code(x))² with code(x) = #{thresholds ≤ x}. The thresholds
  // need not be sorted: a code counts them, so their order does not matter.
  double mse(std::vector<double> thresholds) const;
  // The fraction of samples whose code differs from the level set's own.
  double codeErrorRate(std::vector<double> thresholds) const;
  // mse() at the level set's own thresholds.
  double idealMse() const { return mse(set_.thresholds); }
  uint64_t sampleCount() const { return static_cast<uint64_t>(samples_.totalWeight()); }

private:
  LevelSet set_;
  SortedSamples samples_;
};

} // namespace nladc::quant
