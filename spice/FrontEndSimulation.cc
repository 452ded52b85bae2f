#include "spice/FrontEndSimulation.hh"

#include "netlist/Erc.hh"
#include "netlist/SpiceWriter.hh"
#include "spice/ComparatorSimulation.hh"
#include "util/Text.hh"

#include <cmath>
#include <fmt/format.h>
#include <memory>

namespace nladc::spice {

namespace {

// The bisection's first bracket: ±4 of the σ the front end's two pairs
// would give together with no cancellation at all, so that an offset
// outside it is rare.
constexpr double bracketSigmas = 4.0;
// Time steps in edge times, as the comparator's offset trials.
constexpr double fineStepEdges = 0.2;

} // namespace

FrontEndSimulation::FrontEndSimulation(const adc::Technology& t, double coupling, double timeLimit)
    : conditions_(netlist::frontEndConditions(t, coupling)), sizing_(netlist::frontEndSizing(t, coupling)),
      comparatorInput_(netlist::comparatorSizing(t).input),
      comparatorSigma_(t.comparatorAVt() / std::sqrt(comparatorInput_.w * comparatorInput_.l)),
      preampPairSigma_(t.comparatorAVt() / std::sqrt(sizing_.pair.w * sizing_.pair.l)), timeLimit_(timeLimit),
      transistors_(netlist::frontEndTransistors(t, coupling)), technology_(t)
{
  netlist::requireCleanGenerated(netlist::frontEndTestbench(t, conditions_, fineStepEdges * conditions_.edgeTime),
                                 "the front-end testbench");
}

bool FrontEndSimulation::rampPasses(NgspiceSession& session, double difference) const
{
  session.command(fmt::format("alter vin dc = {:.17g}", conditions_.commonMode + conditions_.height - difference));
  runTransient(session, timeLimit_, conditions_.decisionEnd());
  // The StrongARM reads d2 against d1; d1 falls as the ramp passes.
  const double outp = session.vector(netlist::frontEndComparatorNode("outp")).back();
  const double outn = session.vector(netlist::frontEndComparatorNode("outn")).back();
  session.clearResults();
  if (!std::isfinite(outp - outn) || outp == outn)
    throw SimulationError(fmt::format("no decision at {:.4g} V of ramp past the input", difference));
  return outp > outn;
}

double FrontEndSimulation::offset(NgspiceSession& session,
                                  const std::vector<netlist::TransistorMismatch>& mismatch) const
{
  session.load(splitLines(netlist::writeSpice(
      netlist::frontEndTestbench(technology_, conditions_, fineStepEdges * conditions_.edgeTime, mismatch))));
  const double span = bracketSigmas * std::hypot(comparatorSigma_, preampPairSigma_);
  const double found =
      bisectOffset([&](double d) { return rampPasses(session, d); }, span, resolution(), conditions_.height);
  session.command("remcirc");
  return found;
}

RunnerFactory
FrontEndSimulation::offsetRunner(std::function<std::vector<netlist::TransistorMismatch>(uint64_t)> mismatchOf) const
{
  return [simulation = *this, mismatchOf = std::move(mismatchOf)]() -> SampleRunner {
    auto session = std::make_shared<NgspiceSession>();
    return [simulation, mismatchOf, session](uint64_t index) {
      SampleResult result;
      result.index = index;
      try {
        result.vectors = {{simulation.offset(*session, mismatchOf(index))}};
      } catch (const TimeLimitExceeded& e) {
        return SampleResult::abortedSample(index, e.what());
      }
      result.ok = true;
      return result;
    };
  };
}

} // namespace nladc::spice
