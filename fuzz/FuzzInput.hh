#pragma once

#include "quant/SampleCounter.hh"
#include "util/Error.hh"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
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

// Runs an in-memory reader and its streaming twin (into a SampleCounter) on
// one input: both must refuse it, or both read the same number of samples;
// each refusal is checked as expectOnlyInputError checks it.
template <typename InMemory, typename Streamed> int expectSameSamples(InMemory&& inMemory, Streamed&& streamed)
{
  std::size_t held = 0;
  bool heldOk = false;
  expectOnlyInputError([&] {
    held = inMemory().size();
    heldOk = true;
  });
  quant::SampleCounter counter(std::uint64_t{1} << 26);
  bool streamedOk = false;
  expectOnlyInputError([&] {
    streamed([&](std::span<const float> chunk) { counter.add(chunk); });
    streamedOk = true;
  });
  if (heldOk != streamedOk || (heldOk && held != counter.finiteCount() + counter.nonfiniteCount())) {
    std::fprintf(stderr, "in-memory and streaming readers differ: %s %zu, %s %llu\n", heldOk ? "read" : "refused", held,
                 streamedOk ? "read" : "refused",
                 static_cast<unsigned long long>(counter.finiteCount() + counter.nonfiniteCount()));
    std::abort();
  }
  return 0;
}

} // namespace nladc::fuzz
