#pragma once

#include "quant/BsKmq.hh"
#include "quant/LevelSet.hh"
#include "quant/SortedSamples.hh"

#include <cstdint>
#include <string_view>
#include <vector>

namespace nladc::quant {

enum class Method { linear, cdf, lloydMax, kmeans, kmeansOptimal, bsKmq };

// Every method, in the order reports list them (baselines first).
const std::vector<Method>& allMethods();
std::string_view methodName(Method method);
Method parseMethod(std::string_view name); // throws InputError listing the names

struct FitOptions {
  int bits = 3;
  uint64_t seed = 1;
  BsKmqOptions bsKmq;
};

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
