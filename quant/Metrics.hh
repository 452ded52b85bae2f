#pragma once

#include "quant/LevelSet.hh"
#include "quant/SortedSamples.hh"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>

namespace nladc::quant {

// Quantization error of a level set on samples (DESIGN.md §3). Samples are
// not clamped: error from outside the domain is real error.
struct Metrics {
  double mse = 0.0;         // mean (x − q(x))²
  double nmse = 0.0;        // mse / var(x)
  double sqnrDb = 0.0;      // 10·log10(mean x² / mse); +inf when mse is 0
  double mseInterior = 0.0; // mse over samples outside both boundary bands
  double maxAbsErr = 0.0;
  size_t levelsUsed = 0; // levels that receive at least one sample
  uint64_t samples = 0;
};

// One pass over the distinct values (unclamped) with their weights,
// independent of the fitting code's prefix sums. The boundary bands are
// those of BS-KMQ on the set's domain.
Metrics evaluate(const LevelSet& set, const SortedSamples& samples, double boundaryEps);
// The same on raw samples (finite), through SortedSamples.
Metrics evaluate(const LevelSet& set, std::span<const float> samples, double boundaryEps);

// The level file's "metrics" object (sqnr_db is null when infinite).
nlohmann::json toJson(const Metrics& metrics);

} // namespace nladc::quant
