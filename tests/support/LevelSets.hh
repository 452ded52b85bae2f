#pragma once

// Level sets fitted to the synthetic ReLU6-shaped samples, for the tests of
// the modules above quant/.

#include "quant/Method.hh"
#include "tests/support/Synthetic.hh"

namespace nladc::testing {

inline quant::LevelSet reluLevelSet(quant::Method method, int bits)
{
  static const std::vector<float> x = reluShaped(50000, 8);
  const quant::Domain domain{0.0, 6.0};
  const quant::SortedSamples samples(x, domain);
  quant::FitOptions options;
  options.bits = bits;
  quant::LevelSet set = quant::fitLevelSet(method, samples, domain, options);
  set.name = "relu6";
  return set;
}

} // namespace nladc::testing
