// Device-level area of hand-countable circuits against hand calculation
// with the generic 65 nm rules (examples/tech/generic-65nm.yaml).

#include "adc/TechnologyReader.hh"
#include "layout_est/CircuitArea.hh"
#include "layout_est/DeviceArea.hh"
#include "netlist/AnalogBlocks.hh"
#include "netlist/CellLibrary.hh"
#include "netlist/DigitalBlocks.hh"
#include "util/Error.hh"

#include <catch2/catch.hpp>
#include <filesystem>

using namespace nladc;
namespace fs = std::filesystem;

namespace {

const adc::Technology& tech65()
{
  static const adc::Technology t = adc::readTechnology(fs::path(NLADC_EXAMPLES_DIR) / "tech" / "generic-65nm.yaml");
  return t;
}

netlist::Circuit circuitOf(netlist::Subcircuit block)
{
  netlist::Circuit c;
  c.title = "hand";
  c.subcircuits.push_back(std::move(block));
  return c;
}

constexpr double um = 1e-6;
constexpr double um2 = 1e-12;

} // namespace

TEST_CASE("a single transistor's footprint is the hand-calculated one")
{
  // W = 1 µm, L = 65 nm: √(1 µm / 0.22 µm) = 2.13 → 2 fingers of 0.5 µm.
  // height 0.5 + 2·0.08 = 0.66 µm, length 0.22 + 0.065 + 2·0.15 = 0.585 µm,
  // plus 0.12 µm of spacing each way: 0.78 × 0.705 µm².
  const adc::Technology& t = tech65();
  CHECK(layout_est::transistorFingers(t, 1 * um, 0.065 * um) == 2);
  CHECK(layout_est::transistorArea(t, 1 * um, 0.065 * um) / um2 == Approx(0.78 * 0.705));
  // A minimum device stays one finger: (0.13 + 0.16 + 0.12) × (0.065 + 0.3 + 0.12).
  CHECK(layout_est::transistorFingers(t, 0.13 * um, 0.065 * um) == 1);
  CHECK(layout_est::transistorArea(t, 0.13 * um, 0.065 * um) / um2 == Approx(0.41 * 0.485));

  const netlist::Circuit c = circuitOf(
      {"one", {"d", "g", "s"}, {netlist::mosfet("M1", false, {"d", "g", "s", "0"}, {1 * um, 0.065 * um})}, {}});
  CHECK(layout_est::subcircuitDeviceArea(c, "one", t) / um2 == Approx(0.78 * 0.705));
}

TEST_CASE("a capacitor array is its capacitance over the MOM density")
{
  // 4 bits on 1 fF units: 16 fF of MOM at 1.5 fF/µm² = 10.667 µm², plus 5
  // inverters (2/3 of a 1.66 µm² NAND2 each) and one minimum sampling switch.
  const adc::Technology& t = tech65();
  const netlist::Circuit c = circuitOf(netlist::capacitiveDacBlock("dac", 4, 1e-15, 0.13 * um, 0.065 * um));
  const double expected = 16.0 / 1.5 + 5 * 1.11 + 0.41 * 0.485;
  CHECK(layout_est::subcircuitDeviceArea(c, "dac", t) / um2 == Approx(expected));
  // MIM where asked: 2 fF/µm².
  CHECK(layout_est::capacitorArea(t.area, 1e-12, true) / um2 == Approx(500.0));
  CHECK(layout_est::capacitorArea(t.area, 1e-12, false) / um2 == Approx(1000.0 / 1.5));
}

TEST_CASE("a latch register and a 1T1R cell count their library areas")
{
  const adc::Technology& t = tech65();
  // A 3-bit latch register: 3 DLH latches of 5.55 µm² (generic-65nm.yaml).
  const netlist::Circuit latch = circuitOf(netlist::latchBlock("latch", 3));
  CHECK(layout_est::subcircuitDeviceArea(latch, "latch", t) / um2 == Approx(3 * 5.55));
  // A 1T1R cell: 33 F² at F = 65 nm.
  CHECK(layout_est::libraryCellArea(t, netlist::LibraryCell::rramCell) / um2 == Approx(33 * 0.065 * 0.065));
  // A counter: flip-flops, toggles and the carry chain.
  const netlist::Circuit counter = circuitOf(netlist::counterBlock("counter", 3));
  CHECK(layout_est::subcircuitDeviceArea(counter, "counter", t) / um2 ==
        Approx(3 * 9.4 + 3 * 3.33 + 2 * 1.66 + 2 * 1.11));
}

TEST_CASE("instances count once per instance, and devices without a rule are errors")
{
  const adc::Technology& t = tech65();
  netlist::Circuit c = circuitOf(netlist::latchBlock("latch", 1));
  c.subcircuits.push_back({"two",
                           {},
                           {netlist::Device{"X1", netlist::DeviceKind::instance, {"a", "b", "c"}, "latch", "", {}},
                            netlist::Device{"X2", netlist::DeviceKind::instance, {"a", "b", "c"}, "latch", "", {}}},
                           {}});
  CHECK(layout_est::subcircuitDeviceArea(c, "two", t) == Approx(2 * layout_est::subcircuitDeviceArea(c, "latch", t)));

  c.subcircuits.push_back(
      {"bad", {}, {netlist::Device{"V1", netlist::DeviceKind::voltageSource, {"a", "0"}, "", "DC 1", {}}}, {}});
  CHECK_THROWS_AS(layout_est::subcircuitDeviceArea(c, "bad", t), InputError);
  c.subcircuits.push_back({"loop", {}, {netlist::Device{"X1", netlist::DeviceKind::instance, {}, "loop", "", {}}}, {}});
  CHECK_THROWS_AS(layout_est::subcircuitDeviceArea(c, "loop", t), InputError);
  c.subcircuits.push_back(
      {"undef", {}, {netlist::Device{"X1", netlist::DeviceKind::instance, {}, "nowhere", "", {}}}, {}});
  CHECK_THROWS_AS(layout_est::subcircuitDeviceArea(c, "undef", t), InputError);
}
