#pragma once

#include "quant/BsKmq.hh"
#include "quant/ExpectedError.hh"
#include "quant/LevelSet.hh"
#include "quant/SortedSamples.hh"

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace nladc::quant {

enum class Method { linear, cdf, lloydMax, kmeans, kmeansOptimal, bsKmq, variationAware };

// The methods `--method all` and the flow fit, in the order reports list
// them (baselines first). variation-aware needs a threshold sigma, so it is
// fitted only when named.
const std::vector<Method>& allMethods();
std::string_view methodName(Method method);
Method parseMethod(std::string_view name); // throws InputError listing the names

struct FitOptions {
  int bits = 3;
  uint64_t seed = 1;
  BsKmqOptions bsKmq;
  // The jitter of the realised thresholds (DESIGN.md §8), which
  // variation-aware fits to and the expected MSE measures: σ in activation
  // units, a constant, or a model σ(t) of the circuit that replaces it.
  std::optional<double> thresholdSigma;
  ThresholdSigma thresholdSigmaModel;
  size_t gridPoints = 2048; // variation-aware's candidate thresholds
  // Whether variation-aware treats pile-ups as BS-KMQ does (with bsKmq's
  // options); without it, it fits all samples alike, as kmeans-optimal does.
  bool variationBoundary = false;
};

// σ(t) from the options: the model, else the constant, else empty. InputError
// for a constant that is negative or not finite.
ThresholdSigma thresholdSigmaOf(const FitOptions& options);

// Supported resolutions: an NL-ADC of 1 to 10 bits.
constexpr int minBits = 1;
constexpr int maxBits = 10;

// Fits one level set of 2^bits levels. Requires at least that many distinct
// values (InputError otherwise). Fills levels, thresholds, method, bits,
// domain and params; name, source and metrics are the caller's.
LevelSet fitLevelSet(Method method, const SortedSamples& samples, const Domain& domain, const FitOptions& options);

// The options a level set was fitted with, read back from its params
// (defaults for what a params object does not record), so a refit at other
// bits uses the same seed and BS-KMQ settings.
FitOptions fitOptionsOf(const LevelSet& set);

} // namespace nladc::quant
