#pragma once

#include "design/DesignSearch.hh"
#include "design/Specification.hh"
#include "layout_est/IsoYield.hh"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace nladc::design {

// design.json ("format": "nladc-design"): what `nladc design` was asked,
// what it chose and why, and the Monte Carlo evidence. `sim`, `mc`,
// `netlist` and `area` take it in place of LEVELS --tech: the inputs and the
// knobs below are what they need to rebuild the designed ADC.

// The files a design was made from (absolute paths).
struct DesignSources {
  std::filesystem::path levels;
  std::string set;
  std::string method;
  std::filesystem::path technology;
  std::optional<std::filesystem::path> data;
  std::optional<std::string> tensor;
};

// What a rerun needs of a design file.
struct DesignFile {
  std::filesystem::path file;
  DesignSources sources;
  Specification specification;
  layout_est::Sizing sizing;
  bool met = false;
  uint64_t confirmationSeed = 0;        // the seed of its SPICE Monte Carlo run, which a rerun repeats
  std::optional<adc::BlockKind> blocks; // what its SPICE runs held (absent: the technology's default)
};

// The document (DesignFileWriter.cc).
nlohmann::json designJson(const DesignOutcome& outcome, const DesignSources& sources, const SearchOptions& options);

// Reads design.json (DesignFileReader.cc): InputError naming the file and
// the field for anything missing, mistyped or out of range.
DesignFile readDesignFile(const std::filesystem::path& path);

} // namespace nladc::design
