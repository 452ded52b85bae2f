#pragma once

#include "quant/SampleSink.hh"
#include "util/Text.hh"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

namespace nladc::quant {

// Reads up to `size` bytes into `buffer` and returns how many it read; 0 only
// at the end of the stream. Throws InputError on a read error.
using ReadBytes = std::function<std::size_t(char* buffer, std::size_t size)>;

// A ReadBytes over `in`; `where` starts the message of a read error.
ReadBytes bytesFrom(std::istream& in, const std::string& where);

// The numeric element types .npy stores samples in.
struct NpyElementType {
  char kind;        // 'f' float, 'i' signed integer, 'u' unsigned integer
  std::size_t size; // bytes per element: 2, 4, 8 for 'f'; 1, 2, 4, 8 for 'i' and 'u'
  bool bigEndian;
};

// Reads `count` elements of `type` from `read` and delivers them to `sink` as
// float samples, through chunk buffers of fixed size. Throws InputError
// ("truncated") if the stream ends early; `where` starts every message.
void streamElements(const ReadBytes& read, const NpyElementType& type, std::uint64_t count, const std::string& where,
                    const SampleSink& sink);

// The same into a vector, for at most maxSamplesPerFile elements.
std::vector<float> readElements(const ReadBytes& read, const NpyElementType& type, std::uint64_t count,
                                const std::string& where);

// Parses one .npy stream (format 1.0, 2.0 or 3.0) of `streamSize` bytes: a
// file or an .npz member. Returns its samples flattened in storage order (C or
// Fortran). `where` starts every error message, e.g. "acts.npz: member 'a.npy'".
// `samplesBefore` are the samples its file holds before it (an .npz's earlier
// members): if they and the count its header declares pass maxSamplesPerFile,
// the stream is refused before its data is allocated or read.
std::vector<float> parseNpy(const ReadBytes& read, std::uint64_t streamSize, const std::string& where,
                            std::uint64_t samplesBefore = 0);

// The same stream delivered to `sink` in chunks, with no limit on its size.
void streamNpy(const ReadBytes& read, std::uint64_t streamSize, const std::string& where, const SampleSink& sink);

// The samples of an .npy file of `size` bytes opened as `in`.
std::vector<float> readNpy(std::istream& in, std::uint64_t size, const std::string& where);

} // namespace nladc::quant
