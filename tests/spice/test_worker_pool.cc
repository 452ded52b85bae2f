// WorkerPool running the real ngspice in its worker processes: a sample
// that does not converge, a deck ngspice refuses, a sample past its time
// limit and a worker that crashes each end as one failed result with its
// reason (a crash's aborted), while every other sample succeeds.

#include "spice/NgspiceSession.hh"
#include "tests/spice/SpiceTestSupport.hh"

#include <catch2/catch.hpp>
#include <cmath>
#include <csignal>
#include <fmt/format.h>
#include <memory>
#include <unistd.h>

using namespace nladc;

namespace {

// Converges with R0 = 1 µΩ (V(out) = V1 − 1 mV); with R0 = 1 kΩ the
// behavioural source's ±1 A has no consistent solution.
const std::vector<std::string> bistableDeck{
    "a deck that converges until R0 grows", "V1 in 0 DC 1",  "R0 in out 1e-6",
    "B1 out 0 I=1e3*(V(out)>0.5 ? 1 : -1)", ".tran 1u 100u", ".end",
};

// The bistable deck's devices (so the same alters apply) and a sine through
// an RC with a 1 ps maximum step over 1 s: 10^12 steps.
const std::vector<std::string> endlessDeck{
    "a transient that takes hours",
    "V1 in 0 DC 1 SIN(0 1 1meg)",
    "R0 in out 1e-6",
    "R1 out x 1k",
    "C1 x 0 1n",
    ".tran 1p 1 0 1p",
    ".end",
};

const std::vector<std::string> unknownSubcircuitDeck{
    "a deck that names an unknown subcircuit",
    "V1 in 0 DC 1",
    "R0 in out 1e-6",
    "X1 out 0 nosuchsubckt",
    ".tran 1u 100u",
    ".end",
};

constexpr uint64_t nonConvergent = 3;
constexpr uint64_t pastTimeLimit = 6;
constexpr uint64_t killed = 9;
constexpr uint64_t segfault = 12;

double inputOf(uint64_t index)
{
  return 1.0 + 0.01 * static_cast<double>(index);
}

// V(out) with R0 = 1 µΩ: B1 draws 1e3 A through it.
double outputOf(uint64_t index)
{
  return inputOf(index) - 1e3 * 1e-6;
}

// Sample i drives the deck with V1 = inputOf(i) and reports V(out) at the end.
spice::RunnerFactory bistableRunner(const std::vector<std::string>& deck)
{
  return [deck] {
    auto session = std::make_shared<spice::NgspiceSession>();
    session->load(deck);
    return [session](uint64_t index) {
      if (index == killed)
        kill(getpid(), SIGKILL);
      if (index == segfault)
        std::raise(SIGSEGV);
      if (index == pastTimeLimit)
        session->load(endlessDeck);
      session->command(fmt::format("alter v1 dc = {:.17g}", inputOf(index)));
      session->command(index == nonConvergent ? "alter r0 = 1k" : "alter r0 = 1e-6");
      session->run(index == pastTimeLimit ? 1.0 : 30.0);
      spice::SampleResult result;
      result.index = index;
      result.ok = true;
      result.vectors.push_back(session->vector("out"));
      session->clearResults();
      return result;
    };
  };
}

} // namespace

TEST_CASE("WorkerPool reports a non-convergent, a timed-out and a crashed sample, each with its reason, and runs the rest")
{
  const std::vector<uint64_t> indices = testing::indicesUpTo(16);
  const testing::Sweep s = testing::sweep(bistableRunner(bistableDeck), indices, 2);
  testing::requireEachReportedOnce(s, indices);

  for (const uint64_t index : indices) {
    const spice::SampleResult& r = s.results.at(index);
    INFO("sample " << index << ": " << r.reason);
    CHECK(r.index == index);
    switch (index) {
    case nonConvergent:
      CHECK_FALSE(r.ok);
      CHECK_FALSE(r.aborted);
      CHECK_THAT(r.reason, Catch::Contains("timestep too small", Catch::CaseSensitive::No));
      break;
    case pastTimeLimit:
      // This runner lets the time limit's exception escape: a failure like
      // any other. (RampSimulation's runner reports it aborted.)
      CHECK_FALSE(r.ok);
      CHECK_FALSE(r.aborted);
      CHECK_THAT(r.reason, Catch::Contains("time limit"));
      break;
    case killed:
      CHECK_FALSE(r.ok);
      CHECK(r.aborted);
      CHECK_THAT(r.reason, Catch::Contains("worker crashed") && Catch::Contains("signal 9"));
      break;
    case segfault: CHECK_FALSE(r.ok); CHECK(r.aborted);
#if defined(__SANITIZE_ADDRESS__)
      // AddressSanitizer catches the SIGSEGV, reports it and exits.
      CHECK_THAT(r.reason, Catch::Contains("the worker exited with status"));
#else
      CHECK_THAT(r.reason, Catch::Contains("worker crashed") && Catch::Contains("signal 11"));
#endif
      break;
    default:
      CHECK(r.ok);
      CHECK(r.reason.empty());
      REQUIRE(r.vectors.size() == 1);
      REQUIRE_FALSE(r.vectors[0].empty());
      CHECK(std::abs(r.vectors[0].back() - outputOf(index)) < 1e-6);
      CHECK(r.workerPeakRssKiB > 0);
    }
  }
}

TEST_CASE("WorkerPool fails every sample of a deck ngspice refuses, with the reason, and completes the sweep")
{
  const std::vector<uint64_t> indices = testing::indicesUpTo(8);
  const testing::Sweep s = testing::sweep(bistableRunner(unknownSubcircuitDeck), indices, 2);
  testing::requireEachReportedOnce(s, indices);
  for (const auto& [index, r] : s.results) {
    INFO("sample " << index << ": " << r.reason);
    CHECK_FALSE(r.ok);
    CHECK_THAT(r.reason, Catch::Contains("unknown subckt", Catch::CaseSensitive::No) &&
                             Catch::Contains("nosuchsubckt", Catch::CaseSensitive::No));
  }
}
