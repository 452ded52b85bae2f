#pragma once

#include "adc/Technology.hh"
#include "spice/MonteCarlo.hh"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace nladc::cli {

// A campaign specification (docs/distributed.md): level files ×
// technologies × corners × sample counts, each combination an ordinary
// Monte Carlo run. Names become directory names, so they are plain:
// letters, digits, '_' and '-', at most 64 characters.
struct CampaignSpec {
  struct Levels {
    std::string name;
    std::filesystem::path file;
    std::optional<std::string> set;
    std::optional<std::string> method;
  };
  struct Technology {
    std::string name;
    std::filesystem::path file;
  };
  struct Corner {
    std::string name;
    // Applies the corner's variation overrides to a technology's section.
    std::function<void(adc::Variation&)> apply;
  };

  std::filesystem::path file;
  std::vector<Levels> levels;
  std::vector<Technology> technologies;
  std::vector<Corner> corners;
  std::vector<uint64_t> samples;
  uint64_t seed = 1;
  spice::Engine engine = spice::Engine::spice;
  int columns = 16;
  double timeLimit = 60.0;
  std::optional<std::filesystem::path> data;
  std::optional<std::string> tensor;
};

// Reads and validates a specification. Every problem is an InputError of
// one line naming the file and the key: unknown or missing keys, bad
// values, names that are not plain or repeat, files that do not exist.
// Relative paths resolve against the specification's directory.
CampaignSpec readCampaignSpec(const std::filesystem::path& file);

// One combination, in the order the campaign runs them: levels, then
// technologies, corners and sample counts.
struct CampaignRun {
  const CampaignSpec::Levels* levels;
  const CampaignSpec::Technology* technology;
  const CampaignSpec::Corner* corner;
  uint64_t samples;
  std::string name; // LEVELS.TECHNOLOGY.CORNER.nSAMPLES: its directory
};

std::vector<CampaignRun> campaignRuns(const CampaignSpec& spec);

} // namespace nladc::cli
