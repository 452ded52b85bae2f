#include "layout_est/ComparatorEnergy.hh"

#include "adc/ComparatorReportReader.hh"
#include "netlist/AnalogBlocks.hh"
#include "util/Error.hh"
#include "util/Text.hh"

#include <cmath>
#include <fmt/format.h>

namespace nladc::layout_est {

double analyticComparatorEnergy(const adc::Technology& t)
{
  if (!t.energy)
    throw InputError(fmt::format("{}: an energy estimate needs the technology's energy section", t.file.string()));
  const netlist::ComparatorSizing s = netlist::comparatorSizing(t);
  const double cj = t.energy->junctionCapacitance;
  const auto gate = [&](const netlist::TransistorSize& d) { return t.energy->gateCapacitance * d.w * d.l; };
  // xp: M1's drain, M4's source, M10's drain (xn alike).
  const double internal = cj * (s.input.w + s.latchN.w + s.reset.w);
  // The tail: M3's drain and the input pair's sources.
  const double tail = cj * (s.tail.w + 2.0 * s.input.w);
  // An output: the drains of its latch NMOS, latch PMOS and reset PMOS, and
  // the gates of the other side's latch pair.
  const double output = cj * (s.latchN.w + s.latchP.w + s.reset.w) + gate(s.latchN) + gate(s.latchP);
  // The clock: the tail's gate and the four reset gates.
  const double clock = gate(s.tail) + 4.0 * gate(s.reset);
  const double vdd = t.supply;
  return (2.0 * internal + tail + output + clock) * vdd * vdd + t.energy->nand2Energy;
}

ComparatorEnergy::ComparatorEnergy(double joules, const adc::Technology& technology, std::filesystem::path file)
    : characterisedOverAnalytic_(joules / analyticComparatorEnergy(technology)),
      source_(fmt::format("characterised ({}: {:.4g} J per decision)", file.string(), joules))
{
}

double ComparatorEnergy::perDecision(const adc::Technology& technology) const
{
  return characterisedOverAnalytic_ * analyticComparatorEnergy(technology);
}

ComparatorEnergy readComparatorEnergy(const std::filesystem::path& file, const adc::Technology& technology)
{
  const adc::CharacterizedComparator c = adc::readComparatorReport(file);
  if (c.technology != technology.name)
    throw InputError(fmt::format("{}: technology: characterised for '{}', but the technology is '{}'", file.string(),
                                 printableExcerpt(c.technology), technology.name));
  return ComparatorEnergy(c.energy(), technology, file);
}

} // namespace nladc::layout_est
