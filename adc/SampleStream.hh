#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>

namespace nladc::adc {

// SplitMix64's output function: a bijective mixer of 64-bit words.
constexpr uint64_t mixBits(uint64_t z)
{
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// A counter-based generator: draw k of sample `index` is a hash of
// (seed, index, k) — SplitMix64 (Steele et al., OOPSLA 2014) on a counter
// whose start mixes seed and index — so every sample has its own stream,
// cheap to start (an mt19937 would spend more on seeding than the sample on
// its draws), and a Monte Carlo run's results do not depend on which worker
// draws which sample. Uniform and normal draws are written out here rather
// than taken from <random>, whose distributions differ between standard
// libraries: a sample is the same on every machine.
class SampleStream {
public:
  SampleStream(uint64_t seed, uint64_t index) : counter_(mixBits(mixBits(seed) ^ index)) {}

  // Uniform in [0, 1) from the top 53 bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Standard normal by Box–Muller (one of the pair; the stream is cheap).
  double normal()
  {
    const double u = 1.0 - uniform(); // (0, 1]: the logarithm stays finite
    const double v = uniform();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * std::numbers::pi * v);
  }

private:
  uint64_t next() { return mixBits(counter_ += 0x9e3779b97f4a7c15ULL); }
  uint64_t counter_;
};

} // namespace nladc::adc
