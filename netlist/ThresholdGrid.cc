#include "netlist/ThresholdGrid.hh"

#include "adc/ConversionMeasurement.hh"
#include "util/Error.hh"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace nladc::netlist {

namespace {

constexpr int maxGridBits = 24;

} // namespace

double thresholdStep(const quant::LevelSet& set, size_t j, StepRule rule)
{
  const std::vector<double>& t = set.thresholds;
  if (rule == StepRule::local)
    return adc::localStep(set, j) / set.domain.width();
  double narrowest = set.domain.width();
  if (rule == StepRule::smallest || t.size() == 1)
    narrowest = std::min(t.front() - set.domain.lo, set.domain.hi - t.back());
  for (size_t k = 1; k < t.size(); ++k)
    narrowest = std::min(narrowest, t[k] - t[k - 1]);
  return narrowest / set.domain.width();
}

double narrowestStep(const quant::LevelSet& set, StepRule rule)
{
  double narrowest = 1.0;
  for (size_t j = 0; j < set.thresholds.size(); ++j)
    narrowest = std::min(narrowest, thresholdStep(set, j, rule));
  return narrowest;
}

const char* stepRuleName(StepRule rule)
{
  switch (rule) {
  case StepRule::smallest: return "smallest";
  case StepRule::interior: return "interior";
  case StepRule::local: return "local";
  }
  return "";
}

StepRule parseStepRule(std::string_view name)
{
  for (const StepRule rule : {StepRule::smallest, StepRule::interior, StepRule::local})
    if (name == stepRuleName(rule))
      return rule;
  throw InputError(fmt::format("unknown step rule '{}' (smallest, interior or local)", name));
}

ThresholdGrid thresholdGrid(const quant::LevelSet& set, StepRule rule)
{
  const double lo = set.domain.lo;
  const double width = set.domain.width();
  for (int bits = 1; bits <= maxGridBits; ++bits) {
    const double steps = std::ldexp(1.0, bits);
    ThresholdGrid grid{bits, {}, 0.0};
    for (size_t j = 0; j < set.thresholds.size(); ++j) {
      const double position = (set.thresholds[j] - lo) / width;
      const long code = std::lround(position * steps);
      grid.codes.push_back(code);
      grid.worstError = std::max(grid.worstError, std::abs(position - code / steps) / thresholdStep(set, j, rule));
    }
    if (grid.worstError <= 0.25)
      return grid;
  }
  throw InputError(
      fmt::format("{}: thresholds too close for a {}-bit threshold grid (narrowest step {:.3g} of the domain)",
                  set.name, maxGridBits, narrowestStep(set, rule)));
}

} // namespace nladc::netlist
