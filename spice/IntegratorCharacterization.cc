#include "spice/IntegratorCharacterization.hh"

#include "netlist/SpiceWriter.hh"
#include "spice/NgspiceSession.hh"
#include "spice/RampSimulation.hh"
#include "spice/WorkerPool.hh"
#include "util/Error.hh"
#include "util/Text.hh"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <numbers>
#include <sstream>

namespace nladc::spice {

namespace {

// Bench 0 is the reset, bench 1 the open loop, bench 2 + k the step
// response with the output at k/(levels − 1) of the full scale.
constexpr uint64_t resetBench = 0;
constexpr uint64_t openLoopBench = 1;
constexpr uint64_t firstStepBench = 2;

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

// The least-squares line through y(t) sampled evenly over [a, b]:
// {value at a, slope}.
std::pair<double, double> lineThrough(const std::vector<double>& t, const std::vector<double>& y, double a, double b)
{
  constexpr int points = 200;
  double st = 0.0, sy = 0.0, stt = 0.0, sty = 0.0;
  for (int i = 0; i < points; ++i) {
    const double x = (b - a) * i / (points - 1);
    const double v = interpolate(t, y, a + x);
    st += x;
    sy += v;
    stt += x * x;
    sty += x * v;
  }
  const double slope = (points * sty - st * sy) / (points * stt - st * st);
  return {(sy - slope * st) / points, slope};
}

// The step response's bandwidth, delay and resting input
// (IntegratorCharacterization).
// The lag is the line through the virtual ground over the test's second
// half, taken back to where the current's flat top begins; the line's
// slope is the op-amp's finite gain as the ramp moves, which the model
// holds apart. The delay is the area between that line and the virtual
// ground over the flat top a slot's word line would have, over the lag:
// what the cells of a slot lose, whatever of the op-amp's settling comes
// later. The resting input at the level is interpolated between the rests
// before and after the test, a mean step apart.
std::vector<double> stepResult(const std::vector<double>& time, const std::vector<double>& vg,
                               const std::vector<double>& ramp, const std::vector<double>& vcm,
                               const netlist::IntegratorStep& step)
{
  std::vector<double> fromRest(time.size());
  const double rest = interpolate(time, vg, step.start) - interpolate(time, vcm, step.start);
  for (size_t i = 0; i < time.size(); ++i)
    fromRest[i] = vg[i] - vcm[i] - rest;
  const double begins = step.start + 1.5 * step.edgeTime;
  const double ends = step.end - 1.5 * step.edgeTime;
  const double steady = 0.5 * (step.start + step.end);
  const auto [atSteady, drift] = lineThrough(time, fromRest, steady, ends);
  const double lag = atSteady - drift * (steady - begins);
  if (!(lag < 0.0))
    throw SimulationError("the integrator's virtual ground does not fall while its test current flows");
  const double slope = lineThrough(time, ramp, steady, ends).second;
  if (!(slope > 0.0))
    throw SimulationError("the integrator's ramp does not rise while its test current flows");
  const double length = step.stepTime - 3.0 * step.edgeTime;
  const double behind =
      integral(time, fromRest, begins, begins + length) - (lag * length + 0.5 * drift * length * length);
  const double restAfter = interpolate(time, vg, step.rested) - interpolate(time, vcm, step.rested);
  const double resting = rest + (restAfter - rest) * (step.level - step.precharge) / step.rise;
  return {slope / -lag, behind / -lag, resting};
}

} // namespace

IntegratorCharacterization characterizeIntegrator(const adc::ReferenceColumnDesign& design,
                                                  const netlist::DeckOptions& deck, double timeLimit)
{
  constexpr int levels = IntegratorCharacterization::levels;
  const double fullScale = design.parameters.fullScale;
  std::vector<std::vector<std::string>> decks{
      splitLines(netlist::writeSpice(netlist::buildIntegratorResetTestbench(design, deck))),
      splitLines(netlist::writeSpice(netlist::buildIntegratorOpenLoopTestbench(design, deck)))};
  std::vector<netlist::IntegratorStep> steps;
  for (int k = 0; k < levels; ++k) {
    const double level = fullScale * k / (levels - 1);
    decks.push_back(splitLines(netlist::writeSpice(netlist::buildIntegratorStepTestbench(design, deck, level))));
    steps.push_back(netlist::integratorStep(design, deck.blocks(), level));
  }
  const netlist::ConversionTiming timing = netlist::conversionTiming(design, deck.blocks());
  // The offset is read where the deck's column front ends auto-zero.
  const double autoZero = timing.autoZeroEnd();
  RunnerFactory factory = [decks, steps, timeLimit, autoZero, end = timing.slotStart(0)]() -> SampleRunner {
    auto session = std::make_shared<NgspiceSession>();
    return [decks, steps, timeLimit, autoZero, end, session](uint64_t bench) {
      session->load(decks.at(bench));
      session->run(timeLimit);
      SampleResult result;
      result.index = bench;
      result.ok = true;
      if (bench == openLoopBench) {
        session->command("let nladc_gain = mag(v(ramp))");
        session->command("let nladc_frequency = real(frequency)");
        result.vectors.push_back(openLoopResult(session->vector("nladc_frequency"), session->vector("nladc_gain")));
      } else {
        const std::vector<double> time = session->vector("time");
        const std::vector<double> ramp = session->vector("ramp");
        const std::vector<double> vcm = session->vector("vcm");
        if (bench == resetBench) {
          const auto above = [&](double at) { return interpolate(time, ramp, at) - interpolate(time, vcm, at); };
          result.vectors.push_back(std::vector<double>{above(autoZero), above(end)});
        } else {
          result.vectors.push_back(
              stepResult(time, session->vector("vg"), ramp, vcm, steps.at(bench - firstStepBench)));
        }
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
                                  r.index == resetBench      ? "reset"
                                  : r.index == openLoopBench ? "open-loop"
                                                             : "step-response",
                                  r.reason));
  IntegratorCharacterization c;
  c.fullScale = fullScale;
  c.gain = results[openLoopBench].vectors[0][0];
  c.unityGain = results[openLoopBench].vectors[0][1];
  for (int k = 0; k < levels; ++k) {
    c.bandwidth.push_back(results[firstStepBench + k].vectors[0][0]);
    c.delay.push_back(results[firstStepBench + k].vectors[0][1]);
    c.restingInput.push_back(results[firstStepBench + k].vectors[0][2]);
  }
  c.offset = results[resetBench].vectors[0][0];
  c.resetLevel = results[resetBench].vectors[0][1];
  return c;
}

adc::ColumnParameters withIntegrator(adc::ColumnParameters p, const IntegratorCharacterization& integrator)
{
  p.opampGain = integrator.gain;
  p.opampBandwidth = integrator.bandwidth;
  p.opampDelay = integrator.delay;
  p.opampRestingInput = integrator.restingInput;
  p.opampOffset = integrator.offset;
  p.resetLevel = integrator.resetLevel;
  // The deck's column front ends auto-zero while reset holds the ramp at
  // the virtual ground (RampSimulation measures its levels from there).
  p.levelReference = integrator.offset;
  return p;
}

nlohmann::json toJson(const IntegratorCharacterization& integrator)
{
  nlohmann::json levels = nlohmann::json::array();
  nlohmann::json bandwidth = nlohmann::json::array();
  for (size_t k = 0; k < integrator.bandwidth.size(); ++k) {
    levels.push_back(integrator.fullScale * static_cast<double>(k) /
                     static_cast<double>(std::max<size_t>(1, integrator.bandwidth.size() - 1)));
    bandwidth.push_back(integrator.bandwidth[k] / (2.0 * std::numbers::pi));
  }
  return {{"open_loop_gain", integrator.gain},
          {"unity_gain_frequency_Hz", integrator.unityGain / (2.0 * std::numbers::pi)},
          {"step_response",
           {{"output_above_common_mode_V", levels},
            {"bandwidth_Hz", bandwidth},
            {"delay_s", integrator.delay},
            {"virtual_ground_at_rest_V", integrator.restingInput}}},
          {"offset_V", integrator.offset},
          {"reset_level_V", integrator.resetLevel}};
}

} // namespace nladc::spice
