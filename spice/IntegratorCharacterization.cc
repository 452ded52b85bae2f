#include "spice/IntegratorCharacterization.hh"

#include "netlist/SpiceWriter.hh"
#include "spice/NgspiceSession.hh"
#include "spice/RampSimulation.hh"
#include "spice/WorkerPool.hh"
#include "util/Error.hh"
#include "util/Text.hh"

#include <cmath>
#include <fmt/format.h>
#include <numbers>
#include <sstream>

namespace nladc::spice {

namespace {

// Bench 0 is the reset; bench 1 + k the open loop with the output at
// k/(levels − 1) of the full scale.
constexpr uint64_t resetBench = 0;

// The gain's 1 kHz value, and the frequency where it falls through 1,
// interpolated on log–log axes between the sweep's points.
std::vector<double> openLoopResult(const std::vector<double>& frequency, const std::vector<double>& gain)
{
  for (size_t i = 1; i < gain.size(); ++i)
    if (gain[i - 1] >= 1.0 && gain[i] < 1.0) {
      const double fraction = std::log(gain[i - 1]) / (std::log(gain[i - 1]) - std::log(gain[i]));
      const double crossing =
          std::exp(std::log(frequency[i - 1]) + fraction * (std::log(frequency[i]) - std::log(frequency[i - 1])));
      return {gain.front(), 2.0 * std::numbers::pi * crossing};
    }
  throw SimulationError("the op-amp's open-loop gain does not fall through 1 below 10 GHz");
}

} // namespace

IntegratorCharacterization characterizeIntegrator(const adc::ReferenceColumnDesign& design,
                                                  const netlist::DeckOptions& deck, double timeLimit)
{
  constexpr int levels = IntegratorCharacterization::levels;
  std::vector<std::vector<std::string>> decks{
      splitLines(netlist::writeSpice(netlist::buildIntegratorResetTestbench(design, deck)))};
  for (int k = 0; k < levels; ++k) {
    const double level = design.parameters.fullScale * k / (levels - 1);
    decks.push_back(splitLines(netlist::writeSpice(netlist::buildIntegratorOpenLoopTestbench(design, deck, level))));
  }
  const netlist::ConversionTiming timing = netlist::conversionTiming(design, deck.blocks());
  const double released = timing.start - timing.stepTime;
  RunnerFactory factory = [decks, timeLimit, released, end = timing.slotStart(0)]() -> SampleRunner {
    auto session = std::make_shared<NgspiceSession>();
    return [decks, timeLimit, released, end, session](uint64_t bench) {
      session->load(decks.at(bench));
      session->run(timeLimit);
      SampleResult result;
      result.index = bench;
      result.ok = true;
      if (bench != resetBench) {
        session->command("let nladc_gain = mag(v(ramp))");
        session->command("let nladc_frequency = real(frequency)");
        result.vectors.push_back(openLoopResult(session->vector("nladc_frequency"), session->vector("nladc_gain")));
      } else {
        const std::vector<double> time = session->vector("time");
        const std::vector<double> ramp = session->vector("ramp");
        const std::vector<double> vcm = session->vector("vcm");
        const auto above = [&](double at) { return interpolate(time, ramp, at) - interpolate(time, vcm, at); };
        result.vectors.push_back(std::vector<double>{above(0.5 * released), above(end)});
      }
      session->clearResults();
      return result;
    };
  };
  std::vector<SampleResult> results(decks.size());
  std::vector<uint64_t> benches(decks.size());
  for (uint64_t b = 0; b < benches.size(); ++b)
    benches[b] = b;
  WorkerPool pool(factory, PoolOptions{1, watchdogFor(2.0 * timeLimit)});
  pool.run(
      benches, [&results](const SampleResult& r) { results.at(r.index) = r; }, [] { return false; });
  for (const SampleResult& r : results)
    if (!r.ok)
      throw WorkError(fmt::format("ngspice, the integrator's {} testbench: {}",
                                  r.index == resetBench ? "reset" : "open-loop", r.reason));
  IntegratorCharacterization c;
  c.gain = results[1 + 0].vectors[0][0]; // at the common mode
  for (int k = 0; k < levels; ++k)
    c.unityGain.push_back(results[1 + k].vectors[0][1]);
  c.offset = results[resetBench].vectors[0][0];
  c.resetLevel = results[resetBench].vectors[0][1];
  return c;
}

adc::ColumnParameters withIntegrator(adc::ColumnParameters p, const IntegratorCharacterization& integrator)
{
  p.opampGain = integrator.gain;
  p.opampUnityGain = integrator.unityGain;
  p.opampOffset = integrator.offset;
  p.resetLevel = integrator.resetLevel;
  return p;
}

nlohmann::json toJson(const IntegratorCharacterization& integrator)
{
  nlohmann::json byLevel = nlohmann::json::array();
  for (const double w : integrator.unityGain)
    byLevel.push_back(w / (2.0 * std::numbers::pi));
  return {{"open_loop_gain", integrator.gain},
          {"unity_gain_frequency_Hz", byLevel.empty() ? nlohmann::json(nullptr) : byLevel.front()},
          {"unity_gain_frequency_by_level_Hz", byLevel},
          {"offset_V", integrator.offset},
          {"reset_level_V", integrator.resetLevel}};
}

} // namespace nladc::spice
