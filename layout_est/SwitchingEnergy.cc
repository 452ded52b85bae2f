#include "layout_est/SwitchingEnergy.hh"

#include "util/Error.hh"

#include <cmath>
#include <fmt/format.h>

namespace nladc::layout_est {

namespace {

// Capacitor k of the DAC in units: k = 0 the dummy, k ≥ 1 bit k − 1.
double unitsOf(int k)
{
  return k == 0 ? 1.0 : std::ldexp(1.0, k - 1);
}

bool bottomAtReference(long code, int k)
{
  return k > 0 && ((code >> (k - 1)) & 1L) != 0;
}

} // namespace

double switchingSequenceEnergy(int dacBits, const std::vector<long>& codes, double input)
{
  const double steps = std::ldexp(1.0, dacBits);
  long previousCode = 0;
  double previousTop = -input;
  double energy = 0.0;
  for (const long code : codes) {
    const double top = -input + static_cast<double>(code) / steps;
    for (int k = 0; k <= dacBits; ++k)
      if (bottomAtReference(code, k)) {
        const double before = (bottomAtReference(previousCode, k) ? 1.0 : 0.0) - previousTop;
        energy += unitsOf(k) * ((1.0 - top) - before);
      }
    previousCode = code;
    previousTop = top;
  }
  return energy;
}

double searchSwitchingEnergy(int dacBits, const std::vector<long>& thresholdCodes)
{
  const long levels = static_cast<long>(thresholdCodes.size()) + 1;
  const int bits = static_cast<int>(std::lround(std::log2(static_cast<double>(levels))));
  if (levels < 2 || (1L << bits) != levels)
    throw InputError(fmt::format("a binary search needs 2^b − 1 thresholds, got {}", thresholdCodes.size()));
  const double steps = std::ldexp(1.0, dacBits);
  double average = 0.0;
  for (long leaf = 0; leaf < levels; ++leaf) {
    const double lo = leaf == 0 ? 0.0 : static_cast<double>(thresholdCodes[static_cast<size_t>(leaf - 1)]) / steps;
    const double hi = leaf + 1 == levels ? 1.0 : static_cast<double>(thresholdCodes[static_cast<size_t>(leaf)]) / steps;
    std::vector<long> sequence;
    for (int s = bits - 1; s >= 0; --s) {
      const long trial = ((leaf >> (s + 1)) << (s + 1)) | (1L << s);
      sequence.push_back(thresholdCodes[static_cast<size_t>(trial - 1)]);
    }
    average += (hi - lo) * switchingSequenceEnergy(dacBits, sequence, 0.5 * (lo + hi));
  }
  return average;
}

double conventionalSwitchingEnergy(int bits)
{
  double differential = 0.0;
  for (int i = 1; i <= bits; ++i)
    differential += std::ldexp(1.0, bits + 1 - 2 * i) * (std::ldexp(1.0, i) - 1.0);
  return 0.5 * differential;
}

} // namespace nladc::layout_est
