// The activation files of the streaming benchmark (issue #17,
// bench/bench_stream.sh): a version 1.0 .npy of little-endian float32
// (float16 for relu-f16), shape (N,), generated and written in chunks so that
// 10^9 samples (4 GB) take one chunk's memory.
//
//   make_activations --kind relu|relu-f16|distinct --samples N --out FILE.npy [--seed S]
//
//   relu      nladc::testing::reluShaped(N, S) sample for sample
//             (tests/support/Synthetic.hh): ReLU6-shaped on [0, 6], 30 %
//             exact zeros, 5 % exactly 6, the boundary pile-ups and a
//             lognormal interior. --seed 1 (the default) is bench_quant's data.
//   relu-f16  the relu samples rounded to IEEE half precision (to nearest,
//             ties to even, as numpy's astype(np.float16)), written as '<f2':
//             a float16 dump, at most 65,536 distinct values for any N.
//   distinct  the worst case for a reduction to distinct values: value i is
//             the float whose bit pattern is 0x3c000000 + i (2^-7 = 0.0078
//             and the consecutive floats above it; finite for every N the
//             program accepts), for i = 0 … N-1. Position j holds value
//             i_j = (c + a·j) mod N with c = ⌊N / 3⌋ and a the first integer
//             from max(1, ⌊0.618·N⌋) up that is coprime to N, so the file is
//             one fixed permutation (a bijection since gcd(a, N) = 1), not
//             sorted. At most 0x7f800000 - 0x3c000000 = 1,132,462,080 values.
//
// N may be written 1e9. The file is written to FILE.npy.part and renamed,
// so FILE.npy is complete or absent.

#include "quant/NpyWriter.hh"
#include "tests/support/Synthetic.hh"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <numeric>
#include <string>
#include <vector>

namespace {

static_assert(std::endian::native == std::endian::little,
              "the samples are written as the host's bytes, declared '<f4' or '<f2'");

constexpr uint32_t firstDistinctBits = 0x3c000000u;               // 2^-7
constexpr uint64_t maxDistinct = 0x7f800000u - firstDistinctBits; // +inf's pattern is the first one past
constexpr size_t chunkSamples = size_t{1} << 22;                  // 16 MiB of float32

// numpy's format 1.0: magic, version, the header's length (uint16, little
// endian), then a Python dict literal padded with spaces and ended by '\n'
// so the data starts on a 64-byte boundary, as numpy aligns it.
// v / 2^s rounded to the nearest integer, ties to even; 1 <= s <= 31.
uint32_t shiftRoundEven(uint32_t v, unsigned s)
{
  const uint32_t q = v >> s, rest = v & ((1u << s) - 1), half = 1u << (s - 1);
  return q + (rest > half || (rest == half && (q & 1)));
}

// The IEEE binary16 bits of f rounded to nearest, ties to even. A NaN stays a
// (quiet) NaN with its top payload bits.
uint16_t halfBits(float f)
{
  const uint32_t bits = std::bit_cast<uint32_t>(f);
  const uint32_t sign = (bits >> 16) & 0x8000u, magnitude = bits & 0x7fffffffu, exponent = magnitude >> 23;
  if (magnitude > 0x7f800000u)
    return static_cast<uint16_t>(sign | 0x7e00u | ((magnitude >> 13) & 0x3ffu));
  if (exponent < 113) {
    // Below 2^-14, half's smallest normal: a multiple of 2^-24 (subnormal or 0).
    // The significand with its leading 1 counts units of 2^(exponent - 150), so
    // shift it by 126 - exponent. Below 2^-25 (shift > 24) the value is under
    // half a unit and rounds to 0; so do float subnormals.
    const unsigned shift = 126 - exponent;
    return static_cast<uint16_t>(sign | (shift > 24 ? 0 : shiftRoundEven((magnitude & 0x7fffffu) | 0x800000u, shift)));
  }
  // Rebias the exponent (127 -> 15) and drop 13 significand bits; a carry out of
  // the significand correctly bumps the exponent, and anything from 65520 up
  // (inf included) lands on or past 0x7c00, which is inf.
  return static_cast<uint16_t>(sign | std::min(shiftRoundEven(magnitude - (112u << 23), 13), 0x7c00u));
}

// Fills chunks with the samples in file order; the state carries across chunks.
class DistinctOrder {
public:
  explicit DistinctOrder(uint64_t n) : n_(n), i_(n / 3), a_(std::max<uint64_t>(1, static_cast<uint64_t>(0.618 * n)))
  {
    while (std::gcd(a_, n_) != 1)
      ++a_;
  }

  void fill(std::vector<float>& chunk)
  {
    for (float& v : chunk) {
      v = std::bit_cast<float>(static_cast<uint32_t>(firstDistinctBits + i_));
      i_ += a_; // both below n, so one subtraction wraps
      if (i_ >= n_)
        i_ -= n_;
    }
  }

private:
  uint64_t n_, i_, a_;
};

} // namespace

int main(int argc, char** argv)
{
  CLI::App app{"Writes the activation files of bench/bench_stream.sh (issue #17)"};
  std::string kind, out;
  double samples = 0;
  uint64_t seed = 1;
  app.add_option("--kind", kind, "relu, relu-f16 or distinct")
      ->required()
      ->check(CLI::IsMember({"relu", "relu-f16", "distinct"}));
  app.add_option("--samples", samples, "Sample count N (1e9 is accepted)")->required();
  app.add_option("--out", out, "The .npy file to write")->required();
  app.add_option("--seed", seed, "Seed of --kind relu and relu-f16")->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2; // --help is not an error; bad usage is 2, as for nladc
  }

  const double maxSamples = kind == "distinct" ? static_cast<double>(maxDistinct) : 0x1p53;
  if (!(samples >= 1 && samples <= maxSamples && samples == std::floor(samples))) {
    std::fprintf(stderr, "make_activations: --samples must be a whole number from 1 to %.0f for --kind %s\n",
                 maxSamples, kind.c_str());
    return 2;
  }
  const auto n = static_cast<uint64_t>(samples);

  const std::string part = out + ".part";
  std::FILE* file = std::fopen(part.c_str(), "wb");
  if (!file) {
    std::perror(("make_activations: " + part).c_str());
    return 1;
  }
  const bool f16 = kind == "relu-f16";
  // The dict's length does not depend on descr ('<f4' or '<f2'), so the
  // header is 128 bytes for every N up to 2^53 either way (bench_stream.sh
  // relies on it).
  const std::uint64_t shape[] = {n};
  const std::string header = nladc::quant::npyHeader(f16 ? "<f2" : "<f4", shape);
  bool ok = std::fwrite(header.data(), 1, header.size(), file) == header.size();

  nladc::testing::RandomStream source(seed);
  DistinctOrder order(n);
  std::vector<float> chunk;
  std::vector<uint16_t> halves;
  for (uint64_t done = 0; ok && done < n; done += chunk.size()) {
    chunk.resize(std::min<uint64_t>(chunkSamples, n - done));
    if (kind == "distinct")
      order.fill(chunk);
    else
      for (float& v : chunk)
        v = nladc::testing::reluShapedSample(source);
    if (f16) {
      halves.resize(chunk.size());
      std::transform(chunk.begin(), chunk.end(), halves.begin(), halfBits);
      ok = std::fwrite(halves.data(), sizeof(uint16_t), halves.size(), file) == halves.size();
    } else {
      ok = std::fwrite(chunk.data(), sizeof(float), chunk.size(), file) == chunk.size();
    }
  }
  ok = std::fclose(file) == 0 && ok;
  const int writeErrno = errno;
  std::error_code error;
  if (ok)
    std::filesystem::rename(part, out, error);
  if (!ok || error) {
    std::fprintf(stderr, "make_activations: could not write %s: %s\n", out.c_str(),
                 ok ? error.message().c_str() : std::strerror(writeErrno));
    std::filesystem::remove(part, error);
    return 1;
  }
  return 0;
}
