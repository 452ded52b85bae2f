#include "layout_est/ComparatorEnergy.hh"

#include "netlist/AnalogBlocks.hh"
#include "util/BoundedFile.hh"
#include "util/Error.hh"
#include "util/Text.hh"

#include <cmath>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace nladc::layout_est {

namespace {

// A comparator characterisation is a small JSON document.
constexpr std::uintmax_t maxCharacterisationBytes = 16 << 20;

} // namespace

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
  const std::string label = file.string();
  const std::string text = readBoundedFile(file, maxCharacterisationBytes, "comparator characterisation");
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("{}: not JSON: {}", label, printableExcerpt(e.what(), 200)));
  }
  if (!document.is_object())
    throw InputError(
        fmt::format("{}: expected a JSON object (a comparator.json of nladc characterize comparator)", label));
  const auto technologyName = document.find("technology");
  if (technologyName == document.end() || !technologyName->is_string())
    throw InputError(fmt::format("{}: technology: missing or not a string", label));
  if (technologyName->get<std::string>() != technology.name)
    throw InputError(fmt::format("{}: technology: characterised for '{}', but the technology is '{}'", label,
                                 printableExcerpt(technologyName->get<std::string>()), technology.name));
  const auto energy = document.find("energy_per_decision_J");
  if (energy == document.end() || !energy->is_number() || !(energy->get<double>() > 0.0) ||
      !std::isfinite(energy->get<double>()))
    throw InputError(fmt::format("{}: energy_per_decision_J: missing or not a positive number", label));
  return ComparatorEnergy(energy->get<double>(), technology, file);
}

} // namespace nladc::layout_est
