#pragma once

// Shared pieces of the tests of spice/: designs from the synthetic ReLU
// level sets on the generic 65 nm technology, and a WorkerPool sweep that
// collects every result.

#include "adc/ColumnParameters.hh"
#include "adc/ReferenceColumnDesign.hh"
#include "adc/TechnologyReader.hh"
#include "netlist/ReferenceColumnNetlist.hh"
#include "spice/WorkerPool.hh"
#include "tests/support/LevelSets.hh"

#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <map>
#include <numeric>
#include <string>
#include <vector>

namespace nladc::testing {

inline const adc::Technology& generic65()
{
  static const adc::Technology technology =
      adc::readTechnology(std::filesystem::path(NLADC_EXAMPLES_DIR) / "tech" / "generic-65nm.yaml");
  return technology;
}

inline adc::ReferenceColumnDesign bsKmqDesign(int bits)
{
  return adc::designReferenceColumn(reluLevelSet(quant::Method::bsKmq, bits), adc::columnParameters(generic65()));
}

inline netlist::DeckOptions deckOptions(int testColumns, bool mismatchSources)
{
  netlist::DeckOptions options = netlist::deckOptions(generic65());
  options.testColumns = testColumns;
  options.mismatchSources = mismatchSources;
  return options;
}

inline std::vector<uint64_t> indicesUpTo(uint64_t count)
{
  std::vector<uint64_t> indices(count);
  std::iota(indices.begin(), indices.end(), uint64_t{0});
  return indices;
}

// The results of one sweep, by index, and how often each index was reported.
struct Sweep {
  bool finished = false;
  std::map<uint64_t, spice::SampleResult> results;
  std::map<uint64_t, int> reports;
  std::vector<uint64_t> order; // completion order
};

inline Sweep sweep(const spice::RunnerFactory& factory, const std::vector<uint64_t>& indices, int jobs,
                   double watchdogSeconds = 60.0)
{
  Sweep s;
  spice::WorkerPool pool(factory, spice::PoolOptions{jobs, watchdogSeconds});
  s.finished = pool.run(
      indices,
      [&](const spice::SampleResult& result) {
        ++s.reports[result.index];
        s.order.push_back(result.index);
        s.results[result.index] = result;
      },
      [] { return false; });
  return s;
}

// Every index reported exactly once, and nothing else.
inline void requireEachReportedOnce(const Sweep& s, const std::vector<uint64_t>& indices)
{
  REQUIRE(s.finished);
  REQUIRE(s.reports.size() == indices.size());
  for (const uint64_t index : indices) {
    INFO("sample " << index);
    REQUIRE(s.reports.contains(index));
    CHECK(s.reports.at(index) == 1);
  }
}

} // namespace nladc::testing
