#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace nladc {

// A 64-bit FNV-1a digest of what a result was computed from, so a run can
// tell whether its inputs changed (not a cryptographic hash: it guards
// against mistakes, not adversaries).
class Fingerprint {
public:
  void add(std::span<const unsigned char> bytes);
  void add(std::string_view text);
  void add(double value);
  void addFile(const std::string& path); // the file's bytes; its absence counts too
  std::string hex() const;

private:
  uint64_t state_ = 0xcbf29ce484222325ULL;
};

} // namespace nladc
