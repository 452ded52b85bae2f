#include "quant/LinearFit.hh"

namespace nladc::quant {

LevelSet fitLinear(const Domain& domain, size_t levelCount)
{
  LevelSet set;
  const double step = domain.width() / static_cast<double>(levelCount);
  for (size_t k = 0; k < levelCount; ++k)
    set.levels.push_back(domain.lo + (static_cast<double>(k) + 0.5) * step);
  for (size_t k = 1; k < levelCount; ++k)
    set.thresholds.push_back(domain.lo + static_cast<double>(k) * step);
  return set;
}

} // namespace nladc::quant
