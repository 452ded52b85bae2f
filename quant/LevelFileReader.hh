#pragma once

#include "quant/LevelSet.hh"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace nladc::quant {

// Reads a level file (one set, or several under "sets") with strict
// validation: every violation is an InputError naming the file, the field
// and the index, e.g. "l.json: sets[1].levels[3]: 0.5 is not above …".
std::vector<LevelSet> readLevelFile(const std::filesystem::path& path);
std::vector<LevelSet> parseLevelFile(std::string_view text, const std::string& fileLabel);

} // namespace nladc::quant
