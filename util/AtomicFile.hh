#pragma once

#include <filesystem>
#include <string_view>

namespace nladc {

// Writes a file so that readers see either the old content or the complete
// new one, never a half-written file: the data goes to a temporary file in
// the same directory, is flushed to disk, and is renamed over the target.
void writeFileAtomically(const std::filesystem::path& path, std::string_view content);

// InputError unless `path` could be written: its directory exists and it is
// not itself a directory. For checking outputs before a long computation.
void requireWritablePath(const std::filesystem::path& path);

} // namespace nladc
