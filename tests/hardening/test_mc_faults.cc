// Faults against a real Monte Carlo run (nladc mc, ngspice in worker
// processes): SIGTERM to the parent, a worker SIGKILLed mid-sample, a worker
// that hangs past its time limit, a deck that stops converging for some
// samples, and the output disk full (a file size limit: write fails with
// EFBIG). After each, samples.csv parses strictly (whole lines; a sample
// twice only after an aborted line), summary.json parses, no finished
// sample is lost, and --resume finishes the run with the summary of an
// undisturbed run. SIGINT is tests/cli/test_sim_mc_cli.cc; the pool's own
// view of the same faults is tests/spice/test_worker_pool.cc.

#include "tests/support/Synthetic.hh"
#include "tests/support/Workspace.hh"

#include <algorithm>
#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

using nladc::testing::lineCount;
using nladc::testing::Run;
using nladc::testing::slurp;
using nladc::testing::Workspace;

constexpr int samples = 40;

struct McRun {
  Workspace ws;
  fs::path acts = ws.writeF32("acts.f32", nladc::testing::reluShaped(20000, 5));
  fs::path levels = ws.path("levels.json");

  McRun()
  {
    REQUIRE(ws.run({"levels", acts.string(), "--bits", "3", "--method", "bs-kmq", "-o", levels.string()}).status == 0);
  }

  std::vector<std::string> args(const fs::path& dir, bool resume = false,
                                const std::string& tech = nladc::testing::bundledTechnology()) const
  {
    std::vector<std::string> a = {"mc",        levels.string(),
                                  "--tech",    tech,
                                  "--data",    acts.string(),
                                  "--samples", std::to_string(samples),
                                  "--seed",    "5",
                                  "--jobs",    "2",
                                  "-o",        dir.string()};
    if (resume)
      a.push_back("--resume");
    return a;
  }
};

// samples.csv read strictly: every line whole and as wide as the header; a
// sample's line repeated only after an aborted one, which it supersedes.
struct Rows {
  std::map<uint64_t, std::string> latest; // each sample's last line
  size_t aborted = 0;                     // aborted lines, superseded or not
  size_t lines = 0;
};

Rows strictRows(const fs::path& file)
{
  const std::string text = slurp(file);
  REQUIRE(!text.empty());
  REQUIRE(text.back() == '\n');
  std::istringstream in(text);
  std::string header;
  std::getline(in, header);
  const auto width = std::count(header.begin(), header.end(), ',');
  Rows rows;
  for (std::string line; std::getline(in, line);) {
    INFO(line);
    ++rows.lines;
    // A reason is the last field and may hold quoted commas: count before it.
    const std::string beforeReason = line.substr(0, line.find('"'));
    CHECK(std::count(beforeReason.begin(), beforeReason.end(), ',') == width);
    const uint64_t index = std::stoull(line.substr(0, line.find(',')));
    CHECK(index < samples);
    const auto [earlier, first] = rows.latest.emplace(index, line);
    if (!first) {
      CHECK_THAT(earlier->second, Catch::StartsWith(std::to_string(index) + ",aborted,"));
      earlier->second = line;
    }
    rows.aborted += line.starts_with(std::to_string(index) + ",aborted,") ? 1 : 0;
  }
  return rows;
}

nlohmann::json summaryOf(const fs::path& dir)
{
  return nlohmann::json::parse(slurp(dir / "summary.json"));
}

void waitForRows(const fs::path& file, size_t rows)
{
  for (int wait = 0; wait < 1200 && (!fs::exists(file) || lineCount(file) < rows + 1); ++wait)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  REQUIRE(lineCount(file) >= rows + 1);
}

// The child processes of `parent` (its workers), from /proc.
std::vector<pid_t> childrenOf(pid_t parent)
{
  std::vector<pid_t> children;
  for (const fs::directory_entry& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos)
      continue;
    std::ifstream stat(entry.path() / "stat");
    std::string text;
    std::getline(stat, text);
    const size_t afterName = text.rfind(')');
    if (afterName == std::string::npos)
      continue;
    std::istringstream fields(text.substr(afterName + 2));
    char state = 0;
    pid_t ppid = 0;
    fields >> state >> ppid;
    if (ppid == parent)
      children.push_back(std::stoi(name));
  }
  return children;
}

// Starts nladc with a file size limit of `kib` KiB and SIGXFSZ ignored (both
// inherited through exec), so a write past the limit fails with EFBIG as on
// a full disk.
pid_t startWithFileSizeLimit(const Workspace& ws, const std::vector<std::string>& args, size_t kib)
{
  std::vector<std::string> command = {
      "/bin/bash", "-c", "trap '' XFSZ; ulimit -f " + std::to_string(kib) + " && exec \"$0\" \"$@\"", NLADC_BINARY};
  command.insert(command.end(), args.begin(), args.end());
  return ws.startCommand(command);
}

int exitStatusOf(pid_t child)
{
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  return WEXITSTATUS(status);
}

// Every row `cut` kept is the undisturbed run's row, byte for byte.
void requireSameRows(const std::map<uint64_t, std::string>& cut, const std::map<uint64_t, std::string>& whole)
{
  for (const auto& [index, line] : cut) {
    INFO("sample " << index);
    CHECK(line == whole.at(index));
  }
}

// A copy of the bundled technology whose model library also holds a device
// with no consistent solution once the ramp passes `volts`: the deck then
// stops converging (ngspice: "Timestep too small") in exactly the samples
// whose ramp reaches that far, as a PDK model can fail at some corners.
std::string nonConvergentTechnology(const Workspace& ws, double volts)
{
  const fs::path tech = fs::path(NLADC_EXAMPLES_DIR) / "tech";
  ws.writeText("faulty.lib", slurp(tech / "generic-65nm.lib") +
                                 fmt::format("* no solution once the ramp passes {:.6f} V\n"
                                             "Bfault nfault 0 I=V(ramp) > {:.6f} ? 1e3*(V(nfault) > 0.5 ? 1 : -1) : 0\n"
                                             "Rfault nfault 0 1k\n",
                                             volts, volts));
  std::string yaml = slurp(tech / "generic-65nm.yaml");
  const std::string include = "include: generic-65nm.lib";
  REQUIRE(yaml.find(include) != std::string::npos);
  yaml.replace(yaml.find(include), include.size(), "include: faulty.lib");
  return ws.writeText("faulty.yaml", yaml).string();
}

// The ramp's last level (V) of each ok row, sorted.
std::vector<double> topOfRamps(const std::map<uint64_t, std::string>& rows, int bits)
{
  std::vector<double> tops;
  for (const auto& [index, line] : rows) {
    std::vector<std::string> fields;
    std::istringstream in(line);
    for (std::string field; std::getline(in, field, ',');)
      fields.push_back(field);
    tops.push_back(std::stod(fields.at(2 + (1 << bits) - 1)));
  }
  std::sort(tops.begin(), tops.end());
  return tops;
}

// Stops one of `parent`'s workers (SIGSTOP) while the run still has samples
// to hand out: within moments the pool gives it one, if it had none in
// flight, so from then on it holds exactly one sample it will never finish.
pid_t freezeWorkerMidSample(pid_t parent, const fs::path& samplesCsv)
{
  const std::vector<pid_t> workers = childrenOf(parent);
  REQUIRE(!workers.empty());
  REQUIRE(kill(workers.front(), SIGSTOP) == 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  // Rows written, two samples in flight and at least one still queued: so
  // the queue was never empty while the frozen worker waited for work.
  REQUIRE(lineCount(samplesCsv) - 1 + 3 <= samples);
  return workers.front();
}

// After a fault that cost the run in `dir` one sample: the run went on,
// every sample has its row, exactly one aborted with `reason` and every
// other the undisturbed run's; --resume runs the aborted one again and
// reaches the undisturbed summary and rows.
void requireOneAbortedThenResumed(const McRun& run, const fs::path& dir,
                                  const std::map<uint64_t, std::string>& wholeRows, const nlohmann::json& expected,
                                  const std::string& reason)
{
  const Rows rows = strictRows(dir / "samples.csv");
  CHECK(rows.latest.size() == samples);
  CHECK(rows.aborted == 1);
  for (const auto& [index, line] : rows.latest)
    if (line != wholeRows.at(index))
      CHECK_THAT(line, Catch::Contains(",aborted,") && Catch::Contains(reason));
  CHECK(summaryOf(dir)["samples"]["aborted"] == 1);
  REQUIRE(run.ws.run(run.args(dir, true)).status == 0);
  CHECK(summaryOf(dir) == expected);
  const Rows resumed = strictRows(dir / "samples.csv");
  CHECK(resumed.latest == wholeRows);
  CHECK(resumed.lines == samples + 1);
  // The new row stands: a second resume runs nothing.
  const std::string settled = slurp(dir / "samples.csv");
  REQUIRE(run.ws.run(run.args(dir, true)).status == 0);
  CHECK(slurp(dir / "samples.csv") == settled);
}

} // namespace

TEST_CASE("mc under faults: each resumes to the undisturbed summary")
{
  const McRun run;
  const fs::path whole = run.ws.path("whole");
  REQUIRE(run.ws.run(run.args(whole)).status == 0);
  const nlohmann::json expected = summaryOf(whole);
  REQUIRE(expected["complete"] == true);
  REQUIRE(expected["samples"]["failed"] == 0);
  const std::map<uint64_t, std::string> wholeRows = strictRows(whole / "samples.csv").latest;
  REQUIRE(wholeRows.size() == samples);

  SECTION("SIGTERM to the parent")
  {
    const fs::path dir = run.ws.path("term");
    const pid_t child = run.ws.start(run.args(dir));
    waitForRows(dir / "samples.csv", 4);
    kill(child, SIGTERM);
    CHECK(exitStatusOf(child) == 128 + SIGTERM);
    const nlohmann::json partial = summaryOf(dir);
    CHECK(partial["complete"] == false);
    const Rows rows = strictRows(dir / "samples.csv");
    CHECK(rows.latest.size() == partial["samples"]["done"].get<size_t>());
    CHECK(rows.latest.size() >= 4);
    requireSameRows(rows.latest, wholeRows);
    REQUIRE(run.ws.run(run.args(dir, true)).status == 0);
    CHECK(summaryOf(dir) == expected);
    CHECK(strictRows(dir / "samples.csv").latest == wholeRows);
  }

  SECTION("SIGKILL to a worker mid-sample")
  {
    const fs::path dir = run.ws.path("kill");
    const pid_t child = run.ws.start(run.args(dir));
    waitForRows(dir / "samples.csv", 3);
    kill(freezeWorkerMidSample(child, dir / "samples.csv"), SIGKILL);
    CHECK(exitStatusOf(child) == 0);
    requireOneAbortedThenResumed(run, dir, wholeRows, expected, "worker crashed (signal 9");
  }

  SECTION("a worker that hangs past its time limit")
  {
    const fs::path dir = run.ws.path("hang");
    std::vector<std::string> args = run.args(dir);
    args.insert(args.end(), {"--time-limit", "3"}); // the watchdog: 3 s + 10 s
    const pid_t child = run.ws.start(args);
    waitForRows(dir / "samples.csv", 3);
    freezeWorkerMidSample(child, dir / "samples.csv");
    CHECK(exitStatusOf(child) == 0);
    requireOneAbortedThenResumed(run, dir, wholeRows, expected, "no answer within 13 s; the worker was killed");
  }

  SECTION("a deck that stops converging for some samples")
  {
    // Half the samples' ramps end above the median: those fail.
    const std::vector<double> tops = topOfRamps(wholeRows, 3);
    REQUIRE(tops[samples / 2] - tops[samples / 2 - 1] > 1e-4); // well apart, so the split is sharp
    const std::string tech = nonConvergentTechnology(run.ws, 0.5 * (tops[samples / 2 - 1] + tops[samples / 2]));
    const fs::path faultyWhole = run.ws.path("faulty-whole");
    REQUIRE(run.ws.run(run.args(faultyWhole, false, tech)).status == 0);
    const nlohmann::json faultyExpected = summaryOf(faultyWhole);
    CHECK(faultyExpected["samples"]["ok"] == samples / 2);
    CHECK(faultyExpected["samples"]["failed"] == samples / 2);
    CHECK(faultyExpected["samples"]["aborted"] == 0);
    const Rows faultyRows = strictRows(faultyWhole / "samples.csv");
    for (const auto& [index, line] : faultyRows.latest) {
      INFO(line);
      CHECK((line.find(",ok,") != std::string::npos ||
             (line.find(",failed,") != std::string::npos && line.find("Timestep too small") != std::string::npos)));
    }
    // Failures of the deck are final: a resume of the finished run reruns none.
    const std::string samplesCsv = slurp(faultyWhole / "samples.csv");
    REQUIRE(run.ws.run(run.args(faultyWhole, true, tech)).status == 0);
    CHECK(slurp(faultyWhole / "samples.csv") == samplesCsv);
    CHECK(summaryOf(faultyWhole) == faultyExpected);

    // Stopped part way and resumed: the same summary, every sample once.
    const fs::path dir = run.ws.path("faulty");
    const pid_t child = run.ws.start(run.args(dir, false, tech));
    waitForRows(dir / "samples.csv", 4);
    kill(child, SIGTERM);
    CHECK(exitStatusOf(child) == 128 + SIGTERM);
    REQUIRE(run.ws.run(run.args(dir, true, tech)).status == 0);
    CHECK(summaryOf(dir) == faultyExpected);
    const Rows rows = strictRows(dir / "samples.csv");
    CHECK(rows.lines == samples);
    requireSameRows(rows.latest, faultyRows.latest);
  }

  SECTION("the output disk full: writes past a file size limit fail with EFBIG")
  {
    const fs::path dir = run.ws.path("full");
    // Room for run.json and the header and a few rows of samples.csv.
    const size_t kib =
        std::max<size_t>(fs::file_size(whole / "run.json"), wholeRows.begin()->second.size() * 8) / 1024 + 1;
    REQUIRE(kib * 1024 < fs::file_size(whole / "samples.csv"));
    const pid_t child = startWithFileSizeLimit(run.ws, run.args(dir), kib);
    CHECK(exitStatusOf(child) == 1);
    const Rows rows = strictRows(dir / "samples.csv");
    CHECK(!rows.latest.empty());
    CHECK(rows.latest.size() < samples);
    requireSameRows(rows.latest, wholeRows);
    for (const fs::directory_entry& entry : fs::directory_iterator(dir))
      CHECK(entry.path().filename().string().find(".tmp-") == std::string::npos);
    REQUIRE(run.ws.run(run.args(dir, true)).status == 0);
    CHECK(summaryOf(dir) == expected);
    CHECK(strictRows(dir / "samples.csv").latest == wholeRows);
  }
}
