#pragma once

#include "design/DesignFile.hh"
#include "design/DesignSearch.hh"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace nladc::design {

// The directory `nladc design -o DIR` fills:
//   design.json  the design (DesignFile.hh)
//   deck.sp      its full testbench deck (a test column for every column),
//                through the electrical rule checks
//   area.json    the area table: every design at the technology file's
//                comparator budget (as `nladc area`), and every design held
//                to the same yield (iso_yield)
//   mc/          the SPICE Monte Carlo that confirmed it (a link into explore/)
//   explore/     every Monte Carlo run of the search

// The sources as design.json records them: absolute paths.
DesignSources sourcesOf(const std::string& levels, const quant::LevelSet& set, const std::filesystem::path& technology,
                        const std::optional<std::string>& data, const std::optional<std::string>& tensor);

// What each Monte Carlo run's run.json records of the inputs.
nlohmann::json provenanceOf(const DesignSources& sources);

// A new design needs an empty or absent directory; a resumed one, the
// directory a stopped search left. InputError otherwise.
void prepareDesignDirectory(const std::filesystem::path& directory, bool resume);

// Writes design.json, deck.sp and area.json, each atomically; `technology`
// is the one the search started from.
void writeDesignArtefacts(const DesignOutcome& outcome, const adc::Technology& technology, const DesignSources& sources,
                          const SearchOptions& options);

// The design in a few lines for a terminal: the specification and whether
// it is met, the chosen knobs, the yields, the cheaper candidate, the reasons.
std::string designSummary(const DesignOutcome& outcome, const SearchOptions& options);

} // namespace nladc::design
