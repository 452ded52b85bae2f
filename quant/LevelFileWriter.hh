#pragma once

#include "quant/LevelSet.hh"

#include <filesystem>
#include <string>
#include <vector>

namespace nladc::quant {

// The level-file JSON of DESIGN.md §3: one set as a flat document, several
// under "sets". Every set is validated first (InputError on a bad one).
std::string formatLevelFile(const std::vector<LevelSet>& sets);

// Writes formatLevelFile atomically: the file is complete or untouched.
void writeLevelFile(const std::filesystem::path& path, const std::vector<LevelSet>& sets);

} // namespace nladc::quant
