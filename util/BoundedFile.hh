#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace nladc {

// The whole text of a small input file (a technology, a campaign, a
// design): its size is checked before it is read, so a huge or endless
// file is refused rather than read. InputError "FILE: cannot read: why",
// "FILE: cannot open" or "FILE: N bytes is too large for a KIND (at most
// M MiB)"; `maxBytes` is a whole number of MiB.
std::string readBoundedFile(const std::filesystem::path& path, std::uintmax_t maxBytes, std::string_view kind);

} // namespace nladc
