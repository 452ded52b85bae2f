#include "design/CharacterizedComparator.hh"

#include "netlist/AnalogBlocks.hh"
#include "util/Error.hh"

#include <cmath>
#include <fmt/format.h>

namespace nladc::design {

namespace {

// Sizes agree when they differ by rounding only (comparator.json keeps 17 digits).
bool sameSize(double a, double b)
{
  return std::abs(a - b) <= 1e-9 * std::abs(b);
}

// InputError unless the characterisation was made for this technology
// (its name) and the input pair its sizing gives.
void checkMadeFor(const adc::Technology& t, const adc::CharacterizedComparator& c)
{
  const std::string file = c.file.string();
  if (c.technology != t.name)
    throw InputError(
        fmt::format("{}: the comparator was characterised for technology '{}', not '{}'", file, c.technology, t.name));
  const netlist::TransistorSize input = netlist::comparatorSizing(t).input;
  if (!sameSize(c.inputWidth, input.w) || !sameSize(c.inputLength, input.l))
    throw InputError(fmt::format("{}: the comparator was characterised with an input pair W/L = {:.4g}/{:.4g} um; "
                                 "{} sizes it {:.4g}/{:.4g} um",
                                 file, c.inputWidth * 1e6, c.inputLength * 1e6, t.file.string(), input.w * 1e6,
                                 input.l * 1e6));
}

} // namespace

adc::Technology withCharacterizedComparator(adc::Technology t, const adc::CharacterizedComparator& c,
                                            ComparatorSigmaSource& source)
{
  checkMadeFor(t, c);
  if (!t.design)
    throw InputError(
        fmt::format("{}: the technology has no design section to size the comparator with", t.file.string()));
  source = {c.file.string(), c.sigma() / c.analyticOffsetSigma};
  t.design->comparatorAVt *= source.ratio;
  return t;
}

adc::Technology withCharacterizedOffset(adc::Technology t, const adc::CharacterizedComparator& c)
{
  checkMadeFor(t, c);
  t.variation.comparatorOffsetSigma = c.sigma();
  t.comparator.offset = c.mean();
  return t;
}

} // namespace nladc::design
