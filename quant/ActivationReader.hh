#pragma once

#include "quant/SampleSink.hh"
#include <cstdint>

#include <filesystem>
#include <functional>
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

// The most samples readActivations, which holds them all in memory, takes
// from one file, all its arrays together: 10^8 float32 are 400 MB. Past it
// every in-memory reader stops with an InputError before it allocates the
// samples. The streaming readers (streamActivations, readSampleSets) have
// no such limit.
constexpr std::uint64_t maxSamplesPerFile = 100'000'000;

// Throws the InputError of a file (`where`) that holds `count` samples, more
// than `limit` (maxSamplesPerFile; tests lower it).
void requireAcceptedSampleCount(std::uint64_t count, const std::string& where, std::uint64_t limit = maxSamplesPerFile);

struct ReadOptions {
  std::optional<std::string> tensor; // .npz: the one array to read; default all
  std::optional<int> column;         // text/CSV: 1-based column; default the only one
  bool dropNonfinite = false;        // exclude NaN/Inf instead of rejecting the file
};

// Reads activation samples into memory by file extension: .npy, .npz, .csv/.txt (text),
// .f32 (raw little-endian float32). Returns one tensor per array (one for
// every format but .npz). Throws InputError naming the file and the problem.
std::vector<Tensor> readActivations(const std::filesystem::path& path, const ReadOptions& options);

// The same arrays streamed (no limit on their size): each array's samples
// go, chunk by chunk, to the sink sinkFor(its name) returns, which must
// outlive the call. The caller checks the samples (requireFinite,
// requireSamples).
void streamActivations(const std::filesystem::path& path, const ReadOptions& options,
                       const std::function<const SampleSink&(const std::string& name)>& sinkFor);

// Whether the file's format holds one array (all but .npz).
bool holdsOneArray(const std::filesystem::path& path);

// The InputErrors of a tensor with non-finite samples (unless they are
// dropped) and of one left with no samples.
void requireFinite(const std::filesystem::path& path, const std::string& tensor, std::uint64_t nonfinite,
                   bool dropNonfinite);
void requireSamples(const std::filesystem::path& path, const std::string& tensor, std::uint64_t finite,
                    bool droppedNonfinite);

// A name usable as a level-set name (at most 64 of [A-Za-z0-9_.:-]), made
// from a file stem or array name: other characters become '_'.
std::string levelSetNameFrom(std::string_view raw);

} // namespace nladc::quant
