#pragma once

#include "util/Error.hh"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace nladc::fuzz {

// The fuzz input as text.
inline std::string_view textOf(const std::uint8_t* data, std::size_t size)
{
  return {reinterpret_cast<const char*>(data), size};
}

// Runs one reader on one input. An InputError is the reader doing its job,
// provided its message keeps the CLI's contract of one printable line; any
// other exception escapes to libFuzzer, which reports it as a crash.
template <typename Read> int expectOnlyInputError(Read&& read)
{
  try {
    read();
  } catch (const InputError& e) {
    const std::string_view message = e.what();
    if (message.empty() || message.find_first_of("\n\r") != std::string_view::npos) {
      std::fprintf(stderr, "InputError message is not one line: '%s'\n", e.what());
      std::abort();
    }
  }
  return 0;
}

} // namespace nladc::fuzz
