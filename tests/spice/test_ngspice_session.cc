// NgspiceSession against the real libngspice. ngspice's state is global, so
// each scenario runs in a worker process of a WorkerPool (one session per
// process), and reports what the session did as its result.

#include "spice/NgspiceSession.hh"
#include "tests/spice/SpiceTestSupport.hh"

#include <catch2/catch.hpp>
#include <cmath>
#include <memory>

using namespace nladc;

namespace {

// V(out) of an RC low-pass driven by a 1 V step at t = 1 ns: 1 − exp(−(t − 1 ns)/RC).
const std::vector<std::string> rcDeck{
    "rc low-pass", "V1 in 0 PWL(0 0 1n 1)", "R1 in out 1k", "C1 out 0 1u", ".tran 10u 3m", ".end",
};
constexpr double rcTime = 1e-3;

const std::vector<std::string> unknownSubcircuitDeck{
    "a deck that names an unknown subcircuit",
    "V1 in 0 DC 1",
    "R1 in out 1k",
    "X1 out 0 nosuchsubckt",
    ".tran 1u 1m",
    ".end",
};

// A sine through an RC with a 1 ps maximum step over 1 s: 10^12 steps.
const std::vector<std::string> endlessDeck{
    "a transient that takes hours", "V1 in 0 SIN(0 1 1meg)", "R1 in out 1k", "C1 out 0 1n", ".tran 1p 1 0 1p", ".end",
};

enum Scenario : uint64_t { runsRc, unknownSubcircuit, alterUnknownDevice, timeLimit, count };

// Each scenario's outcome: ok with the vectors, or failed with "SimulationError: …"
// when the session threw what it should (anything else fails without the prefix).
spice::RunnerFactory scenarios()
{
  return [] {
    auto session = std::make_shared<spice::NgspiceSession>();
    return [session](uint64_t index) {
      spice::SampleResult result;
      result.index = index;
      try {
        switch (index) {
        case runsRc:
          session->load(rcDeck);
          session->run(60.0);
          result.vectors = {session->vector("time"), session->vector("out")};
          session->clearResults();
          break;
        case unknownSubcircuit:
          session->load(unknownSubcircuitDeck);
          session->run(60.0);
          break;
        case alterUnknownDevice:
          session->load(rcDeck);
          session->command("alter r1 = 2k"); // exists: no error
          session->command("alter rnosuchresistor = 2k");
          break;
        case timeLimit:
          session->load(endlessDeck);
          session->run(1.0);
          break;
        default: break;
        }
      } catch (const spice::SimulationError& e) {
        return spice::SampleResult::failure(index, std::string("SimulationError: ") + e.what());
      }
      result.ok = true;
      return result;
    };
  };
}

} // namespace

TEST_CASE("NgspiceSession loads, runs and reads vectors, and its errors carry ngspice's reason")
{
  const std::vector<uint64_t> indices = testing::indicesUpTo(count);
  const testing::Sweep s = testing::sweep(scenarios(), indices, 1);
  testing::requireEachReportedOnce(s, indices);

  {
    INFO("a small deck runs and its vectors are the RC's response");
    const spice::SampleResult& r = s.results.at(runsRc);
    INFO(r.reason);
    REQUIRE(r.ok);
    REQUIRE(r.vectors.size() == 2);
    const std::vector<double>& time = r.vectors[0];
    const std::vector<double>& out = r.vectors[1];
    REQUIRE(time.size() == out.size());
    REQUIRE(time.size() > 10);
    CHECK(time.back() == Approx(3e-3));
    for (size_t i = 0; i < time.size(); ++i) {
      const double expected = time[i] < 1e-9 ? 0.0 : 1.0 - std::exp(-(time[i] - 1e-9) / rcTime);
      INFO("t = " << time[i]);
      CHECK(std::abs(out[i] - expected) < 5e-3);
    }
  }
  {
    INFO("an unknown subcircuit is a SimulationError that names it");
    const spice::SampleResult& r = s.results.at(unknownSubcircuit);
    INFO(r.reason);
    CHECK_FALSE(r.ok);
    CHECK(r.reason.rfind("SimulationError: ", 0) == 0);
    CHECK_THAT(r.reason, Catch::Contains("nosuchsubckt", Catch::CaseSensitive::No));
  }
  {
    INFO("altering a device the deck does not have is a SimulationError that names it");
    const spice::SampleResult& r = s.results.at(alterUnknownDevice);
    INFO(r.reason);
    CHECK_FALSE(r.ok);
    CHECK(r.reason.rfind("SimulationError: ", 0) == 0);
    CHECK_THAT(r.reason, Catch::Contains("rnosuchresistor", Catch::CaseSensitive::No));
  }
  {
    INFO("a run past its time limit is halted with a SimulationError");
    const spice::SampleResult& r = s.results.at(timeLimit);
    INFO(r.reason);
    CHECK_FALSE(r.ok);
    CHECK(r.reason.rfind("SimulationError: ", 0) == 0);
    CHECK_THAT(r.reason, Catch::Contains("time limit"));
  }
}
