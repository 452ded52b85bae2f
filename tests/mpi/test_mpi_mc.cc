// nladc mc and campaign under a real mpirun (built with NLADC_WITH_MPI):
// results identical to a single-machine run for 1, 2 and 3 ranks, a rank
// killed mid-run recovered by --resume, with or without mpirun, a rank
// with other inputs refused, and a rank that fails early ending the launch.

#include "tests/support/Synthetic.hh"
#include "tests/support/Workspace.hh"

#include <algorithm>
#include <catch2/catch.hpp>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
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

const std::string tech = nladc::testing::bundledTechnology();

// OpenMPI's settings for a test on one machine, as root, in a container
// (docs/distributed.md): ranks may outnumber cores; no fork warning (the
// workers never call MPI); no cross-memory attach, which containers forbid.
void setMpiEnvironment()
{
  setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 1);
  setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 1);
  setenv("OMPI_MCA_mpi_warn_on_fork", "0", 1);
  setenv("OMPI_MCA_btl_vader_single_copy_mechanism", "none", 1);
  setenv("OMPI_MCA_rmaps_base_oversubscribe", "1", 1);
}

std::vector<std::string> mpirun(int ranks, const std::vector<std::string>& args)
{
  std::vector<std::string> command = {MPIEXEC_EXECUTABLE, "--oversubscribe", "-np", std::to_string(ranks),
                                      NLADC_BINARY};
  command.insert(command.end(), args.begin(), args.end());
  return command;
}

std::vector<std::string> sortedRows(const fs::path& csv)
{
  std::istringstream text(slurp(csv));
  std::vector<std::string> rows;
  for (std::string line; std::getline(text, line);)
    rows.push_back(line);
  std::sort(rows.begin() + 1, rows.end()); // the header stays first
  return rows;
}

// The rank of an mpirun child (a rank process, not one of its workers:
// those are the rank's children), from the environment mpirun gave it.
std::optional<pid_t> rankPid(pid_t launcher, int rank)
{
  for (const fs::directory_entry& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename();
    if (!std::all_of(name.begin(), name.end(), ::isdigit))
      continue;
    std::istringstream stat(slurp(entry.path() / "stat"));
    std::string pid, command, state;
    pid_t parent = 0;
    stat >> pid >> command >> state >> parent;
    if (parent != launcher)
      continue;
    const std::string environment = slurp(entry.path() / "environ");
    if (environment.find("OMPI_COMM_WORLD_RANK=" + std::to_string(rank) + '\0') != std::string::npos)
      return std::stoi(name);
  }
  return std::nullopt;
}

struct Fixture {
  Workspace ws;
  std::vector<std::string> common;

  explicit Fixture(uint64_t samples)
  {
    setMpiEnvironment();
    const fs::path acts = ws.writeF32("acts.f32", nladc::testing::reluShaped(20000, 5));
    const fs::path levels = ws.path("levels.json");
    REQUIRE(ws.run({"levels", acts.string(), "--bits", "2", "--method", "bs-kmq", "-o", levels.string()}).status == 0);
    common = {"mc",        levels.string(),         "--tech", tech, "--data",    acts.string(),
              "--samples", std::to_string(samples), "--seed", "3",  "--columns", "4"};
  }

  std::vector<std::string> with(std::vector<std::string> extra) const
  {
    std::vector<std::string> args = common;
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }
};

} // namespace

TEST_CASE("mc under mpirun gives the single-machine results for 1, 2 and 3 ranks")
{
  Fixture f(9);
  const fs::path local = f.ws.path("local");
  REQUIRE(f.ws.run(f.with({"--jobs", "2", "-o", local.string()})).status == 0);
  const std::string expected = slurp(local / "summary.json");
  CHECK(nlohmann::json::parse(expected)["samples"]["ok"] == 9);

  for (const int ranks : {2, 1, 3}) {
    INFO(ranks << " ranks");
    const fs::path dir = f.ws.path("mpi" + std::to_string(ranks));
    const Run r = f.ws.runCommand(mpirun(ranks, f.with({"--jobs", "1", "-o", dir.string(), "--format", "json"})));
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(slurp(dir / "summary.json") == expected);
    CHECK(nlohmann::json::parse(r.out) == nlohmann::json::parse(expected)); // rank 0 alone prints
    CHECK(sortedRows(dir / "samples.csv") == sortedRows(local / "samples.csv"));
    CHECK(slurp(dir / "run.json") == slurp(local / "run.json"));
  }
}

TEST_CASE("a rank killed mid-run: the samples gathered are kept, each the undisturbed one, and --resume completes")
{
  Fixture f(24);
  const fs::path local = f.ws.path("local");
  REQUIRE(f.ws.run(f.with({"--jobs", "2", "-o", local.string()})).status == 0);
  const std::string expected = slurp(local / "summary.json");

  for (const bool resumeUnderMpi : {false, true}) {
    INFO((resumeUnderMpi ? "resumed under mpirun" : "resumed without MPI"));
    const fs::path cut = f.ws.path(resumeUnderMpi ? "cut-mpi" : "cut-local");
    const pid_t launcher = f.ws.startCommand(mpirun(2, f.with({"--jobs", "1", "-o", cut.string()})));
    const fs::path samples = cut / "samples.csv";
    for (int wait = 0; wait < 1200 && (!fs::exists(samples) || lineCount(samples) < 5); ++wait)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const std::optional<pid_t> rank1 = rankPid(launcher, 1);
    REQUIRE(rank1);
    REQUIRE(kill(*rank1, SIGKILL) == 0);
    int status = 0;
    REQUIRE(waitpid(launcher, &status, 0) == launcher);
    CHECK(!(WIFEXITED(status) && WEXITSTATUS(status) == 0)); // mpirun reports the lost rank
    const size_t kept = lineCount(samples) - 1;
    CHECK(kept >= 4);
    CHECK(kept < 24);
    // mpirun ends rank 0 too, so which samples were in flight is not known
    // here; what was gathered is whole and exactly the undisturbed run's.
    const std::vector<std::string> cutRows = sortedRows(samples);
    const std::vector<std::string> localRows = sortedRows(local / "samples.csv");
    CHECK(std::includes(localRows.begin() + 1, localRows.end(), cutRows.begin() + 1, cutRows.end()));
    if (fs::exists(cut / "summary.json"))
      CHECK(nlohmann::json::parse(slurp(cut / "summary.json"))["complete"] == false);

    std::vector<std::string> resume = f.with({"--jobs", "2", "-o", cut.string(), "--resume"});
    const Run r = resumeUnderMpi ? f.ws.runCommand(mpirun(2, resume)) : f.ws.run(resume);
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(slurp(cut / "summary.json") == expected);
    CHECK(sortedRows(samples) == sortedRows(local / "samples.csv"));
  }
}

TEST_CASE("campaign under mpirun writes the table of the single-machine campaign")
{
  Fixture f(1);
  const std::string spec = "format: nladc-campaign\nversion: 1\nseed: 2\ncolumns: 4\nsamples: [4, 5]\n"
                           "data: acts.f32\nlevels:\n  - {name: l2, file: levels.json}\n"
                           "technologies:\n  - {name: g65, file: " +
                           tech + "}\ncorners:\n  - {name: nominal}\n  - {name: flat-gain, gain_sigma: 0}\n";
  const fs::path file = f.ws.writeText("campaign.yaml", spec);
  REQUIRE(f.ws.run({"campaign", file.string(), "-o", f.ws.path("local").string(), "--jobs", "2"}).status == 0);
  const Run r = f.ws.runCommand(mpirun(2, {"campaign", file.string(), "-o", f.ws.path("mpi").string(), "--jobs", "1"}));
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(slurp(f.ws.path("mpi") / "campaign.csv") == slurp(f.ws.path("local") / "campaign.csv"));
  CHECK(lineCount(f.ws.path("mpi") / "campaign.csv") == 5);
}

TEST_CASE("a rank whose inputs differ from rank 0's refuses its share, and none of it reaches the run")
{
  Fixture f(12);
  const fs::path local = f.ws.path("local");
  REQUIRE(f.ws.run(f.with({"--jobs", "2", "-o", local.string()})).status == 0);
  const std::string expected = slurp(local / "summary.json");

  // Rank 1 is given another level file, as a node with other files at the
  // same paths would read: an MPMD launch, one command line per rank.
  const fs::path other = f.ws.path("other.json");
  REQUIRE(
      f.ws.run({"levels", f.ws.path("acts.f32").string(), "--bits", "3", "--method", "bs-kmq", "-o", other.string()})
          .status == 0);
  const fs::path dir = f.ws.path("mixed");
  std::vector<std::string> rank1 = f.with({"--jobs", "1", "-o", dir.string()});
  rank1[1] = other.string();
  std::vector<std::string> command = mpirun(1, f.with({"--jobs", "1", "-o", dir.string()}));
  command.insert(command.end(), {":", "-np", "1", NLADC_BINARY});
  command.insert(command.end(), rank1.begin(), rank1.end());
  const Run r = f.ws.runCommand(command);
  INFO(r.err);
  CHECK(r.status != 0);
  CHECK(r.err.find("inputs differ from rank 0's") != std::string::npos);

  // Whatever rank 0 kept is its own: resuming with the right inputs gives
  // the undisturbed run exactly.
  const Run resumed = f.ws.run(f.with({"--jobs", "2", "-o", dir.string(), "--resume"}));
  INFO(resumed.err);
  REQUIRE(resumed.status == 0);
  CHECK(slurp(dir / "summary.json") == expected);
  CHECK(sortedRows(dir / "samples.csv") == sortedRows(local / "samples.csv"));
}

TEST_CASE("a rank that cannot read its inputs ends the launch, even under a launcher that would wait")
{
  Fixture f(12);
  const fs::path levels = f.common[1];
  const fs::path missing = f.ws.path("missing.json");
  for (const int failing : {0, 1}) {
    INFO("rank " << failing << " is given a level file that does not exist");
    // An MPMD launch, one command line per rank; mpirun told not to end the
    // job when a rank exits with an error, as srun without
    // --kill-on-bad-exit: only the failing rank can end it. `timeout` turns
    // a launch left waiting into a failure rather than a hung test.
    const std::string dir = f.ws.path("run-" + std::to_string(failing)).string();
    std::vector<std::string> command = {
        "timeout", "120", MPIEXEC_EXECUTABLE, "--oversubscribe", "--mca", "orte_abort_on_non_zero_status", "0"};
    for (int rank = 0; rank < 2; ++rank) {
      std::vector<std::string> args = f.with({"--jobs", "1", "-o", dir});
      args[1] = (rank == failing ? missing : levels).string();
      if (rank > 0)
        command.push_back(":");
      command.insert(command.end(), {"-np", "1", NLADC_BINARY});
      command.insert(command.end(), args.begin(), args.end());
    }
    const Run r = f.ws.runCommand(command);
    INFO(r.err);
    CHECK(r.status == 2);
    CHECK(r.err.find("nladc: " + missing.string() + ": cannot open the level file") != std::string::npos);
  }
}
