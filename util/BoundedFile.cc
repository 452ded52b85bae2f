#include "util/BoundedFile.hh"

#include "util/Error.hh"

#include <fmt/format.h>
#include <fstream>
#include <sstream>

namespace nladc {

std::string readBoundedFile(const std::filesystem::path& path, std::uintmax_t maxBytes, std::string_view kind)
{
  const std::string label = path.string();
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (error)
    throw InputError(fmt::format("{}: cannot read: {}", label, error.message()));
  if (size > maxBytes)
    throw InputError(
        fmt::format("{}: {} bytes is too large for a {} (at most {} MiB)", label, size, kind, maxBytes >> 20));
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(fmt::format("{}: cannot open", label));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

} // namespace nladc
