// Energy per conversion (layout_est/AdcEnergy, SwitchingEnergy,
// ComparatorEnergy; docs/energy.md): the DAC's closed form against an
// enumeration of its switching, the breakdown, its scaling with columns
// and decisions, and the linear SAR's Walden figure of merit against the
// published range.

#include "layout_est/AdcEnergy.hh"
#include "layout_est/SwitchingEnergy.hh"
#include "netlist/ThresholdGrid.hh"
#include "tests/support/AreaComparisons.hh"
#include "util/Error.hh"

#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <string>

using namespace nladc;
using nladc::testing::comparison;
using nladc::testing::technology;

namespace {

const layout_est::BlockEnergy& block(const layout_est::DesignArea& d, const std::string& name)
{
  for (const layout_est::BlockEnergy& b : d.energy->blocks)
    if (b.name == name)
      return b;
  FAIL("no energy block " << name << " in " << d.name);
  throw;
}

const layout_est::DesignArea& design(const layout_est::AreaComparison& c, const std::string& name)
{
  for (const layout_est::DesignArea& d : c.designs)
    if (d.name == name)
      return d;
  FAIL("no design " << name);
  throw;
}

// The conventional scheme's every step, written out for one input: the
// reference's energy as charge it delivers, from the bottom plates'
// voltages before and after each step (an independent reading of
// switchingSequenceEnergy's model, for the SAR's own codes).
double handSarEnergy(int bits, long leaf)
{
  const double n = std::ldexp(1.0, bits);
  const double input = (static_cast<double>(leaf) + 0.5) / n;
  std::vector<double> caps{1.0};
  for (int i = 0; i < bits; ++i)
    caps.push_back(std::ldexp(1.0, i));
  std::vector<double> bottom(caps.size(), 0.0);
  double top = -input;
  long code = 0;
  double energy = 0.0;
  for (int s = bits - 1; s >= 0; --s) {
    const long trial = code | (1L << s);
    const double newTop = -input + static_cast<double>(trial) / n;
    for (size_t k = 1; k < caps.size(); ++k)
      if ((trial >> (k - 1)) & 1L)
        energy += caps[k] * ((1.0 - newTop) - (bottom[k] - top));
    for (size_t k = 1; k < caps.size(); ++k)
      bottom[k] = static_cast<double>((trial >> (k - 1)) & 1L);
    top = newTop;
    if (input >= static_cast<double>(trial) / n)
      code = trial;
  }
  return energy;
}

} // namespace

TEST_CASE("the conventional switching energy's closed form is the enumeration of every code")
{
  for (int bits = 1; bits <= 10; ++bits) {
    std::vector<long> linear;
    for (long m = 1; m < (1L << bits); ++m)
      linear.push_back(m);
    double byHand = 0.0;
    for (long leaf = 0; leaf < (1L << bits); ++leaf)
      byHand += handSarEnergy(bits, leaf) / std::ldexp(1.0, bits);
    const double enumerated = layout_est::searchSwitchingEnergy(bits, linear);
    CHECK(enumerated == Approx(byHand).epsilon(1e-12));
    CHECK(layout_est::conventionalSwitchingEnergy(bits) == Approx(enumerated).epsilon(1e-12));
  }
  // One bit: the MSB unit charged by V_ref/2 from V_in − 0 to V_ref − V_ref/2 + V_in.
  CHECK(layout_est::conventionalSwitchingEnergy(1) == Approx(0.5));
  // The 10-bit differential figure of Ginsburg & Chandrakasan, 1363.3 C·V², halved.
  CHECK(2.0 * layout_est::conventionalSwitchingEnergy(10) == Approx(1363.3).epsilon(1e-4));
}

TEST_CASE("a nonlinear search's switching energy follows its thresholds")
{
  // The same thresholds on a finer grid draw the same energy per C_total.
  const std::vector<long> coarse{1, 2, 3};
  const std::vector<long> fine{4, 8, 12};
  CHECK(layout_est::searchSwitchingEnergy(4, fine) / 16.0 ==
        Approx(layout_est::searchSwitchingEnergy(2, coarse) / 4.0).epsilon(1e-12));
  // Thresholds crowded low leave most inputs in the top bin: less energy
  // than the linear set, whose middle threshold is reached by half of them.
  CHECK(layout_est::searchSwitchingEnergy(4, {1, 2, 3}) < layout_est::searchSwitchingEnergy(4, fine));
  CHECK_THROWS_AS(layout_est::searchSwitchingEnergy(4, {1, 2}), InputError);
}

TEST_CASE("every design's energy breakdown sums to its energy per conversion")
{
  const adc::Technology t = technology("generic-65nm");
  const layout_est::AreaComparison c = comparison(t, 3, 128);
  REQUIRE(c.designs.size() == 5);
  for (const layout_est::DesignArea& d : c.designs) {
    REQUIRE(d.energy);
    double sum = 0.0;
    for (const layout_est::BlockEnergy& b : d.energy->blocks) {
      CHECK(b.energy >= 0.0);
      sum += b.energy / b.sharedBy;
    }
    CHECK(d.energy->perConversion() == Approx(sum).epsilon(1e-12));
    CHECK(d.energy->perConversion() > 0.0);
  }
}

TEST_CASE("shared blocks' energy per column falls as 1 over the columns")
{
  const adc::Technology t = technology("generic-65nm");
  const layout_est::AreaComparison narrow = comparison(t, 3, 64);
  const layout_est::AreaComparison wide = comparison(t, 3, 128);
  for (const char* shared :
       {"reference_column", "calibration_cells", "word_lines", "integrator", "counter", "control"}) {
    INFO(shared);
    CHECK(block(narrow.inMemory(), shared).perColumn() == Approx(2.0 * block(wide.inMemory(), shared).perColumn()));
  }
  CHECK(block(narrow.designs[1], "threshold_registers").perColumn() ==
        Approx(2.0 * block(wide.designs[1], "threshold_registers").perColumn()));
  // Per-column blocks do not move.
  CHECK(block(narrow.inMemory(), "column_latch").perColumn() ==
        Approx(block(wide.inMemory(), "column_latch").perColumn()));
  CHECK(block(narrow.inMemory(), "comparator").perColumn() == Approx(block(wide.inMemory(), "comparator").perColumn()));
}

TEST_CASE("comparator energy is the decisions times the energy of one")
{
  const adc::Technology t = technology("generic-65nm");
  const double decision = layout_est::analyticComparatorEnergy(t);
  for (const int bits : {2, 3, 4}) {
    INFO(bits << " bits");
    const layout_est::AreaComparison c = comparison(t, bits, 128);
    const double levels = std::ldexp(1.0, bits);
    CHECK(block(c.inMemory(), "comparator").energy == Approx(levels * decision)); // one decision per slot
    CHECK(block(design(c, "nl-flash"), "comparators").energy == Approx((levels - 1.0) * decision));
    CHECK(block(design(c, "nl-sar"), "comparator").energy == Approx(bits * decision));
    CHECK(block(design(c, "sar"), "comparator").energy == Approx(bits * decision));
  }
  // A characterisation replaces the analytic energy at the sizes it was made for.
  const layout_est::ComparatorEnergy characterised(3.0 * decision, t, "comparator.json");
  const layout_est::AreaComparison c = comparison(t, 3, 128, characterised);
  CHECK(block(c.inMemory(), "comparator").energy == Approx(8.0 * 3.0 * decision));
  CHECK(c.inMemory().energy->comparatorSource.find("characterised") != std::string::npos);
}

TEST_CASE("the linear SAR's Walden figure of merit lies in the published range for 65 nm SAR ADCs")
{
  // B. Murmann, "ADC Performance Survey 1997-2025" (github.com/bmurmann/
  // ADC-survey, xls/ADCsurvey_rev20250609.xlsx): the 19 ISSCC and VLSI
  // designs with ARCHITECTURE = SAR and TECHNOLOGY = 0.065 µm have a
  // Walden FoM (FOMW_hf) of 0.35 to 308 fJ/conversion-step (median 11).
  // FoM = E_conv / 2^ENOB, ENOB taken as the ideal SAR's bits.
  constexpr double lowestPublished = 0.35e-15;
  constexpr double highestPublished = 308e-15;
  const adc::Technology t = technology("generic-65nm");
  for (const int bits : {3, 5}) {
    INFO(bits << " bits");
    const layout_est::AreaComparison c = comparison(t, bits, 128);
    const layout_est::DesignArea& sar = design(c, "sar");
    REQUIRE(sar.bits == bits);
    const double fom = sar.energy->perConversion() / std::ldexp(1.0, bits);
    CHECK(fom > lowestPublished);
    CHECK(fom < highestPublished);
  }
}

TEST_CASE("a technology without an energy section gets no energy, and a characterisation needs one")
{
  adc::Technology t = technology("generic-65nm");
  t.energy.reset();
  const layout_est::AreaComparison c = comparison(t, 3, 128);
  for (const layout_est::DesignArea& d : c.designs)
    CHECK(!d.energy);
  CHECK_THROWS_AS(layout_est::analyticComparatorEnergy(t), InputError);
}
