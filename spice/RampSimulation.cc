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

namespace {

// The energy a source delivers from node `node` to ground: −∫ V·I dt by the
// trapezoidal rule (ngspice's branch current flows into the + terminal).
double deliveredEnergy(const NgspiceSession& session, const std::vector<double>& time, const std::string& node,
                       const std::string& source)
{
  const std::vector<double> v = session.vector(node);
  std::vector<double> power = session.vector(source + "#branch");
  for (size_t k = 0; k < power.size(); ++k)
    power[k] *= v[k];
  return -integral(time, power, time.front(), time.back());
}

// A transistor column's code: its register's bits, read at the read time
// against half the supply.
double registerCode(const NgspiceSession& session, const std::vector<double>& time, const netlist::ConversionTiming& t,
                    int column, const adc::ReferenceColumnDesign& design, const netlist::DeckOptions& o)
{
  int code = 0;
  for (int bit = 0; bit < design.levels.bits; ++bit)
    if (interpolate(time, session.vector(netlist::codeBitNet(column, bit)), t.readTime()) > 0.5 * o.supply)
      code |= 1 << bit;
  return code;
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

double integral(const std::vector<double>& x, const std::vector<double>& y, double a, double b)
{
  double sum = 0.0;
  double from = a;
  double value = interpolate(x, y, a);
  for (size_t i = 0; i < x.size(); ++i)
    if (x[i] > a && x[i] < b) {
      sum += 0.5 * (value + y[i]) * (x[i] - from);
      from = x[i];
      value = y[i];
    }
  return sum + 0.5 * (value + interpolate(x, y, b)) * (b - from);
}

RampSimulation::RampSimulation(const adc::ReferenceColumnDesign& design, const netlist::DeckOptions& options)
    : design_(design), options_(options), timing_(netlist::conversionTiming(design, options.blocks()))
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
  commands.push_back(fmt::format("alter vsl dc = {:.17g}", options_.rampReference() - devices.vread));
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
      result.vectors.resize(5);
      const netlist::DeckOptions& o = simulation.options_;
      // Transistor columns compare the ramp's rise from where it stood at
      // their auto-zero with the input's height above the common mode.
      const double reference = o.transistorColumns ? interpolate(time, ramp, t.autoZeroEnd()) : o.rampReference();
      for (int slot = 0; slot < t.slots; ++slot) {
        const double level = interpolate(time, ramp, t.slotEnd(slot)) - reference;
        if (!std::isfinite(level))
          throw SimulationError(fmt::format("the ramp at the end of slot {} is not a number", slot));
        result.vectors[rampLevels].push_back(level);
      }
      for (int column = 0; column < o.testColumns; ++column)
        result.vectors[holdCodes].push_back(
            o.transistorColumns
                ? registerCode(*session, time, t, column, simulation.design_, o)
                : std::round(interpolate(time, session->vector(fmt::format("hold{}", column)), t.readTime())));
      if (keepWaveform) {
        std::vector<double>& energy = result.vectors[supplyEnergy];
        const bool supplied = simulation.options_.testColumns > 0 || simulation.options_.transistor;
        energy.push_back(supplied ? deliveredEnergy(*session, time, "vdd", "vdd") : 0.0);
        double wordLines = 0.0;
        for (int slot = 0; slot < t.slots; ++slot)
          wordLines += deliveredEnergy(*session, time, fmt::format("wl{}", slot), fmt::format("vwl{}", slot));
        energy.push_back(wordLines);
        energy.push_back(deliveredEnergy(*session, time, "sl", "vsl"));
        energy.push_back(o.transistor ? deliveredEnergy(*session, time, "vcm", "vcm") : 0.0);
        const bool columns = o.transistorColumns && o.testColumns > 0;
        energy.push_back(columns ? deliveredEnergy(*session, time, "vddc", "vddc") : 0.0);
        energy.push_back(columns ? deliveredEnergy(*session, time, "vddl", "vddl") : 0.0);
        double counter = 0.0;
        for (int bit = 0; columns && bit < simulation.design_.levels.bits; ++bit)
          counter += deliveredEnergy(*session, time, fmt::format("count{}", bit), fmt::format("vcnt{}", bit));
        energy.push_back(counter);
        double drivers = 0.0;
        const std::pair<const char*, const char*> driven[] = {{"vcmc", "vcmc"},  {"az", "vaz"},     {"smp", "vsmp"},
                                                              {"smpb", "vsmpb"}, {"hold", "vhold"}, {"eqb", "veqb"},
                                                              {"clk", "vclk"}};
        for (const auto& [node, source] : driven)
          drivers += columns ? deliveredEnergy(*session, time, node, source) : 0.0;
        for (int column = 0; columns && column < o.testColumns; ++column)
          drivers += deliveredEnergy(*session, time, fmt::format("in{}", column), fmt::format("vin{}", column));
        energy.push_back(drivers);
        energy.push_back(columns ? deliveredEnergy(*session, time, "vddb", "vddb") : 0.0);
        for (double& v : ramp)
          v -= reference;
        result.vectors[Vector::time] = std::move(time);
        result.vectors[Vector::ramp] = std::move(ramp);
      }
      session->clearResults();
      return result;
    };
  };
}

} // namespace nladc::spice
