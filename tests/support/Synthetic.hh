#pragma once

// Deterministic synthetic samples for tests and benchmarks. The generators
// are written out (Box–Muller on mt19937_64's top 53 bits) so the numbers
// are the same with every standard library.

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace nladc::testing {

class RandomStream {
public:
  explicit RandomStream(uint64_t seed) : rng_(seed) {}

  double uniform() { return static_cast<double>(rng_() >> 11) * 0x1.0p-53; }

  double normal()
  {
    double u = uniform();
    while (u <= 0.0)
      u = uniform();
    const double v = uniform();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * M_PI * v);
  }

private:
  std::mt19937_64 rng_;
};

inline std::vector<float> standardNormal(size_t n, uint64_t seed)
{
  RandomStream source(seed);
  std::vector<float> x(n);
  for (float& v : x)
    v = static_cast<float>(source.normal());
  return x;
}

// The shape of ReLU6 activations DESIGN.md §1 describes, on [0, 6]: a point
// mass at 0 (ReLU) and at 6 (the clamp), a pile-up just inside each edge
// (within the first and last quarter of BS-KMQ's default band, 1e-3 of the
// domain), and a continuous lognormal interior kept clear of the bands.
struct ReluShape {
  double zeroMass = 0.30;
  double clampMass = 0.05;
  double lowPileMass = 0.03;
  double highPileMass = 0.03;
  double hi = 6.0;
};

// One sample of reluShaped's distribution, drawn from source; reluShaped is
// n of these in a row, so a streaming writer (bench/make_activations.cc)
// produces the same samples without holding them.
inline float reluShapedSample(RandomStream& source, const ReluShape& shape = {})
{
  const double quarterBand = 0.25e-3 * shape.hi;
  const double u = source.uniform();
  double value;
  if (u < shape.zeroMass) {
    value = 0.0;
  } else if (u < shape.zeroMass + shape.clampMass) {
    value = shape.hi;
  } else if (u < shape.zeroMass + shape.clampMass + shape.lowPileMass) {
    value = quarterBand * (0.05 + 0.95 * source.uniform());
  } else if (u < shape.zeroMass + shape.clampMass + shape.lowPileMass + shape.highPileMass) {
    value = shape.hi - quarterBand * (0.05 + 0.95 * source.uniform());
  } else {
    do
      value = std::exp(0.2 + 0.7 * source.normal());
    while (value < 0.01 * shape.hi || value > 0.99 * shape.hi);
  }
  return static_cast<float>(value);
}

inline std::vector<float> reluShaped(size_t n, uint64_t seed, const ReluShape& shape = {})
{
  RandomStream source(seed);
  std::vector<float> x(n);
  for (float& v : x)
    v = reluShapedSample(source, shape);
  return x;
}

} // namespace nladc::testing
