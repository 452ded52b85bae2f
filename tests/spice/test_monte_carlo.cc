// runMonteCarlo into directories: independent of the number of workers,
// resumable after a stop or a crash mid-write, and guarded against mixing
// runs. And the behavioural engine held against ngspice on the same samples.

#include "adc/ConversionMeasurement.hh"
#include "adc/VariationModel.hh"
#include "spice/MonteCarlo.hh"
#include "tests/spice/SpiceTestSupport.hh"
#include "tests/support/TempDir.hh"
#include "util/Error.hh"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>

using namespace nladc;
namespace fs = std::filesystem;

namespace {

constexpr uint64_t seed = 7;
constexpr uint64_t samples = 12;

spice::MonteCarloInputs inputs(const adc::ReferenceColumnDesign& design)
{
  return {design, netlist::deckOptions(testing::generic65()), adc::variationModel(testing::generic65()), nullptr,
          nlohmann::json{{"level_set", "relu6 bs-kmq (tests)"}}};
}

spice::MonteCarloOptions options(const fs::path& directory, int jobs)
{
  spice::MonteCarloOptions o;
  o.samples = samples;
  o.jobs = jobs;
  o.seed = seed;
  o.testColumns = 16;
  o.timeLimit = 120.0;
  o.directory = directory;
  return o;
}

// A run of `n` samples, each allowed `timeLimit` seconds (1 ms: none
// finishes), two workers; fresh or resumed.
spice::MonteCarloOptions limited(const fs::path& directory, uint64_t n, double timeLimit, bool resume)
{
  spice::MonteCarloOptions o = options(directory, 2);
  o.samples = n;
  o.timeLimit = timeLimit;
  o.resume = resume;
  return o;
}

std::string readText(const fs::path& path)
{
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<std::string> split(const std::string& line, char separator)
{
  std::vector<std::string> fields;
  std::stringstream stream(line);
  for (std::string field; std::getline(stream, field, separator);)
    fields.push_back(field);
  return fields;
}

// samples.csv's rows (header left out), sorted by sample index.
std::vector<std::string> sortedRows(const fs::path& directory)
{
  const std::string text = readText(directory / "samples.csv");
  REQUIRE(!text.empty());
  REQUIRE(text.back() == '\n');
  std::vector<std::string> rows = split(text, '\n');
  rows.erase(rows.begin());
  std::sort(rows.begin(), rows.end(), [](const std::string& a, const std::string& b) {
    return std::stoull(a.substr(0, a.find(','))) < std::stoull(b.substr(0, b.find(',')));
  });
  return rows;
}

// Each index 0 … n−1 exactly once, in the sorted rows.
void requireEveryIndexOnce(const std::vector<std::string>& rows, uint64_t n)
{
  REQUIRE(rows.size() == n);
  for (uint64_t i = 0; i < n; ++i)
    CHECK(std::stoull(rows[i].substr(0, rows[i].find(','))) == i);
}

// The ramp of each successful row, by index.
std::map<uint64_t, std::vector<double>> ramps(const std::vector<std::string>& rows, size_t slots)
{
  std::map<uint64_t, std::vector<double>> result;
  for (const std::string& row : rows) {
    const std::vector<std::string> f = split(row, ',');
    REQUIRE(f.size() > 2 + slots);
    if (f[1] != "ok")
      continue;
    std::vector<double>& ramp = result[std::stoull(f[0])];
    for (size_t j = 0; j < slots; ++j)
      ramp.push_back(std::stod(f[2 + j]));
  }
  return result;
}

const auto never = [] { return false; };
const auto quiet = [](uint64_t, uint64_t) {};

const adc::ReferenceColumnDesign& design3()
{
  static const adc::ReferenceColumnDesign design = testing::bsKmqDesign(3);
  return design;
}

// The uninterrupted run of the 3-bit design, with one worker, every other
// run is held against. Made once; its directory goes at exit.
struct Reference {
  testing::TempDir directory{"nladc-mc-reference"};
  spice::MonteCarloOutcome outcome;
  std::vector<std::string> rows;
  std::string summary;

  Reference()
  {
    const fs::path dir = directory.path() / "run";
    outcome = spice::runMonteCarlo(inputs(design3()), options(dir, 1), quiet, never);
    rows = sortedRows(dir);
    summary = readText(dir / "summary.json");
  }
};

const Reference& reference()
{
  static const Reference run;
  return run;
}

// A run of the 3-bit design stopped once `stopAfter` samples are recorded.
spice::MonteCarloOutcome stoppedRun(const fs::path& dir, uint64_t stopAfter)
{
  uint64_t done = 0;
  return spice::runMonteCarlo(
      inputs(design3()), options(dir, 2), [&](uint64_t d, uint64_t) { done = d; }, [&] { return done >= stopAfter; });
}

} // namespace

TEST_CASE("a Monte Carlo run gives the same samples and summary with one worker and with two")
{
  const Reference& one = reference();
  REQUIRE(one.outcome.complete);
  CHECK(one.outcome.summary["samples"]["ok"] == samples);
  CHECK(one.outcome.summary["complete"] == true);
  requireEveryIndexOnce(one.rows, samples);

  const testing::TempDir scratch("nladc-mc-jobs");
  const fs::path dir = scratch.path() / "run";
  const spice::MonteCarloOutcome two = spice::runMonteCarlo(inputs(design3()), options(dir, 2), quiet, never);
  CHECK(two.complete);
  const std::vector<std::string> rows = sortedRows(dir);
  requireEveryIndexOnce(rows, samples);
  for (size_t i = 0; i < rows.size(); ++i) {
    INFO("jobs 1: " << one.rows[i] << "\njobs 2: " << rows[i]);
    CHECK(rows[i] == one.rows[i]);
  }
  CHECK(readText(dir / "summary.json") == one.summary);
  CHECK(two.summary == one.outcome.summary);
}

TEST_CASE("a stopped Monte Carlo run resumes to the uninterrupted run's samples and summary")
{
  const Reference& uninterrupted = reference();
  const testing::TempDir scratch("nladc-mc-resume");
  const bool partialLine = GENERATE(false, true);
  INFO((partialLine ? "with" : "without") << " a partial last line");
  const fs::path dir = scratch.path() / "run";

  const spice::MonteCarloOutcome stopped = stoppedRun(dir, 5);
  CHECK_FALSE(stopped.complete);
  CHECK(nlohmann::json::parse(readText(dir / "summary.json"))["complete"] == false);
  const size_t finished = sortedRows(dir).size();
  CHECK(finished >= 5);
  CHECK(finished < samples);
  if (partialLine)
    std::ofstream(dir / "samples.csv", std::ios::app) << "11,ok,0.0123"; // a crash mid-write

  uint64_t firstProgress = samples + 1;
  spice::MonteCarloOptions o = options(dir, 2);
  o.resume = true;
  const spice::MonteCarloOutcome resumed = spice::runMonteCarlo(
      inputs(design3()), o,
      [&](uint64_t done, uint64_t) {
        if (firstProgress > samples)
          firstProgress = done;
      },
      never);
  CHECK(resumed.complete);
  CHECK(firstProgress == finished); // the finished samples were kept, not rerun
  const std::vector<std::string> rows = sortedRows(dir);
  requireEveryIndexOnce(rows, samples);
  CHECK(rows == uninterrupted.rows);
  CHECK(readText(dir / "summary.json") == uninterrupted.summary);
}

TEST_CASE("samples aborted at their time limit run again on resume, and the run reaches the unhindered summary")
{
  // A time limit no transient meets: every sample is aborted, with the reason.
  const testing::TempDir scratch("nladc-mc-aborted");
  const fs::path dir = scratch.path() / "run";
  const spice::MonteCarloOutcome aborted =
      spice::runMonteCarlo(inputs(design3()), limited(dir, 6, 1e-3, false), quiet, never);
  REQUIRE(aborted.complete);
  CHECK(aborted.summary["samples"]["failed"] == 6);
  CHECK(aborted.summary["samples"]["aborted"] == 6);
  REQUIRE(aborted.summary["failures"].size() == 1);
  CHECK_THAT(aborted.summary["failures"][0]["reason"].get<std::string>(), Catch::Contains("time limit"));
  for (const std::string& row : sortedRows(dir))
    CHECK(split(row, ',').at(1) == "aborted");

  // Resumed with room to finish: each aborted sample runs again, and its new
  // row supersedes the aborted one.
  const spice::MonteCarloOutcome resumed =
      spice::runMonteCarlo(inputs(design3()), limited(dir, 6, 120.0, true), quiet, never);
  CHECK(resumed.complete);
  CHECK(resumed.summary["samples"]["failed"] == 0);

  const spice::MonteCarloOutcome whole =
      spice::runMonteCarlo(inputs(design3()), limited(scratch.path() / "unhindered", 6, 120.0, false), quiet, never);
  CHECK(resumed.summary == whole.summary);
  CHECK(readText(dir / "summary.json") == readText(scratch.path() / "unhindered" / "summary.json"));
  const std::vector<std::string> rows = sortedRows(dir);
  CHECK(rows.size() == 12); // the aborted rows stay, as the run's history
  std::vector<std::string> latest;
  std::copy_if(rows.begin(), rows.end(), std::back_inserter(latest),
               [](const std::string& row) { return split(row, ',').at(1) != "aborted"; });
  CHECK(latest == sortedRows(scratch.path() / "unhindered"));
}

TEST_CASE("a sample aborted on every attempt is tried three times in all, and then its aborted row is final")
{
  const testing::TempDir scratch("nladc-mc-attempts");
  const fs::path dir = scratch.path() / "run";
  REQUIRE(spice::runMonteCarlo(inputs(design3()), limited(dir, 3, 1e-3, false), quiet, never).complete);
  for (unsigned attempt = 2; attempt <= spice::maxAttemptsPerSample; ++attempt) {
    const spice::MonteCarloOutcome again =
        spice::runMonteCarlo(inputs(design3()), limited(dir, 3, 1e-3, true), quiet, never);
    CHECK(again.summary["samples"]["aborted"] == 3);
    CHECK(sortedRows(dir).size() == 3 * attempt);
  }
  // Even with room to finish, a further resume runs none of them.
  const std::string settled = readText(dir / "samples.csv");
  const spice::MonteCarloOutcome final =
      spice::runMonteCarlo(inputs(design3()), limited(dir, 3, 120.0, true), quiet, never);
  CHECK(final.complete);
  CHECK(final.summary["samples"]["aborted"] == 3);
  CHECK(readText(dir / "samples.csv") == settled);
}

TEST_CASE("a Monte Carlo run refuses a directory that holds another run")
{
  const testing::TempDir scratch("nladc-mc-guard");
  const fs::path dir = scratch.path() / "run";
  const spice::MonteCarloOutcome stopped = stoppedRun(dir, 2);
  REQUIRE_FALSE(stopped.complete);
  const std::string samplesBefore = readText(dir / "samples.csv");
  const std::string runBefore = readText(dir / "run.json");

  SECTION("a fresh run into it")
  {
    CHECK_THROWS_AS(spice::runMonteCarlo(inputs(design3()), options(dir, 1), quiet, never), InputError);
  }
  SECTION("a resume with another seed")
  {
    spice::MonteCarloOptions o = options(dir, 1);
    o.resume = true;
    o.seed = seed + 1;
    CHECK_THROWS_AS(spice::runMonteCarlo(inputs(design3()), o, quiet, never), InputError);
  }
  CHECK(readText(dir / "samples.csv") == samplesBefore);
  CHECK(readText(dir / "run.json") == runBefore);
}

TEST_CASE("the behavioural engine realises ngspice's ramp on the same sampled variations")
{
  for (const int bits : {3, 4}) {
    INFO(bits << "-bit bs-kmq");
    const adc::ReferenceColumnDesign design = bits == 3 ? design3() : testing::bsKmqDesign(bits);
    const testing::TempDir scratch("nladc-mc-engines");
    spice::MonteCarloOptions o = options(scratch.path() / "behavioural", 1);
    o.samples = 10;
    o.engine = spice::Engine::behavioural;
    REQUIRE(spice::runMonteCarlo(inputs(design), o, quiet, never).complete);
    const size_t slots = design.levels.levelCount();
    const std::map<uint64_t, std::vector<double>> behavioural = ramps(sortedRows(o.directory), slots);

    std::map<uint64_t, std::vector<double>> simulated;
    if (bits == 3) {
      simulated = ramps(reference().rows, slots); // the same seed, more samples
    } else {
      o.directory = scratch.path() / "spice";
      o.engine = spice::Engine::spice;
      o.jobs = 2;
      REQUIRE(spice::runMonteCarlo(inputs(design), o, quiet, never).complete);
      simulated = ramps(sortedRows(o.directory), slots);
    }
    REQUIRE(behavioural.size() == 10);
    const quant::LevelSet& set = design.levels;
    for (const auto& [index, ramp] : behavioural) {
      INFO("sample " << index);
      REQUIRE(simulated.contains(index));
      const std::vector<double>& spiceRamp = simulated.at(index);
      for (size_t j = 1; j < slots; ++j) {
        const double stepVolts = adc::localStep(set, j - 1) / set.domain.width() * design.parameters.fullScale;
        INFO("T_" << j << ": behavioural " << ramp[j] << " V, ngspice " << spiceRamp[j] << " V, local step "
                  << stepVolts << " V");
        CHECK(std::abs(ramp[j] - spiceRamp[j]) < 0.02 * stepVolts);
      }
    }
  }
}
