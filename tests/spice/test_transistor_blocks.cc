// The transistor-level integrator (DESIGN.md §9) in ngspice: its thresholds
// against the behavioural model that stands in for it, and its deck in the
// standalone ngspice.

#include "adc/BehaviouralModel.hh"
#include "adc/ConversionMeasurement.hh"
#include "netlist/AnalogBlocks.hh"
#include "netlist/SpiceWriter.hh"
#include "quant/Fitter.hh"
#include "spice/IntegratorCharacterization.hh"
#include "spice/NominalSimulation.hh"
#include "spice/RampSimulation.hh"
#include "tests/spice/SpiceTestSupport.hh"
#include "tests/support/StandaloneNgspice.hh"
#include "tests/support/TempDir.hh"

#include <catch2/catch.hpp>
#include <cmath>
#include <fmt/format.h>
#include <numbers>

using namespace nladc;

namespace {

netlist::DeckOptions transistorDeck(int testColumns)
{
  netlist::DeckOptions options = netlist::deckOptions(testing::generic65(), adc::BlockKind::transistor);
  options.testColumns = testColumns;
  return options;
}

// The largest |realised − modelled| of V_0 and every threshold, in units of
// the threshold's local step (V_0: of the first).
double worstInLocalSteps(const adc::ReferenceColumnDesign& design, const std::vector<double>& ramp,
                         const std::vector<double>& model)
{
  const std::vector<double> realised = adc::columnThresholds(design, ramp, adc::ColumnVariation{});
  const std::vector<double> modelled = adc::columnThresholds(design, model, adc::ColumnVariation{});
  const quant::Domain& domain = design.levels.domain;
  const double voltsPerUnit = design.parameters.fullScale / (domain.hi - domain.lo);
  double worst = std::abs(ramp[0] - model[0]) / voltsPerUnit / adc::localStep(design.levels, 0);
  for (size_t j = 0; j < realised.size(); ++j)
    worst = std::max(worst, std::abs(realised[j] - modelled[j]) / adc::localStep(design.levels, j));
  return worst;
}

} // namespace

TEST_CASE("the transistor integrator's thresholds agree with the behavioural model of it within 2 % of the local step")
{
  const std::vector<quant::LevelSet> sets{testing::reluLevelSet(quant::Method::bsKmq, 3),
                                          testing::reluLevelSet(quant::Method::linear, 3),
                                          testing::reluLevelSet(quant::Method::bsKmq, 4)};
  for (const quant::LevelSet& set : sets) {
    const adc::ReferenceColumnDesign design =
        adc::designReferenceColumn(set, adc::columnParameters(testing::generic65()));
    const std::optional<spice::NominalRun> run =
        spice::simulateNominal(design, transistorDeck(0), 60.0, [] { return false; });
    REQUIRE(run);
    REQUIRE(run->integrator);
    const spice::IntegratorCharacterization& integrator = *run->integrator;
    INFO(set.method << " " << set.bits << " bits: " << spice::toJson(integrator).dump());
    // The op-amp as docs/blocks.md states it: tens of MHz, about 70 dB.
    CHECK(integrator.unityGain / (2.0 * std::numbers::pi) > 20e6);
    CHECK(integrator.gain > 1000.0);
    REQUIRE(integrator.bandwidth.size() == spice::IntegratorCharacterization::levels);
    REQUIRE(integrator.delay.size() == spice::IntegratorCharacterization::levels);
    // The step's lag is set by the −20 dB/decade asymptote of the gain, a
    // few per cent above where the second pole lets it cross 1; the op-amp
    // slows towards the ramp's top.
    CHECK(integrator.bandwidth.front() == Approx(integrator.unityGain).epsilon(0.1));
    CHECK(integrator.bandwidth.back() < integrator.bandwidth.front());
    // At rest the virtual ground falls as the output rises, faster at the
    // top, where the gain falls.
    REQUIRE(integrator.restingInput.size() == spice::IntegratorCharacterization::levels);
    CHECK(integrator.restingInput[4] - integrator.restingInput[3] <
          integrator.restingInput[1] - integrator.restingInput[0]);
    CHECK(integrator.restingInput[1] < integrator.restingInput[0]);
    // A one-pole op-amp would reach its lag 1/ω late; the second pole and
    // the right-half-plane zero make it sooner, the virtual ground's
    // capacitance later.
    for (size_t k = 0; k < integrator.delay.size(); ++k) {
      CHECK(integrator.delay[k] > 0.0);
      CHECK(integrator.delay[k] * integrator.bandwidth[k] < 1.0);
    }
    const std::vector<double>& ramp = run->result.vectors[spice::RampSimulation::rampLevels];
    const std::vector<double> model =
        adc::rampLevels(spice::withIntegrator(design.parameters, integrator), adc::nominalDevices(design));
    std::string table;
    for (size_t j = 0; j < ramp.size(); ++j)
      table += fmt::format("T{} {:.4f} mV, model {:.4f} mV\n", j, 1e3 * ramp[j], 1e3 * model[j]);
    INFO(table);
    const double measured = worstInLocalSteps(design, ramp, model);
    const double ideal =
        worstInLocalSteps(design, ramp, adc::rampLevels(design.parameters, adc::nominalDevices(design)));
    INFO("worst |error| / local step: with the measured integrator " << measured << ", with the ideal one " << ideal);
    // Issue #16 asks for 2 %. With the op-amp taken from its .ac sweep (ω_u
    // by level, a one-pole lag of 1/ω_u) the 4-bit set missed it (3.8 %);
    // from its step response, every set meets it (docs/blocks.md).
    CHECK(measured < 0.02);
    // The model needs the measured integrator: the technology's ideal one
    // misses the transistor ramp by a fifth of a step or more.
    CHECK(ideal > 0.2);
  }
}

TEST_CASE("the step response recovers a one-pole op-amp's unity-gain frequency as its bandwidth and 1/ω as its delay")
{
  // An op-amp of known dynamics in place of the transistor one: gain
  // A0/(1 + s·RC), so ω_u = A0/RC, with no second pole and no input
  // capacitance. Its lag behind a current step is (dV/dt)/ω_u and arrives
  // a time constant 1/ω_u late (a first-order loop); the reset switch's
  // off capacitance is the only load on the virtual ground. Its output is
  // A0 times its input from ground, not from the common mode.
  const double a0 = 1e4;
  const double omega = 2.0 * std::numbers::pi * 100e6;
  const double r = 1e6;
  using netlist::DeviceKind;
  netlist::DeckOptions deck = transistorDeck(0);
  deck.transistor->opamp = {deck.transistor->opamp.name,
                            {"inp", "inn", "out", "vdd", "bias"},
                            {{"E1", DeviceKind::vcvs, {"x", "0", "inp", "inn"}, "", fmt::format("{}", a0), {}},
                             {"R1", DeviceKind::resistor, {"x", "y"}, "", fmt::format("{}", r), {}},
                             {"C1", DeviceKind::capacitor, {"y", "0"}, "", fmt::format("{}", a0 / (omega * r)), {}},
                             {"E2", DeviceKind::vcvs, {"out", "0", "y", "0"}, "", "1", {}},
                             {"RB", DeviceKind::resistor, {"bias", "0"}, "", "1e3", {}}},
                            {}};
  const adc::ReferenceColumnDesign design = adc::designReferenceColumn(testing::reluLevelSet(quant::Method::bsKmq, 3),
                                                                       adc::columnParameters(testing::generic65()));
  const spice::IntegratorCharacterization c = spice::characterizeIntegrator(design, deck, 60.0);
  INFO(spice::toJson(c).dump());
  CHECK(c.gain == Approx(a0).epsilon(0.01));
  CHECK(c.unityGain == Approx(omega).epsilon(0.01));
  REQUIRE(c.bandwidth.size() == spice::IntegratorCharacterization::levels);
  REQUIRE(c.restingInput.size() == spice::IntegratorCharacterization::levels);
  for (size_t k = 0; k < c.bandwidth.size(); ++k) {
    CHECK(c.bandwidth[k] == Approx(omega).epsilon(0.01));
    CHECK(c.delay[k] * omega == Approx(1.0).epsilon(0.02));
    // At rest its input is its output, from ground, over A0.
    const double output = deck.transistor->commonMode + c.resetLevel + c.fullScale * k / (c.bandwidth.size() - 1);
    CHECK(c.restingInput[k] == Approx(-output / a0).margin(1e-6));
  }
}

TEST_CASE(
    "the op-amp stays stable and in step with the model from the smallest comparators to the largest, and at 16 nm")
{
  // The bundled conv1 tensor's 3-bit BS-KMQ set, as `nladc levels` fits it.
  quant::FitRequest request;
  request.methods = {quant::Method::bsKmq};
  request.fit.bits = 3;
  quant::ReadOptions read;
  read.tensor = "conv1.relu";
  const quant::LevelSet conv1 = quant::fitActivations({std::string(NLADC_EXAMPLES_DIR) + "/activations.npz"}, {}, read,
                                                      quant::defaultMemoryBudget(), request)
                                    .front()
                                    .sets.front();
  // The design search's corner: auto-zeroed minimum comparators (σ 38 mV,
  // a 20 fF ramp line) at the largest full scale transistor blocks allow.
  // By the 0.22·C_L rule alone its Miller capacitor would be 4.4 fF, and
  // the op-amp rang: a non-monotonic ramp. The floor at M7's gate holds it.
  adc::Technology smallest = testing::generic65();
  smallest.variation.comparatorOffsetSigma = 38e-3;
  smallest.fullScale = netlist::maxFullScale(smallest, adc::BlockKind::transistor);
  // Comparators of 2.2 mV σ put 6.1 pF on the line, five times the load
  // the op-amp is drawn for. Drawn for 1.2 pF it measured ω_u = 2π·17.5 MHz
  // and its thresholds missed the model of it by 22 % of a step; scaled
  // for the load, 2π·86 MHz and 0.08 % (measured).
  adc::Technology largest = smallest;
  largest.variation.comparatorOffsetSigma = 2.2e-3;
  REQUIRE(netlist::rampLoadCapacitance(largest, netlist::defaultRampColumns) > 4.0 * netlist::opampUnitLoad);
  const adc::Technology generic16 =
      adc::readTechnology(std::filesystem::path(NLADC_EXAMPLES_DIR) / "tech" / "generic-16nm.yaml");
  for (const adc::Technology* t : std::vector<const adc::Technology*>{&smallest, &largest, &generic16}) {
    // The integrator alone: the test columns' own agreement is the next test's.
    netlist::DeckOptions deck = netlist::deckOptions(*t, adc::BlockKind::transistor);
    deck.testColumns = 0;
    const adc::ReferenceColumnDesign design = adc::designReferenceColumn(conv1, adc::columnParameters(*t));
    const std::optional<spice::NominalRun> run = spice::simulateNominal(design, deck, 60.0, [] { return false; });
    REQUIRE(run);
    const std::vector<double>& ramp = run->result.vectors[spice::RampSimulation::rampLevels];
    const std::vector<double> model =
        adc::rampLevels(spice::withIntegrator(design.parameters, *run->integrator), adc::nominalDevices(design));
    INFO(t->name << ", V_FS " << t->fullScale << " V, ramp line " << deck.transistor->rampLoad * 1e15
                 << " fF: " << spice::toJson(*run->integrator).dump());
    std::string table;
    for (size_t j = 0; j < ramp.size(); ++j)
      table += fmt::format("T{} {:.4f} mV, model {:.4f} mV\n", j, 1e3 * ramp[j], 1e3 * model[j]);
    INFO(table);
    for (size_t j = 1; j < ramp.size(); ++j)
      CHECK(ramp[j] > ramp[j - 1]);
    const double worst = worstInLocalSteps(design, ramp, model);
    INFO("worst |error| / local step " << worst);
    CHECK(worst < 0.02);
  }
}

TEST_CASE("the transistor deck runs in the standalone ngspice and realises nladc's ramp")
{
  const adc::ReferenceColumnDesign design = testing::bsKmqDesign(3);
  const netlist::DeckOptions deck = transistorDeck(8);
  const std::optional<spice::NominalRun> run = spice::simulateNominal(design, deck, 60.0, [] { return false; });
  REQUIRE(run);

  const testing::TempDir scratch("nladc_transistor_deck");
  const std::filesystem::path file = scratch.path() / "transistor.sp";
  const netlist::Circuit circuit = netlist::buildReferenceColumnDeck(design, deck);
  // The deck says which blocks it holds.
  CHECK(circuit.title.find("transistor blocks") != std::string::npos);
  netlist::writeSpiceFile(file, circuit);
  const std::string output = testing::runStandaloneNgspice(file);
  const auto measured = [&](const std::string& name) { return testing::measuredValue(output, name); };
  // nladc measures the ramp from where it stood while the test columns
  // auto-zeroed; the deck prints both.
  const std::vector<double>& ramp = run->result.vectors[spice::RampSimulation::rampLevels];
  for (size_t slot = 0; slot < ramp.size(); ++slot)
    CHECK(measured("ramp" + std::to_string(slot)) - measured("ramp_auto_zero") == Approx(ramp[slot]).margin(2e-6));
  const std::vector<double>& codes = run->result.vectors[spice::RampSimulation::holdCodes];
  for (size_t column = 0; column < codes.size(); ++column) {
    int code = 0;
    for (int bit = 0; bit < design.levels.bits; ++bit)
      if (measured(fmt::format("code{}_{}", column, bit)) > 0.5 * deck.supply)
        code |= 1 << bit;
    CHECK(code == codes[column]);
  }
}

TEST_CASE("a transistor test column's code changes where the ramp, risen from its auto-zero level, passes its input")
{
  // Two inputs at every threshold of a 3-bit BS-KMQ set, δ below and δ
  // above the ramp's rise as the ramp alone realises it (measured from the
  // ramp during the front ends' auto-zero), in the standalone ngspice: the
  // codes must be j − 1 and j. δ = 2 mV + 3.5 % of the rise covers the
  // systematic error the front end shows: its floating inputs leak through
  // the thin gate oxide while the input holds them away from each other,
  // so it decides early by up to 3 % of the input's height at 65 nm
  // (12–14 mV at this set's 426 mV threshold; within 2 mV with the gate
  // current switched off; docs/blocks.md). The StrongARM's own offset is
  // nominally 0 here.
  const auto delta = [](double rise) { return 2e-3 + 0.035 * rise; };
  const adc::Technology generic16 =
      adc::readTechnology(std::filesystem::path(NLADC_EXAMPLES_DIR) / "tech" / "generic-16nm.yaml");
  for (const adc::Technology* t : std::vector<const adc::Technology*>{&testing::generic65(), &generic16}) {
    INFO(t->name);
    const adc::ReferenceColumnDesign design =
        adc::designReferenceColumn(testing::reluLevelSet(quant::Method::bsKmq, 3), adc::columnParameters(*t));
    const testing::TempDir scratch("nladc_transistor_columns");
    netlist::DeckOptions deck = netlist::deckOptions(*t, adc::BlockKind::transistor);
    deck.testColumns = 0;
    netlist::writeSpiceFile(scratch.path() / "ramp.sp", netlist::buildReferenceColumnDeck(design, deck));
    const std::string rampRun = testing::runStandaloneNgspice(scratch.path() / "ramp.sp");
    const double autoZero = testing::measuredValue(rampRun, "ramp_auto_zero");

    const int thresholds = static_cast<int>(design.levels.thresholds.size());
    deck.testColumns = 2 * thresholds;
    netlist::Circuit circuit = netlist::buildReferenceColumnDeck(design, deck);
    std::vector<int> expected;
    for (int j = 1; j <= thresholds; ++j) {
      const double rise = testing::measuredValue(rampRun, "ramp" + std::to_string(j)) - autoZero;
      for (const double side : {-1.0, 1.0}) {
        const std::string source = "VIN" + std::to_string(expected.size());
        const auto input = std::ranges::find(circuit.devices, source, &netlist::Device::name);
        REQUIRE(input != circuit.devices.end());
        input->value = fmt::format("DC {:.12g}", deck.rampReference() + rise + side * delta(rise));
        expected.push_back(side < 0.0 ? j - 1 : j);
      }
    }
    netlist::writeSpiceFile(scratch.path() / "columns.sp", circuit);
    const std::string columnsRun = testing::runStandaloneNgspice(scratch.path() / "columns.sp");
    for (size_t column = 0; column < expected.size(); ++column) {
      int code = 0;
      for (int bit = 0; bit < design.levels.bits; ++bit)
        if (testing::measuredValue(columnsRun, fmt::format("code{}_{}", column, bit)) > 0.5 * t->supply)
          code |= 1 << bit;
      INFO("column " << column);
      CHECK(code == expected[column]);
    }
  }
}

TEST_CASE("the op-amp's simulated supply energy is what its designed bias draws over the transient, at every load")
{
  const adc::ReferenceColumnDesign design = testing::bsKmqDesign(3);
  // The default ramp line (1.17 pF, the op-amp as drawn) and one of 6.1 pF,
  // for which opampSizing scales it five times.
  adc::Technology heavy = testing::generic65();
  heavy.variation.comparatorOffsetSigma = 2.2e-3;
  std::vector<double> simulated;
  for (const adc::Technology* t : std::vector<const adc::Technology*>{&testing::generic65(), &heavy}) {
    // The op-amp's supply only: the test columns have their own.
    netlist::DeckOptions deck = netlist::deckOptions(*t, adc::BlockKind::transistor);
    deck.testColumns = 0;
    const std::optional<spice::NominalRun> run = spice::simulateNominal(design, deck, 60.0, [] { return false; });
    REQUIRE(run);
    const std::vector<double>& energy = run->result.vectors[spice::RampSimulation::supplyEnergy];
    const double window = netlist::conversionTiming(design, deck.blocks()).stopTime();
    // The quiescent current dominates: the cells' read current the op-amp
    // passes is two orders smaller. The mirrors' channel-length modulation
    // leaves the op-amp ≈ 3 % below its 15 × bias (docs/blocks.md); layout_est's
    // estimate of it claims 10 % (docs/energy.md).
    const double designed = deck.supply * netlist::opampSizing(*t, deck.transistor->rampLoad).supplyCurrent * window;
    INFO("ramp line " << deck.transistor->rampLoad << " F: simulated "
                      << energy[spice::RampSimulation::integratorSupply] << " J, designed " << designed << " J");
    CHECK(energy[spice::RampSimulation::integratorSupply] == Approx(designed).epsilon(0.10));
    simulated.push_back(energy[spice::RampSimulation::integratorSupply]);
  }
  // The heavy line's op-amp is scaled 5.05× (6.06 pF / 1.2 pF), and so is
  // what its supply delivers.
  CHECK(simulated[1] / simulated[0] == Approx(6.06e-12 / netlist::opampUnitLoad).epsilon(0.05));
}
