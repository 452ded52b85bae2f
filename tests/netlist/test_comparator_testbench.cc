// The comparator's testbench: the same devices area counts, the blocks'
// model cards, the standard cells at transistor level, and a deck that the
// standalone ngspice runs and that decides with the right polarity.

#include "adc/TechnologyReader.hh"
#include "netlist/AnalogBlocks.hh"
#include "netlist/ComparatorTestbench.hh"
#include "netlist/Erc.hh"
#include "netlist/SpiceWriter.hh"
#include "util/Error.hh"

#include "tests/support/StandaloneNgspice.hh"
#include "tests/support/TempDir.hh"
#include "tests/support/Workspace.hh"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <regex>
#include <sys/wait.h>

namespace fs = std::filesystem;
using namespace nladc;

namespace {

adc::Technology bundled(const std::string& name)
{
  return adc::readTechnology(fs::path(NLADC_EXAMPLES_DIR) / "tech" / (name + ".yaml"));
}

// `out` at the end of the first evaluation half period, in the standalone
// ngspice, with `differential` = V(inp) − V(inn).
double outputAfterDecision(const adc::Technology& t, double differential)
{
  const netlist::ComparatorConditions c = netlist::comparatorConditions(t);
  netlist::Circuit deck = netlist::comparatorTestbench(t, {0.5 * c.clockPeriod, 0.2 * c.edgeTime});
  for (netlist::Device& d : deck.devices)
    if (d.name == "VINP" || d.name == "VINN")
      d.value = fmt::format("DC {:.12g}", c.commonMode + (d.name == "VINP" ? 0.5 : -0.5) * differential);
  deck.measures.push_back(fmt::format(".meas tran decided find v(out) at={:.12g}", 0.45 * c.clockPeriod));
  const testing::TempDir scratch("nladc_comparator");
  const fs::path file = scratch.path() / "comparator.sp";
  netlist::writeSpiceFile(file, deck);
  const std::string log = testing::runStandaloneNgspice(file);
  return testing::measuredValue(log, "decided");
}

} // namespace

TEST_CASE("the comparator testbench simulates the devices area counts, with the blocks' cards")
{
  const adc::Technology t = bundled("generic-65nm");
  const netlist::Circuit deck = netlist::comparatorTestbench(t, {1e-9, 1e-11});
  CHECK_NOTHROW(netlist::requireCleanGenerated(deck, "the comparator testbench"));
  std::vector<std::string> names;
  for (const netlist::Subcircuit& s : deck.subcircuits) {
    names.push_back(s.name);
    for (const netlist::Device& d : s.devices)
      if (d.kind == netlist::DeviceKind::mosfet)
        CHECK((d.model == t.blocks->nmos || d.model == t.blocks->pmos));
  }
  CHECK(names == std::vector<std::string>{"nladc_strongarm", "nladc_std_nand2"});

  // The StrongARM's 11 and the SR latch's two NAND2 of 4.
  const std::vector<netlist::TestbenchTransistor> transistors = netlist::comparatorTransistors(t);
  REQUIRE(transistors.size() == 11 + 2 * 4);
  CHECK(transistors.front().spiceName == "m.xcmp.m1");
  CHECK(transistors.back().spiceName == "m.xcmp.mxsr2_mpb");
  const netlist::TransistorSize input = netlist::comparatorSizing(t).input;
  CHECK(transistors.front().size.w == Approx(input.w));
  CHECK(transistors.front().size.l == Approx(input.l));
}

TEST_CASE("the comparator decides inp > inn as out high in the standalone ngspice")
{
  const adc::Technology t = bundled("generic-65nm");
  CHECK(outputAfterDecision(t, 5e-3) > 0.9 * t.supply);
  CHECK(outputAfterDecision(t, -5e-3) < 0.1 * t.supply);
}

TEST_CASE("a technology without a blocks section has no comparator to characterise")
{
  adc::Technology t = bundled("generic-65nm");
  t.blocks.reset();
  CHECK_THROWS_AS(netlist::comparatorConditions(t), InputError);
  CHECK_THROWS_WITH(netlist::comparatorTestbench(t, {1e-9, 1e-11}), Catch::Contains("has no blocks section"));
}

TEST_CASE("the front-end testbench holds the front end's devices, and the front end scales with its pairs")
{
  const adc::Technology t = bundled("generic-65nm");
  const double coupling = 14.27e-15;
  const netlist::FrontEndSizing drawn = netlist::frontEndSizing(t, coupling);
  // The file's 5 mV budget is the point the scaling was measured at: unscaled.
  CHECK(drawn.coupling == coupling);
  CHECK(drawn.biasCurrent == Approx(2e-6));
  CHECK(drawn.pair.w == netlist::comparatorSizing(t).input.w);
  CHECK(drawn.pair.l == netlist::comparatorSizing(t).input.l);

  // Every MOSFET of the front end and of its StrongARM (the SR latch's
  // NAND2s expanded) has a line of its own in the testbench.
  const netlist::FrontEndConditions c = netlist::frontEndConditions(t, coupling);
  const netlist::Circuit deck = netlist::frontEndTestbench(t, c, 0.2 * c.edgeTime);
  netlist::requireCleanGenerated(deck, "front-end testbench");
  const std::vector<netlist::TestbenchTransistor> transistors = netlist::frontEndTransistors(t, coupling);
  CHECK(transistors.size() == 13 + 11 + 8);
  CHECK(std::ranges::count_if(transistors, [](const auto& m) { return m.spiceName == "m.xfe.mxsa_mxsr1_mna"; }) == 1);

  // A 1.4 mV budget's pairs are 12.8 times the area: the coupling follows
  // their gate, the current (and the loads' and tail's widths) the
  // StrongARM's input gate, so gp's attenuation and the outputs' time
  // constant stay where they were measured.
  adc::Technology fine = t;
  fine.variation.comparatorOffsetSigma = 1.4e-3;
  const netlist::FrontEndSizing scaled = netlist::frontEndSizing(fine, coupling);
  const double gate = t.energy->gateCapacitance * scaled.pair.w * scaled.pair.l;
  CHECK(scaled.coupling == Approx(1.55 * gate));
  CHECK(scaled.coupling > 10.0 * coupling);
  const double scale = scaled.biasCurrent / drawn.biasCurrent;
  CHECK(scale == Approx(gate / 9.2e-15 * 2e-6 / drawn.biasCurrent));
  CHECK(scaled.load.w == Approx(drawn.load.w * scale));
  CHECK(scaled.tail.w == Approx(drawn.tail.w * scale));
  CHECK(scaled.load.l == drawn.load.l);
}
