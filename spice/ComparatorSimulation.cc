#include "spice/ComparatorSimulation.hh"

#include "adc/SampleStream.hh"
#include "netlist/Erc.hh"
#include "netlist/SpiceWriter.hh"
#include "spice/RampSimulation.hh"
#include "util/Text.hh"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <memory>

namespace nladc::spice {

namespace {

// The bisection's first bracket, ±this many σ_analytic: a sample outside
// it costs a widening or two.
constexpr double bracketSigmas = 4.0;
// An offset trial reads the decision after three times the nominal
// decision time at 0.1 mV of overdrive (an input closer to the offset has
// at least its sign by then), and after no less than this many edge times.
constexpr double trialDecisionTimes = 3.0;
constexpr double smallestTrialEdges = 6.0;
constexpr double trialOverdrive = 0.1e-3; // V
// Time steps of an offset trial and a decision-time run, in edge times: a
// coarser step (0.4 edge) mis-decided inputs within 0.1 mV of the offset.
constexpr double fineStepEdges = 0.2;
// The longest decision time measured, in edge times (2 ns at 65 nm, 0.8 ns
// at 16 nm; 0.1 mV of overdrive decides within about 3 at 65 nm).
constexpr double decisionWindowEdges = 40.0;
// The energy run takes steps of at most one edge time (ngspice's error
// control shortens them through each edge): it integrates a current, it
// does not read a decision at the margin.
constexpr double energyStepEdges = 1.0;

std::vector<std::string> deckOf(const adc::Technology& t, const netlist::TestbenchTransient& transient,
                                const std::vector<netlist::TransistorMismatch>& mismatch = {})
{
  return splitLines(netlist::writeSpice(netlist::comparatorTestbench(t, transient, mismatch)));
}

// The first time `values` crosses `level` rising after `from`, linearly
// interpolated; NaN when it does not.
double risingCrossing(const std::vector<double>& time, const std::vector<double>& values, double level, double from)
{
  for (size_t i = 1; i < time.size(); ++i)
    if (time[i] > from && values[i - 1] < level && values[i] >= level)
      return time[i - 1] + (level - values[i - 1]) / (values[i] - values[i - 1]) * (time[i] - time[i - 1]);
  return std::nan("");
}

} // namespace

ComparatorSimulation::ComparatorSimulation(const adc::Technology& t, double timeLimit)
    : conditions_(netlist::comparatorConditions(t)), input_(netlist::comparatorSizing(t).input),
      analyticSigma_(t.comparatorAVt() / std::sqrt(input_.w * input_.l)), timeLimit_(timeLimit),
      transistors_(netlist::comparatorTransistors(t)), technology_(t)
{
  const double edge = conditions_.edgeTime;
  const double period = conditions_.clockPeriod;
  // The rules are checked once, on the nominal testbench: a sample's deck
  // differs only in its transistors' delvto and mulu0.
  netlist::requireCleanGenerated(netlist::comparatorTestbench(t, {decisionWindow(), fineStepEdges * edge}),
                                 "the comparator testbench");
  decisionDeck_ = deckOf(t, {decisionWindow(), fineStepEdges * edge});
  energyDeck_ = deckOf(t, {(1 + energyCycles) * period, energyStepEdges * edge});
}

double ComparatorSimulation::trialWindow(NgspiceSession& session) const
{
  const double edge = conditions_.edgeTime;
  const double decided = 0.5 * edge + trialDecisionTimes * decisionTime(session, trialOverdrive);
  return std::clamp(decided, smallestTrialEdges * edge, decisionWindow());
}

double ComparatorSimulation::decisionWindow() const
{
  return std::min(0.5 * conditions_.clockPeriod, decisionWindowEdges * conditions_.edgeTime);
}

void ComparatorSimulation::setInputs(NgspiceSession& session, double differential) const
{
  session.command(fmt::format("alter vinp dc = {:.17g}", conditions_.commonMode + 0.5 * differential));
  session.command(fmt::format("alter vinn dc = {:.17g}", conditions_.commonMode - 0.5 * differential));
}

bool ComparatorSimulation::decidesPositive(NgspiceSession& session, double differential, double window) const
{
  setInputs(session, differential);
  runTransient(session, timeLimit_, window);
  // outn falls when inp wins.
  const double outp = session.vector(netlist::comparatorNode("outp")).back();
  const double outn = session.vector(netlist::comparatorNode("outn")).back();
  session.clearResults();
  if (!std::isfinite(outp - outn) || outp == outn)
    throw SimulationError(fmt::format("no decision at {:.4g} V of differential input", differential));
  return outp > outn;
}

double ComparatorSimulation::offset(NgspiceSession& session, const std::vector<netlist::TransistorMismatch>& mismatch,
                                    double window) const
{
  session.load(deckOf(technology_, {window, fineStepEdges * conditions_.edgeTime}, mismatch));
  const double found = bisectOffset([&](double d) { return decidesPositive(session, d, window); },
                                    bracketSigmas * analyticSigma_, resolution(), 0.5 * conditions_.supply);
  session.command("remcirc");
  return found;
}

double ComparatorSimulation::decisionTime(NgspiceSession& session, double overdrive) const
{
  session.load(decisionDeck_);
  setInputs(session, overdrive);
  runTransient(session, timeLimit_, decisionWindow());
  const std::vector<double> time = session.vector("time");
  const std::vector<double> out = session.vector("out");
  const double half = 0.5 * conditions_.supply;
  session.clearResults();
  session.command("remcirc");
  if (out.front() >= half)
    throw SimulationError("the SR latch did not start at out = 0");
  const double clockEdge = 0.5 * conditions_.edgeTime;
  const double crossing = risingCrossing(time, out, half, clockEdge);
  if (std::isnan(crossing))
    throw SimulationError(
        fmt::format("no decision within {:.4g} s at {:.4g} V of overdrive", decisionWindow(), overdrive));
  return crossing - clockEdge;
}

double ComparatorSimulation::energyPerDecision(NgspiceSession& session) const
{
  session.load(energyDeck_);
  setInputs(session, energyOverdrive);
  const double period = conditions_.clockPeriod;
  runTransient(session, timeLimit_, (1 + energyCycles) * period);
  const std::vector<double> time = session.vector("time");
  // A source's branch current flows into its + terminal: the supply
  // delivers −I.
  const std::vector<double> current = session.vector("vcmp#branch");
  session.clearResults();
  session.command("remcirc");
  const double charge = -integral(time, current, period, time.back());
  return conditions_.supply * charge / energyCycles;
}

RunnerFactory
ComparatorSimulation::offsetRunner(std::function<std::vector<netlist::TransistorMismatch>(uint64_t)> mismatchOf) const
{
  return [simulation = *this, mismatchOf = std::move(mismatchOf)]() -> SampleRunner {
    auto session = std::make_shared<NgspiceSession>();
    // Every worker finds the same window: it depends on nominal devices only.
    const double window = simulation.trialWindow(*session);
    return [simulation, mismatchOf, session, window](uint64_t index) {
      SampleResult result;
      result.index = index;
      try {
        result.vectors = {{simulation.offset(*session, mismatchOf(index), window), window}};
      } catch (const TimeLimitExceeded& e) {
        return SampleResult::abortedSample(index, e.what());
      }
      result.ok = true;
      return result;
    };
  };
}

RunnerFactory ComparatorSimulation::nominalRunner(std::vector<double> overdrives) const
{
  return [simulation = *this, overdrives = std::move(overdrives)]() -> SampleRunner {
    auto session = std::make_shared<NgspiceSession>();
    return [simulation, overdrives, session](uint64_t job) {
      SampleResult result;
      result.index = job;
      const double value = job < overdrives.size() ? simulation.decisionTime(*session, overdrives[job])
                                                   : simulation.energyPerDecision(*session);
      result.vectors = {{value}};
      result.ok = true;
      return result;
    };
  };
}

void runTransient(NgspiceSession& session, double timeLimit, double stop)
{
  session.run(timeLimit);
  const std::vector<double> time = session.vector("time");
  if (time.empty() || time.back() < stop * (1.0 - 1e-9))
    throw SimulationError(
        fmt::format("the transient stopped at {:.4g} s of {:.4g} s", time.empty() ? 0.0 : time.back(), stop));
}

double bisectOffset(const std::function<bool(double)>& decidesPositive, double span, double resolution, double limit)
{
  // The offset lies in (low, high]: decisions at low were negative, at
  // high positive. A bound not yet tried is only assumed.
  double low = -span, high = span;
  bool lowTried = false, highTried = false;
  while (true) {
    while (high - low > resolution) {
      const double middle = 0.5 * (low + high);
      if (decidesPositive(middle)) {
        high = middle;
        highTried = true;
      } else {
        low = middle;
        lowTried = true;
      }
    }
    if (!lowTried && decidesPositive(low)) {
      high = low;
      low -= 2.0 * span;
      highTried = true;
    } else if (!highTried && !decidesPositive(high)) {
      low = high;
      high += 2.0 * span;
      lowTried = true;
    } else {
      return 0.5 * (low + high);
    }
    if (low < -limit || high > limit)
      throw SimulationError(fmt::format("the offset lies beyond ±{:.3g} V", limit));
  }
}

std::vector<netlist::TransistorMismatch> drawMismatch(const std::vector<netlist::TestbenchTransistor>& transistors,
                                                      double aVt, double aBeta, uint64_t seed, uint64_t index)
{
  adc::SampleStream stream(seed, index);
  std::vector<netlist::TransistorMismatch> mismatch;
  for (const netlist::TestbenchTransistor& t : transistors) {
    const double perDevice = 1.0 / std::sqrt(2.0 * t.size.w * t.size.l);
    const double vthShift = aVt * perDevice * stream.normal();
    const double mobilityFactor = 1.0 + aBeta * perDevice * stream.normal();
    mismatch.push_back({vthShift, mobilityFactor});
  }
  return mismatch;
}

} // namespace nladc::spice
