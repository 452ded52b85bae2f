#pragma once

#include <filesystem>
#include <functional>
#include <string_view>

namespace nladc {

// Writes a file so that readers see either the old content or the complete
// new one, never a half-written file: the data goes to a temporary file in
// the same directory, is flushed to disk, and is renamed over the target.
void writeFileAtomically(const std::filesystem::path& path, std::string_view content);

// The same, the content written in pieces: `produce` passes each to `put`,
// so a large file needs no buffer of its size. An exception from `produce`
// leaves the target untouched.
using PieceWriter = std::function<void(std::string_view piece)>;
void writeFileAtomically(const std::filesystem::path& path, const std::function<void(const PieceWriter& put)>& produce);

// InputError unless `path` could be written: its directory exists and it is
// not itself a directory. For checking outputs before a long computation.
void requireWritablePath(const std::filesystem::path& path);

} // namespace nladc
