// A long sweep must not grow its worker: 2,000 samples of the 1-bit ramp
// deck (two slots, six cells: the smallest real deck, half the 2-bit
// deck's time) through one worker, each altering every cell and reading
// the ramp. Before NgspiceSession::clearResults freed ngspice's record of
// the commands run, the worker grew by about 5 KiB a sample here.

#include "adc/VariationModel.hh"
#include "spice/RampSimulation.hh"
#include "tests/spice/SpiceTestSupport.hh"

#include <catch2/catch.hpp>

using namespace nladc;

TEST_CASE("a worker's peak memory stays flat over 2,000 samples")
{
  constexpr uint64_t samples = 2000;
  const adc::ReferenceColumnDesign design = testing::bsKmqDesign(1);
  const adc::VariationModel model = adc::variationModel(testing::generic65());
  const spice::RampSimulation simulation(design, testing::deckOptions(0, true));
  const auto devicesOf = [&](uint64_t index) { return adc::drawSample(design, model, 1, 7, index).devices; };

  const std::vector<uint64_t> indices = testing::indicesUpTo(samples);
  const testing::Sweep s = testing::sweep(simulation.runner(devicesOf, 60.0, false), indices, 1);
  testing::requireEachReportedOnce(s, indices);
  // One worker throughout: a failed sample would replace it.
  for (const auto& [index, r] : s.results) {
    INFO("sample " << index << ": " << r.reason);
    REQUIRE(r.ok);
  }
  // With one worker, results arrive in index order.
  REQUIRE(s.order == indices);
  const long after200 = s.results.at(199).workerPeakRssKiB;
  const long after2000 = s.results.at(samples - 1).workerPeakRssKiB;
  INFO("peak RSS after sample 200: " << after200 << " KiB, after sample 2000: " << after2000 << " KiB");
  CHECK(after200 > 0);
  CHECK(after2000 - after200 < 2048);
}
