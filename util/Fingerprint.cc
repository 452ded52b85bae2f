#include "util/Fingerprint.hh"

#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <iterator>
#include <vector>

namespace nladc {

void Fingerprint::add(std::span<const unsigned char> bytes)
{
  for (const unsigned char byte : bytes) {
    state_ ^= byte;
    state_ *= 0x100000001b3ULL;
  }
}

void Fingerprint::add(std::string_view text)
{
  add(std::span(reinterpret_cast<const unsigned char*>(text.data()), text.size()));
  add(std::span<const unsigned char>(reinterpret_cast<const unsigned char*>("\0"), 1)); // a separator
}

void Fingerprint::add(double value)
{
  unsigned char bytes[sizeof value];
  std::memcpy(bytes, &value, sizeof value);
  add(std::span<const unsigned char>(bytes));
}

void Fingerprint::addFile(const std::string& path)
{
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    add(std::string_view("(missing file)"));
    return;
  }
  // In chunks: activation files may be gigabytes. FNV-1a takes the bytes in
  // order, so the digest is the whole file's.
  std::vector<unsigned char> chunk(std::size_t{1} << 20);
  while (in) {
    in.read(reinterpret_cast<char*>(chunk.data()), static_cast<std::streamsize>(chunk.size()));
    add(std::span<const unsigned char>(chunk.data(), static_cast<std::size_t>(in.gcount())));
  }
}

std::string Fingerprint::hex() const
{
  return fmt::format("{:016x}", state_);
}

} // namespace nladc
