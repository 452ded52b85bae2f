// The column front end characterised in ngspice: an injected threshold
// shift measured back with its mirror, and the Monte Carlo σ against the
// devices' sensitivities.

#include "adc/TechnologyReader.hh"
#include "spice/ComparatorCharacterization.hh"
#include "spice/ComparatorSimulation.hh"
#include "spice/FrontEndSimulation.hh"
#include "spice/NgspiceSession.hh"
#include "tests/support/TestbenchTransistors.hh"

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>

using namespace nladc;
using namespace nladc::spice;
using nladc::testing::transistorNamed;

namespace {

// conv1.relu's hold capacitance at 65 nm, the coupling a design gives.
constexpr double coupling = 14.27e-15;

adc::Technology bundled65()
{
  return adc::readTechnology(std::filesystem::path(NLADC_EXAMPLES_DIR) / "tech" / "generic-65nm.yaml");
}

std::vector<netlist::TransistorMismatch> nominalDevices(const FrontEndSimulation& simulation)
{
  return std::vector<netlist::TransistorMismatch>(simulation.transistors().size());
}

// The offset `mismatch` on `device` alone adds to the nominal one.
double offsetShift(const FrontEndSimulation& simulation, NgspiceSession& session, double nominal,
                   const std::string& device, netlist::TransistorMismatch mismatch)
{
  std::vector<netlist::TransistorMismatch> all = nominalDevices(simulation);
  all[transistorNamed(simulation, device)] = mismatch;
  return simulation.offset(session, all) - nominal;
}

} // namespace

TEST_CASE("a threshold shift on the front end's input pair is measured back, its mirror opposite, under 15 % of it")
{
  const adc::Technology t = bundled65();
  const FrontEndSimulation simulation(t, coupling, 60.0);
  NgspiceSession session;
  // Nominal devices: the code changes within 2 mV of the input, as a
  // transistor deck's test column (tests/spice/test_transistor_blocks.cc).
  const double nominal = simulation.offset(session, nominalDevices(simulation));
  CHECK(std::abs(nominal) < 2e-3);

  // M1 takes gp, which the ramp lifts: a higher threshold there needs more
  // ramp; on M2 (gn) less. Without the auto-zero the shift would reach the
  // input multiplied by gp's attenuation (C_in + C_ramp + gate)/C_in ≥ 2;
  // the auto-zero stores it on the coupling capacitors and leaves
  // 1/(1 + gain) of it, times that attenuation. Diode loads alone (a gain
  // near 4) left 0.41 of the shift; the cross-coupled loads' gain leaves
  // under a tenth (0.075, measured).
  const double shift = 10e-3;
  const double up = offsetShift(simulation, session, nominal, "m.xfe.m1", {shift, 1.0});
  const double down = offsetShift(simulation, session, nominal, "m.xfe.m2", {shift, 1.0});
  INFO("up " << up << " V, down " << down << " V");
  CHECK(up > 0.0);
  CHECK(down < 0.0);
  CHECK(up == Approx(-down).margin(0.1 * up));
  CHECK(up < 0.15 * shift);
}

TEST_CASE("the front end's characterised offset sigma against its devices' sensitivities")
{
  const adc::Technology t = bundled65();
  CharacterizationOptions options;
  options.samples = 40;
  options.jobs = 2;
  const FrontEndCharacterization c = characterizeFrontEnd(
      t, coupling, options, [](uint64_t, uint64_t) {}, [] { return false; });
  REQUIRE(c.complete);
  REQUIRE(okCount(c.samples) == options.samples);
  CHECK(c.resolution < 0.05 * offsetSigma(c.samples));

  // Each device's sensitivity (the offset of a ΔVth or Δβ/β on it alone)
  // times its Pelgrom σ, in quadrature over both devices of each pair.
  const FrontEndSimulation simulation(t, coupling, 60.0);
  NgspiceSession session;
  const double nominal = simulation.offset(session, nominalDevices(simulation));
  double predicted = 0.0;
  // (The equalizer is one device; the others come in pairs.)
  for (const auto& [device, count] : {std::pair{"m.xfe.m1", 2},
                                      {"m.xfe.m4", 2},
                                      {"m.xfe.m6", 2},
                                      {"m.xfe.mazp", 2},
                                      {"m.xfe.meq", 1},
                                      {"m.xfe.mxsa_m1", 2},
                                      {"m.xfe.mxsa_m4", 2},
                                      {"m.xfe.mxsa_m6", 2}}) {
    const netlist::TransistorSize size = simulation.transistors()[transistorNamed(simulation, device)].size;
    const double perDevice = 1.0 / std::sqrt(2.0 * size.w * size.l);
    const double vth = offsetShift(simulation, session, nominal, device, {10e-3, 1.0}) / 10e-3;
    const double beta = offsetShift(simulation, session, nominal, device, {0.0, 1.02}) / 0.02;
    UNSCOPED_INFO(device << ": " << vth << " V/V, " << beta << " V per unit beta");
    predicted += count * (std::pow(vth * c.aVt * perDevice, 2) + std::pow(beta * c.aBeta * perDevice, 2));
  }
  predicted = std::sqrt(predicted);
  INFO("sigma " << offsetSigma(c.samples) << " V, mean " << offsetMean(c.samples) << " V, StrongARM analytic "
                << c.comparatorSigma << " V, preamplifier pair " << c.preampPairSigma << " V, from the sensitivities "
                << predicted << " V");
  // 40 samples estimate σ within ≈ 11 % (1σ).
  CHECK(offsetSigma(c.samples) / predicted == Approx(1.0).margin(0.3));
}
