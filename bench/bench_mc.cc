// Monte Carlo speed of the reference-column NL-ADC (issue #4,
// bench/README.md): samples per second of four ways to run the same
// samples of a bs-kmq design (generic-65nm, 16 test columns), side by side:
//
//   (a) standalone   a deck per sample, its devices written in, one
//                    `ngspice -b` process per sample
//   (b) ngspice MC   one `ngspice -b` of the full deck whose .control block
//                    alters, runs `tran` and `destroy all` for each sample
//   (c) nladc spice  runMonteCarlo, Engine::spice, --jobs 1 and --jobs 2
//   (d) behavioural  runMonteCarlo, Engine::behavioural
//
// For reference it also times (b0), (b) on the ramp-only deck (no test
// columns) that (c) simulates. It checks that every variant realises the
// same ramp (thresholds) for the same samples.
//
// Then, for the transistor-level integrator (DESIGN.md §9), side by side on
// the same samples: (e) nladc's spice engine with --blocks transistor,
// (c') with behavioural blocks, and (f) one `ngspice -b` of the transistor
// ramp deck with its .control alter loop, which must realise (e)'s ramp.
//
//   bench_mc [--spice-samples N] [--behavioural-samples M] [--bits 3,4]
//            [--seed S] [--ngspice PATH] [--keep DIR]

#include "adc/BehaviouralModel.hh"
#include "adc/ColumnParameters.hh"
#include "adc/ReferenceColumnDesign.hh"
#include "adc/TechnologyReader.hh"
#include "adc/VariationModel.hh"
#include "netlist/ReferenceColumnNetlist.hh"
#include "netlist/SpiceWriter.hh"
#include "quant/Method.hh"
#include "spice/MonteCarlo.hh"
#include "spice/RampSimulation.hh"
#include "tests/support/LevelSets.hh"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <spawn.h>
#include <sstream>
#include <stdexcept>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace {

using namespace nladc;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using Ramps = std::vector<std::vector<double>>; // [sample][slot]: V_0, T_1 … T_{K−1}

struct Settings {
  uint64_t spiceSamples = 80;
  uint64_t behaviouralSamples = 10000;
  std::vector<int> bits{3, 4};
  uint64_t seed = 1;
  std::string ngspice = "/usr/bin/ngspice";
  std::optional<fs::path> keep;
};

double secondsSince(Clock::time_point start)
{
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Runs `ngspice -b deck` with stdout and stderr to `log`; throws unless it
// exits with status 0.
void runNgspice(const std::string& ngspice, const fs::path& deck, const fs::path& log)
{
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  std::string program = ngspice;
  std::string batch = "-b";
  std::string file = deck.string();
  char* argv[] = {program.data(), batch.data(), file.data(), nullptr};
  pid_t pid = 0;
  const int error = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0)
    throw std::runtime_error(fmt::format("cannot start {}: {}", ngspice, std::strerror(error)));
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error(
        fmt::format("{} -b {} failed (status {}); see {}", ngspice, deck.string(), status, log.string()));
}

// The ramp<j> .meas results in an ngspice log, one vector per sample: a
// sample starts at each "nladc-sample" line (the control block's echo), or
// at the top of a log without any. A transistor deck's levels count from
// its ramp_auto_zero result, as nladc measures them (RampSimulation).
Ramps rampMeasures(const fs::path& log, size_t slots)
{
  std::ifstream in(log);
  Ramps ramps;
  const std::regex measure(R"(^\s*ramp([0-9]+|_auto_zero)\s*=\s*([-+0-9.eE]+))");
  bool marked = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("nladc-sample", 0) == 0) {
      ramps.emplace_back(slots, NAN);
      marked = true;
      continue;
    }
    std::smatch m;
    if (!std::regex_search(line, m, measure))
      continue;
    if (!marked && ramps.empty())
      ramps.emplace_back(slots, NAN);
    if (ramps.empty())
      continue;
    if (m[1] == "_auto_zero") {
      for (double& level : ramps.back())
        level -= std::stod(m[2]); // .meas prints it after every ramp<j>
      continue;
    }
    const size_t j = std::stoul(m[1]);
    if (j < slots)
      ramps.back()[j] = std::stod(m[2]);
  }
  return ramps;
}

// The deck `circuit` with one sample's devices written in, as a user without
// nladc would edit it: each cell's resistance and gate offset as instance
// parameters (the cell's VDVT source reads {dvt}) and the source line at
// −Vread. The same values RampSimulation::alterCommands sets.
netlist::Circuit sampleCircuit(netlist::Circuit circuit, const adc::ColumnDevices& devices)
{
  for (netlist::Subcircuit& s : circuit.subcircuits)
    if (s.name == "nladc_cell") {
      s.params.emplace_back("dvt", "0");
      for (netlist::Device& d : s.devices)
        if (d.name == "VDVT")
          d.value = "DC {dvt}";
    }
  std::map<std::string, const adc::Cell*> cells;
  for (size_t i = 0; i < devices.calibrationCells.size(); ++i)
    cells[netlist::calibrationCellName(i)] = &devices.calibrationCells[i];
  for (size_t j = 0; j < devices.stepCells.size(); ++j)
    for (size_t m = 0; m < devices.stepCells[j].size(); ++m)
      cells[netlist::stepCellName(j + 1, static_cast<int>(m))] = &devices.stepCells[j][m];
  size_t written = 0;
  for (netlist::Device& d : circuit.devices) {
    if (d.name == "VSL")
      d.value = fmt::format("DC {:.17g}", -devices.vread);
    const auto cell = cells.find(d.name);
    if (cell == cells.end())
      continue;
    d.params = {{"r", fmt::format("{:.17g}", 1.0 / cell->second->conductance)},
                {"dvt", fmt::format("{:.17g}", cell->second->vthShift)}};
    ++written;
  }
  if (written != cells.size())
    throw std::logic_error("the deck does not name every cell of the sample");
  return circuit;
}

// The ngspice command that repeats the deck's .tran card.
std::string tranCommand(const netlist::Circuit& circuit)
{
  for (const std::string& analysis : circuit.analyses)
    if (analysis.rfind(".tran ", 0) == 0)
      return analysis.substr(1);
  throw std::logic_error("the deck has no .tran card");
}

// (b)'s deck: the full deck with a .control block that, for each sample,
// echoes a marker, applies its alter commands, runs the transient (the
// deck's .meas cards report its ramp) and frees the results.
std::string batchDeck(const netlist::Circuit& circuit, const std::vector<std::vector<std::string>>& alters)
{
  std::string deck = netlist::writeSpice(circuit);
  const size_t end = deck.rfind(".end");
  if (end == std::string::npos)
    throw std::logic_error("the deck has no .end card");
  deck.erase(end);
  const std::string tran = tranCommand(circuit);
  deck += ".control\n";
  for (size_t i = 0; i < alters.size(); ++i) {
    deck += fmt::format("echo nladc-sample {}\n", i);
    for (const std::string& command : alters[i])
      deck += command + "\n";
    deck += tran + "\n";
    deck += "destroy all\n";
  }
  deck += "quit\n.endc\n.end\n";
  return deck;
}

// The ramp of each ok sample of a run's samples.csv, by index.
Ramps csvRamps(const fs::path& file, size_t slots, uint64_t samples)
{
  Ramps ramps(samples);
  std::ifstream in(file);
  std::string line;
  std::getline(in, line); // header
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::stringstream stream(line);
    for (std::string field; std::getline(stream, field, ',');)
      fields.push_back(field);
    if (fields.size() < 2 + slots || fields[1] != "ok")
      continue;
    const uint64_t index = std::stoull(fields[0]);
    if (index >= samples)
      continue;
    for (size_t j = 0; j < slots; ++j)
      ramps[index].push_back(std::stod(fields[2 + j]));
  }
  return ramps;
}

struct Comparison {
  double maxDifference = 0.0; // V, over every slot of every sample both have
  size_t compared = 0;        // samples
  size_t missing = 0;         // samples one of them lacks
};

Comparison compare(const Ramps& x, const Ramps& y, size_t samples, size_t slots)
{
  Comparison c;
  for (size_t i = 0; i < samples; ++i) {
    const bool complete = i < x.size() && i < y.size() && x[i].size() == slots && y[i].size() == slots &&
                          std::none_of(x[i].begin(), x[i].end(), [](double v) { return std::isnan(v); }) &&
                          std::none_of(y[i].begin(), y[i].end(), [](double v) { return std::isnan(v); });
    if (!complete) {
      ++c.missing;
      continue;
    }
    ++c.compared;
    for (size_t j = 0; j < slots; ++j)
      c.maxDifference = std::max(c.maxDifference, std::abs(x[i][j] - y[i][j]));
  }
  return c;
}

// CPU time of this process and its waited-for children (the ngspice
// processes, the engine's workers), user + system.
double cpuSeconds()
{
  double total = 0.0;
  for (const int who : {RUSAGE_SELF, RUSAGE_CHILDREN}) {
    rusage usage{};
    getrusage(who, &usage);
    total += static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
             1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
  }
  return total;
}

struct Stopwatch {
  Clock::time_point wall = Clock::now();
  double cpu = cpuSeconds();
  double load = [] {
    double load[1] = {0.0};
    getloadavg(load, 1);
    return load[0];
  }();
};

struct Rate {
  std::string variant;
  uint64_t samples = 0;
  double seconds = 0.0;
  double cpuSeconds = 0.0;
  double loadAtStart = 0.0; // 1-minute load average
  double perSecond() const { return static_cast<double>(samples) / seconds; }
};

Rate finish(const std::string& variant, uint64_t samples, const Stopwatch& start)
{
  return {variant, samples, secondsSince(start.wall), cpuSeconds() - start.cpu, start.load};
}

struct McRun {
  Rate rate;
  Ramps ramps;
  uint64_t failed = 0;
};

McRun runEngine(const spice::MonteCarloInputs& inputs, spice::Engine engine, int jobs, uint64_t samples, uint64_t seed,
                const fs::path& directory, const std::string& name)
{
  spice::MonteCarloOptions options;
  options.samples = samples;
  options.jobs = jobs;
  options.seed = seed;
  options.engine = engine;
  options.testColumns = 16;
  options.directory = directory;
  const Stopwatch start;
  const spice::MonteCarloOutcome outcome = spice::runMonteCarlo(
      inputs, options, [](uint64_t, uint64_t) {}, [] { return false; });
  McRun run{finish(name, samples, start), {}, outcome.summary["samples"]["failed"].get<uint64_t>()};
  run.ramps = csvRamps(directory / "samples.csv", inputs.design.levels.levelCount(), samples);
  return run;
}

void benchDesign(const Settings& settings, int bits, const fs::path& work)
{
  const adc::Technology tech = adc::readTechnology(fs::path(NLADC_EXAMPLES_DIR) / "tech" / "generic-65nm.yaml");
  const adc::ReferenceColumnDesign design =
      adc::designReferenceColumn(testing::reluLevelSet(quant::Method::bsKmq, bits), adc::columnParameters(tech));
  const adc::VariationModel variation = adc::variationModel(tech);
  netlist::DeckOptions deckOptions = netlist::deckOptions(tech);
  deckOptions.testColumns = 16;
  deckOptions.mismatchSources = true;
  const netlist::Circuit full = netlist::buildReferenceColumnDeck(design, deckOptions);
  const size_t slots = design.levels.levelCount();
  const uint64_t n = settings.spiceSamples;
  const int cells = design.cellCount();

  const fs::path dir = work / fmt::format("bs-kmq-{}bit", bits);
  fs::create_directories(dir);
  fmt::print("\n== bs-kmq, {} bits ({} levels, {} cells), generic-65nm, 16 test columns, seed {} ==\n", bits, slots,
             cells, settings.seed);
  std::fflush(stdout);

  std::vector<adc::ColumnDevices> devices;
  std::vector<std::vector<std::string>> alters;
  const spice::RampSimulation simulation(design, deckOptions); // for its alter commands only
  for (uint64_t i = 0; i < n; ++i) {
    devices.push_back(adc::drawSample(design, variation, 16, settings.seed, i).devices);
    alters.push_back(simulation.alterCommands(devices.back()));
  }

  std::vector<Rate> rates;

  // (a): a deck per sample, one ngspice process each. The first, untimed
  // run warms the page cache (ngspice, its code models, the model file).
  runNgspice(
      settings.ngspice,
      [&] {
        const fs::path deck = dir / "warmup.sp";
        std::ofstream(deck) << netlist::writeSpice(sampleCircuit(full, devices[0]));
        return deck;
      }(),
      dir / "warmup.log");
  Ramps standalone;
  {
    const Stopwatch start;
    for (uint64_t i = 0; i < n; ++i) {
      const fs::path deck = dir / fmt::format("standalone-{}.sp", i);
      const fs::path log = dir / fmt::format("standalone-{}.log", i);
      std::ofstream(deck) << netlist::writeSpice(sampleCircuit(full, devices[i]));
      runNgspice(settings.ngspice, deck, log);
      Ramps one = rampMeasures(log, slots);
      standalone.push_back(one.empty() ? std::vector<double>{} : one.front());
    }
    rates.push_back(finish("(a) ngspice -b per sample, full deck", n, start));
  }
  fmt::print("  {:<44} {:>6} samples {:>8.2f} s\n", rates.back().variant, n, rates.back().seconds);
  std::fflush(stdout);

  // (b): one ngspice process; its .control block loops over the samples.
  // (b0), for reference only: the same on the ramp-only deck that nladc's
  // spice engine simulates (RampSimulation.hh), to tell the deck's share of
  // (c)'s speed from the engine's.
  netlist::DeckOptions rampOnly = deckOptions;
  rampOnly.testColumns = 0;
  Ramps batch, batchRampOnly;
  for (const bool wholeDeck : {true, false}) {
    const std::string name = wholeDeck ? "batch" : "batch-ramp-only";
    const fs::path deck = dir / (name + ".sp");
    const fs::path log = dir / (name + ".log");
    const Stopwatch start;
    std::ofstream(deck) << batchDeck(wholeDeck ? full : netlist::buildReferenceColumnDeck(design, rampOnly), alters);
    runNgspice(settings.ngspice, deck, log);
    (wholeDeck ? batch : batchRampOnly) = rampMeasures(log, slots);
    rates.push_back(finish(
        wholeDeck ? "(b) one ngspice -b, .control alter loop" : "(b0) as (b), ramp-only deck (reference)", n, start));
    fmt::print("  {:<44} {:>6} samples {:>8.2f} s\n", rates.back().variant, n, rates.back().seconds);
    std::fflush(stdout);
  }

  // (c), (d): nladc's engines, each into a fresh run directory.
  const spice::MonteCarloInputs inputs{design, deckOptions, variation, nullptr, nlohmann::json::object()};
  std::vector<McRun> runs;
  for (const int jobs : {1, 2}) {
    runs.push_back(runEngine(inputs, spice::Engine::spice, jobs, n, settings.seed, dir / fmt::format("spice-j{}", jobs),
                             fmt::format("(c) nladc spice engine, --jobs {}", jobs)));
    rates.push_back(runs.back().rate);
    fmt::print("  {:<44} {:>6} samples {:>8.2f} s\n", rates.back().variant, n, rates.back().seconds);
    std::fflush(stdout);
  }
  runs.push_back(runEngine(inputs, spice::Engine::behavioural, 1, settings.behaviouralSamples, settings.seed,
                           dir / "behavioural", "(d) nladc behavioural engine"));
  rates.push_back(runs.back().rate);
  fmt::print("  {:<44} {:>6} samples {:>8.2f} s\n", rates.back().variant, settings.behaviouralSamples,
             rates.back().seconds);

  fmt::print("\n  {:<44} {:>10} {:>10} {:>14} {:>6}\n", "variant", "samples/s", "ms/sample", "CPU ms/sample", "load");
  for (const Rate& r : rates)
    fmt::print("  {:<44} {:>10.4g} {:>10.4g} {:>14.4g} {:>6.2f}\n", r.variant, r.perSecond(),
               1e3 * r.seconds / static_cast<double>(r.samples), 1e3 * r.cpuSeconds / static_cast<double>(r.samples),
               r.loadAtStart);

  const double a = rates[0].perSecond(), b = rates[1].perSecond(), c1 = rates[3].perSecond(), c2 = rates[4].perSecond(),
               d = rates[5].perSecond();
  auto ratio = [](const char* what, double value, double target) {
    fmt::print("  {:<34} {:>9.2f}   target >= {:<6g} {}\n", what, value, target, value >= target ? "met" : "NOT MET");
  };
  fmt::print("\n");
  ratio("(c, jobs 2) / (a)", c2 / a, 3);
  ratio("(c, jobs 1) / (b)", c1 / b, 1);
  ratio("(c, jobs 2) / (c, jobs 1)", c2 / c1, 1.7);
  ratio("(d) / (c, jobs 1)", d / c1, 1000);
  fmt::print("  {:<34} {:>9.2f}   (reference: (c)'s engine against ngspice on the same deck)\n", "(c, jobs 1) / (b0)",
             c1 / rates[2].perSecond());

  // The same samples must give the same ramp, whatever ran them.
  const std::vector<double> nominal = adc::rampLevels(design.parameters, adc::nominalDevices(design));
  double smallest = INFINITY;
  for (size_t j = 1; j < nominal.size(); ++j)
    smallest = std::min(smallest, nominal[j] - nominal[j - 1]);
  fmt::print("\n  thresholds (ramp at each slot end), max |difference| over {} samples x {} slots;\n"
             "  smallest nominal step {:.4g} mV:\n",
             n, slots, 1e3 * smallest);
  auto agreement = [&](const char* what, const Ramps& x, const Ramps& y) {
    const Comparison c = compare(x, y, n, slots);
    fmt::print("  {:<34} {:>10.3g} uV = {:.2e} of the smallest step ({} compared, {} missing)\n", what,
               1e6 * c.maxDifference, c.maxDifference / smallest, c.compared, c.missing);
  };
  agreement("(b) vs (c, jobs 1)", batch, runs[0].ramps);
  agreement("(a) vs (c, jobs 1)", standalone, runs[0].ramps);
  agreement("(a) vs (b)", standalone, batch);
  agreement("(b0) vs (c, jobs 1)", batchRampOnly, runs[0].ramps);
  agreement("(c, jobs 1) vs (c, jobs 2)", runs[0].ramps, runs[1].ramps);
  agreement("(d) vs (c, jobs 1)", runs[2].ramps, runs[0].ramps);
  for (const McRun& run : runs)
    if (run.failed > 0)
      fmt::print("  {}: {} samples failed\n", run.rate.variant, run.failed);
  std::fflush(stdout);
}

void benchTransistorBlocks(const Settings& settings, int bits, const fs::path& work)
{
  const adc::Technology tech = adc::readTechnology(fs::path(NLADC_EXAMPLES_DIR) / "tech" / "generic-65nm.yaml");
  const adc::ReferenceColumnDesign design =
      adc::designReferenceColumn(testing::reluLevelSet(quant::Method::bsKmq, bits), adc::columnParameters(tech));
  const adc::VariationModel variation = adc::variationModel(tech);
  const uint64_t n = settings.spiceSamples;
  const size_t slots = design.levels.levelCount();
  const fs::path dir = work / fmt::format("transistor-{}bit", bits);
  fs::create_directories(dir);
  fmt::print("\n== transistor blocks against behavioural, bs-kmq {} bits, generic-65nm, ramp deck, seed {} ==\n", bits,
             settings.seed);
  std::vector<Rate> rates;
  std::vector<McRun> runs;
  netlist::DeckOptions transistor;
  for (const adc::BlockKind blocks : {adc::BlockKind::transistor, adc::BlockKind::behavioural}) {
    netlist::DeckOptions deck = netlist::deckOptions(tech, blocks);
    deck.testColumns = 0;
    deck.mismatchSources = true;
    if (blocks == adc::BlockKind::transistor)
      transistor = deck;
    const spice::MonteCarloInputs inputs{design, deck, variation, nullptr, nlohmann::json::object()};
    const bool isTransistor = blocks == adc::BlockKind::transistor;
    runs.push_back(runEngine(inputs, spice::Engine::spice, 1, n, settings.seed,
                             dir / std::string(adc::blockKindName(blocks)),
                             isTransistor ? "(e) nladc spice, transistor blocks, --jobs 1"
                                          : "(c') nladc spice, behavioural blocks, --jobs 1"));
    rates.push_back(runs.back().rate);
    fmt::print("  {:<44} {:>6} samples {:>8.2f} s\n", rates.back().variant, n, rates.back().seconds);
    std::fflush(stdout);
  }
  const spice::RampSimulation simulation(design, transistor);
  std::vector<std::vector<std::string>> alters;
  for (uint64_t i = 0; i < n; ++i)
    alters.push_back(simulation.alterCommands(adc::drawSample(design, variation, 16, settings.seed, i).devices));
  const fs::path deck = dir / "batch-transistor.sp";
  const fs::path log = dir / "batch-transistor.log";
  const Stopwatch start;
  std::ofstream(deck) << batchDeck(netlist::buildReferenceColumnDeck(design, transistor), alters);
  runNgspice(settings.ngspice, deck, log);
  const Ramps batch = rampMeasures(log, slots);
  rates.push_back(finish("(f) one ngspice -b, transistor ramp deck", n, start));
  fmt::print("  {:<44} {:>6} samples {:>8.2f} s\n", rates.back().variant, n, rates.back().seconds);

  fmt::print("\n  {:<44} {:>10} {:>14}\n", "variant", "ms/sample", "CPU ms/sample");
  for (const Rate& r : rates)
    fmt::print("  {:<44} {:>10.4g} {:>14.4g}\n", r.variant, 1e3 * r.seconds / static_cast<double>(r.samples),
               1e3 * r.cpuSeconds / static_cast<double>(r.samples));
  fmt::print("  {:<44} {:>10.2f}\n", "(e) / (c') time per sample", rates[1].perSecond() / rates[0].perSecond());
  fmt::print("  {:<44} {:>10.2f}\n", "(e) / (f) speed", rates[0].perSecond() / rates[2].perSecond());
  const Comparison c = compare(batch, runs[0].ramps, n, slots);
  fmt::print("  (f) vs (e): max |ramp difference| {:.3g} uV ({} compared, {} missing)\n", 1e6 * c.maxDifference,
             c.compared, c.missing);
  for (const McRun& run : runs)
    if (run.failed > 0)
      fmt::print("  {}: {} samples failed\n", run.rate.variant, run.failed);
  std::fflush(stdout);
}

Settings parse(int argc, char** argv)
{
  Settings s;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc)
      throw std::invalid_argument(fmt::format("{}: a value must follow", flag));
    const std::string value = argv[++i];
    if (flag == "--spice-samples")
      s.spiceSamples = std::stoull(value);
    else if (flag == "--behavioural-samples")
      s.behaviouralSamples = std::stoull(value);
    else if (flag == "--seed")
      s.seed = std::stoull(value);
    else if (flag == "--ngspice")
      s.ngspice = value;
    else if (flag == "--keep")
      s.keep = value;
    else if (flag == "--bits") {
      s.bits.clear();
      std::stringstream stream(value);
      for (std::string item; std::getline(stream, item, ',');)
        s.bits.push_back(std::stoi(item));
    } else
      throw std::invalid_argument(fmt::format("unknown option {}", flag));
  }
  if (s.spiceSamples < 1 || s.behaviouralSamples < 1 || s.bits.empty())
    throw std::invalid_argument("sample counts and --bits must not be empty or zero");
  return s;
}

} // namespace

int main(int argc, char** argv)
{
  try {
    const Settings settings = parse(argc, argv);
    fs::path work;
    if (settings.keep) {
      work = *settings.keep;
      if (fs::exists(work) && !fs::is_empty(work))
        throw std::invalid_argument(fmt::format("--keep {}: not an empty directory", work.string()));
      fs::create_directories(work);
    } else {
      std::string pattern = (fs::temp_directory_path() / "bench_mc.XXXXXX").string();
      if (!mkdtemp(pattern.data()))
        throw std::runtime_error("cannot create a scratch directory");
      work = pattern;
    }
    double load[3] = {0, 0, 0};
    getloadavg(load, 3);
    fmt::print("bench_mc: {} spice samples per variant, {} behavioural; {} cores; load average {:.2f} at the start\n",
               settings.spiceSamples, settings.behaviouralSamples, sysconf(_SC_NPROCESSORS_ONLN), load[0]);
    const Clock::time_point start = Clock::now();
    for (const int bits : settings.bits)
      benchDesign(settings, bits, work);
    for (const int bits : settings.bits)
      benchTransistorBlocks(settings, bits, work);
    getloadavg(load, 3);
    fmt::print("\nbench_mc: {:.0f} s in all; load average {:.2f} at the end\n", secondsSince(start), load[0]);
    if (!settings.keep)
      fs::remove_all(work);
    return 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "bench_mc: {}\n", e.what());
    return 1;
  }
}
