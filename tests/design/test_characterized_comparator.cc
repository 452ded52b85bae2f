// `design --comparator`: the characterised/analytic σ ratio scales the
// A_VT the search sizes with, for the comparator it was measured on only.

#include "adc/TechnologyReader.hh"
#include "design/CharacterizedComparator.hh"
#include "netlist/AnalogBlocks.hh"
#include "util/Error.hh"

#include <catch2/catch.hpp>
#include <filesystem>

using namespace nladc;

namespace {

adc::Technology bundled65()
{
  return adc::readTechnology(std::filesystem::path(NLADC_EXAMPLES_DIR) / "tech" / "generic-65nm.yaml");
}

adc::CharacterizedComparator characterizationOf(const adc::Technology& t, double ratio)
{
  const netlist::TransistorSize input = netlist::comparatorSizing(t).input;
  const double analytic = t.comparatorAVt() / std::sqrt(input.w * input.l);
  return {"comparator.json", t.name, input.w, input.l, analytic, ratio * analytic, 0.0, 15e-15};
}

} // namespace

TEST_CASE("a characterised comparator scales the A_VT the design search sizes with by its sigma ratio")
{
  const adc::Technology t = bundled65();
  design::ComparatorSigmaSource source;
  const adc::Technology scaled = design::withCharacterizedComparator(t, characterizationOf(t, 1.25), source);
  CHECK(source.source == "comparator.json");
  CHECK(source.ratio == Approx(1.25));
  CHECK(scaled.comparatorAVt() == Approx(1.25 * t.comparatorAVt()));
  // Pelgrom: the same σ needs 1.25² the gate area.
  CHECK(scaled.comparatorGateArea(2e-3) == Approx(1.5625 * t.comparatorGateArea(2e-3)));
}

TEST_CASE("a characterisation of another technology or input pair is refused")
{
  const adc::Technology t = bundled65();
  design::ComparatorSigmaSource source;
  adc::CharacterizedComparator other = characterizationOf(t, 1.1);
  other.technology = "generic-16nm";
  CHECK_THROWS_WITH(design::withCharacterizedComparator(t, other, source),
                    Catch::Contains("characterised for technology 'generic-16nm', not 'generic-65nm'"));
  other = characterizationOf(t, 1.1);
  other.inputLength *= 2.0;
  CHECK_THROWS_AS(design::withCharacterizedComparator(t, other, source), InputError);
  CHECK(source.source == "analytic");
}
