#pragma once

#include "quant/BsKmq.hh"
#include "quant/Domain.hh"
#include "quant/ExpectedError.hh"
#include "quant/LevelSet.hh"
#include "quant/SortedSamples.hh"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
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

// A circuit's σ(t) for a level set of levelCount levels on `domain`: in
// activation units it depends on how the domain maps to the circuit's full
// scale, and a ramp's accumulated error on its number of steps. The domain
// is chosen per tensor while fitting, so the caller supplies the model, not
// σ(t) (adc/ThresholdJitter.hh makes one from a technology).
using ThresholdSigmaModel = std::function<ThresholdSigma(const Domain& domain, size_t levelCount)>;

struct FitOptions {
  int bits = 3;
  uint64_t seed = 1;
  BsKmqOptions bsKmq;
  // The jitter of the realised thresholds (DESIGN.md §8), which
  // variation-aware fits to and the expected MSE measures: σ in activation
  // units, a constant, or a circuit's model that replaces it, with what the
  // model came from (a technology's name) for the level file's params.
  std::optional<double> thresholdSigma;
  ThresholdSigmaModel thresholdSigmaModel;
  std::string thresholdSigmaSource;
  size_t gridPoints = 2048; // variation-aware's candidate thresholds
  // Whether variation-aware treats pile-ups as BS-KMQ does (with bsKmq's
  // options); without it, it fits all samples alike, as kmeans-optimal does.
  bool variationBoundary = false;
};

// Whether the options give a threshold sigma (a constant or a model).
bool hasThresholdSigma(const FitOptions& options);

// σ(t) of a level set of levelCount levels on `domain`: the model's, else
// the constant, else empty. InputError for a constant that is negative or
// not finite.
ThresholdSigma thresholdSigmaOf(const FitOptions& options, const Domain& domain, size_t levelCount);

// Supported resolutions: an NL-ADC of 1 to 10 bits.
constexpr int minBits = 1;
constexpr int maxBits = 10;

// Fits one level set of 2^bits levels. Requires at least that many distinct
// values (InputError otherwise). Fills levels, thresholds, method, bits,
// domain and params; name, source and metrics are the caller's.
LevelSet fitLevelSet(Method method, const SortedSamples& samples, const Domain& domain, const FitOptions& options);

// The options a level set was fitted with, read back from its params
// (defaults for what a params object does not record), so a refit at other
// bits uses the same seed and BS-KMQ settings. A constant threshold sigma
// reads back; a model does not (params name only its source, and quant
// cannot read a technology): the caller supplies it again.
FitOptions fitOptionsOf(const LevelSet& set);

} // namespace nladc::quant
