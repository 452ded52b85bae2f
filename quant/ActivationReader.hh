#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace nladc::quant {

// One named array of activation samples. Samples are held as float32, the
// precision activations are dumped in; wider inputs (float64, 64-bit
// integers) are narrowed, which is far below any ADC's resolution.
struct Tensor {
  std::string name;
  std::vector<float> values;
};

// The most samples one activation file may hold, all its arrays together
// (docs/limits.md): 10^8 float32 are 400 MB, and fitting them peaks at a few
// times that. Past it every reader stops with an InputError before it
// allocates the samples.
constexpr std::uint64_t maxSamplesPerFile = 100'000'000;

// Throws the InputError of a file (`where`) that holds `count` samples, more
// than `limit` (maxSamplesPerFile; tests lower it).
void requireAcceptedSampleCount(std::uint64_t count, const std::string& where, std::uint64_t limit = maxSamplesPerFile);

struct ReadOptions {
  std::optional<std::string> tensor; // .npz: the one array to read; default all
  std::optional<int> column;         // text/CSV: 1-based column; default the only one
  bool dropNonfinite = false;        // exclude NaN/Inf instead of rejecting the file
};

// Reads activation samples by file extension: .npy, .npz, .csv/.txt (text),
// .f32 (raw little-endian float32). Returns one tensor per array (one for
// every format but .npz). Throws InputError naming the file and the problem.
std::vector<Tensor> readActivations(const std::filesystem::path& path, const ReadOptions& options);

// A name usable as a level-set name (at most 64 of [A-Za-z0-9_.:-]), made
// from a file stem or array name: other characters become '_'.
std::string levelSetNameFrom(std::string_view raw);

} // namespace nladc::quant
