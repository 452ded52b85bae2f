#include "spice/RampSimulation.hh"

#include "netlist/Erc.hh"
#include "netlist/SpiceWriter.hh"
#include "spice/NgspiceSession.hh"
#include "util/Text.hh"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <memory>

namespace nladc::spice {

namespace {

// ngspice's name of a device inside a cell instance: "r.xs1_0.r1".
std::string cellDevice(char kind, const std::string& instance, const std::string& device)
{
  std::string name = fmt::format("{}.{}.{}", kind, instance, device);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return name;
}

} // namespace

double interpolate(const std::vector<double>& x, const std::vector<double>& y, double at)
{
  const auto upper = std::lower_bound(x.begin(), x.end(), at);
  if (upper == x.begin())
    return y.front();
  if (upper == x.end())
    return y.back();
  const size_t i = static_cast<size_t>(upper - x.begin());
  const double fraction = (at - x[i - 1]) / (x[i] - x[i - 1]);
  return y[i - 1] + fraction * (y[i] - y[i - 1]);
}

RampSimulation::RampSimulation(const adc::ReferenceColumnDesign& design, const netlist::DeckOptions& options)
    : design_(design), options_(options), timing_(netlist::conversionTiming(design))
{
  // The rules are checked on exactly the deck that runs (DESIGN.md §4).
  const netlist::Circuit circuit = netlist::buildReferenceColumnDeck(design, options);
  netlist::requireCleanGenerated(circuit, "the simulation deck");
  deck_ = splitLines(netlist::writeSpice(circuit));
}

std::vector<std::string> RampSimulation::alterCommands(const adc::ColumnDevices& devices) const
{
  std::vector<std::string> commands;
  auto alter = [&](const std::string& instance, const adc::Cell& cell) {
    commands.push_back(fmt::format("alter {} = {:.17g}", cellDevice('r', instance, "r1"), 1.0 / cell.conductance));
    if (options_.mismatchSources)
      commands.push_back(fmt::format("alter {} dc = {:.17g}", cellDevice('v', instance, "vdvt"), cell.vthShift));
  };
  for (size_t i = 0; i < devices.calibrationCells.size(); ++i)
    alter(netlist::calibrationCellName(i), devices.calibrationCells[i]);
  for (size_t j = 0; j < devices.stepCells.size(); ++j)
    for (size_t m = 0; m < devices.stepCells[j].size(); ++m)
      alter(netlist::stepCellName(j + 1, static_cast<int>(m)), devices.stepCells[j][m]);
  commands.push_back(fmt::format("alter vsl dc = {:.17g}", -devices.vread));
  return commands;
}

RunnerFactory RampSimulation::runner(std::function<adc::ColumnDevices(uint64_t)> devicesOf, double timeLimit,
                                     bool keepWaveform) const
{
  return [simulation = *this, devicesOf = std::move(devicesOf), timeLimit, keepWaveform]() -> SampleRunner {
    auto session = std::make_shared<NgspiceSession>();
    session->load(simulation.deck_);
    return [simulation, devicesOf, timeLimit, keepWaveform, session](uint64_t index) {
      for (const std::string& command : simulation.alterCommands(devicesOf(index)))
        session->command(command);
      try {
        session->run(timeLimit);
      } catch (const TimeLimitExceeded& e) {
        return SampleResult::abortedSample(index, e.what());
      }
      const netlist::ConversionTiming& t = simulation.timing_;
      std::vector<double> time = session->vector("time");
      std::vector<double> ramp = session->vector("ramp");
      if (time.empty() || time.back() < t.stopTime() * (1.0 - 1e-9))
        throw SimulationError(fmt::format("the transient stopped at {:.4g} s of {:.4g} s",
                                          time.empty() ? 0.0 : time.back(), t.stopTime()));
      SampleResult result;
      result.index = index;
      result.ok = true;
      result.vectors.resize(4);
      for (int slot = 0; slot < t.slots; ++slot) {
        const double level = interpolate(time, ramp, t.slotEnd(slot));
        if (!std::isfinite(level))
          throw SimulationError(fmt::format("the ramp at the end of slot {} is not a number", slot));
        result.vectors[rampLevels].push_back(level);
      }
      for (int column = 0; column < simulation.options_.testColumns; ++column)
        result.vectors[holdCodes].push_back(
            std::round(interpolate(time, session->vector(fmt::format("hold{}", column)), t.readTime())));
      if (keepWaveform) {
        result.vectors[Vector::time] = std::move(time);
        result.vectors[Vector::ramp] = std::move(ramp);
      }
      session->clearResults();
      return result;
    };
  };
}

} // namespace nladc::spice
