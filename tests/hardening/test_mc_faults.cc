// Faults against a real Monte Carlo run (nladc mc, ngspice in worker
// processes): SIGTERM to the parent, SIGKILL to a worker mid-run, and the
// output disk full (a file size limit: write fails with EFBIG). After each,
// samples.csv parses strictly (whole lines, one per sample, no sample twice),
// summary.json parses, no finished sample is lost, and --resume finishes the
// run with the summary of an undisturbed run. The pool's own faults (a sample
// that does not converge, one past its time limit, a crashing worker) are
// tests/spice/test_worker_pool.cc; SIGINT is tests/cli/test_sim_mc_cli.cc.

#include "tests/support/Synthetic.hh"
#include "tests/support/Workspace.hh"

#include <algorithm>
#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
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

constexpr int samples = 24;

struct McRun {
  Workspace ws;
  fs::path acts = ws.writeF32("acts.f32", nladc::testing::reluShaped(20000, 5));
  fs::path levels = ws.path("levels.json");

  McRun()
  {
    REQUIRE(ws.run({"levels", acts.string(), "--bits", "3", "--method", "bs-kmq", "-o", levels.string()}).status == 0);
  }

  std::vector<std::string> args(const fs::path& dir, bool resume = false) const
  {
    std::vector<std::string> a = {"mc",        levels.string(),
                                  "--tech",    std::string(NLADC_EXAMPLES_DIR) + "/tech/generic-65nm.yaml",
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

// samples.csv read strictly: every line whole and as wide as the header, each
// sample once. Returns the rows by sample index.
std::map<uint64_t, std::string> strictRows(const fs::path& file)
{
  const std::string text = slurp(file);
  REQUIRE(!text.empty());
  REQUIRE(text.back() == '\n');
  std::istringstream in(text);
  std::string header;
  std::getline(in, header);
  const auto width = std::count(header.begin(), header.end(), ',');
  std::map<uint64_t, std::string> rows;
  for (std::string line; std::getline(in, line);) {
    INFO(line);
    // A reason is the last field and may hold quoted commas: count before it.
    const std::string beforeReason = line.substr(0, line.find('"'));
    CHECK(std::count(beforeReason.begin(), beforeReason.end(), ',') == width);
    const uint64_t index = std::stoull(line.substr(0, line.find(',')));
    CHECK(index < samples);
    CHECK(rows.emplace(index, line).second);
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

} // namespace

TEST_CASE("mc under faults: SIGTERM, a killed worker, a full disk; each resumes to the undisturbed summary")
{
  const McRun run;
  const fs::path whole = run.ws.path("whole");
  REQUIRE(run.ws.run(run.args(whole)).status == 0);
  const nlohmann::json expected = summaryOf(whole);
  REQUIRE(expected["complete"] == true);
  const std::map<uint64_t, std::string> wholeRows = strictRows(whole / "samples.csv");
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
    const std::map<uint64_t, std::string> rows = strictRows(dir / "samples.csv");
    CHECK(rows.size() == partial["samples"]["done"].get<size_t>());
    CHECK(rows.size() >= 4);
    requireSameRows(rows, wholeRows);
    REQUIRE(run.ws.run(run.args(dir, true)).status == 0);
    CHECK(summaryOf(dir) == expected);
    CHECK(strictRows(dir / "samples.csv").size() == samples);
  }

  SECTION("SIGKILL to a worker mid-run")
  {
    const fs::path dir = run.ws.path("kill");
    const pid_t child = run.ws.start(run.args(dir));
    waitForRows(dir / "samples.csv", 3);
    const std::vector<pid_t> workers = childrenOf(child);
    REQUIRE(!workers.empty());
    kill(workers.front(), SIGKILL);
    CHECK(exitStatusOf(child) == 0);
    // The run went on: every sample has its row; the killed worker's sample
    // in flight, if it had one, failed with the reason; no other changed.
    const std::map<uint64_t, std::string> rows = strictRows(dir / "samples.csv");
    CHECK(rows.size() == samples);
    size_t lost = 0;
    for (const auto& [index, line] : rows) {
      if (line == wholeRows.at(index))
        continue;
      ++lost;
      CHECK_THAT(line, Catch::Contains("worker crashed") && Catch::Contains("signal 9"));
    }
    CHECK(lost <= 1);
    CHECK(summaryOf(dir)["samples"]["failed"].get<size_t>() == lost);
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
    const std::map<uint64_t, std::string> rows = strictRows(dir / "samples.csv");
    CHECK(!rows.empty());
    CHECK(rows.size() < samples);
    requireSameRows(rows, wholeRows);
    for (const fs::directory_entry& entry : fs::directory_iterator(dir))
      CHECK(entry.path().filename().string().find(".tmp-") == std::string::npos);
    REQUIRE(run.ws.run(run.args(dir, true)).status == 0);
    CHECK(summaryOf(dir) == expected);
    CHECK(strictRows(dir / "samples.csv") == wholeRows);
  }
}
