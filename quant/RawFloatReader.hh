#pragma once

#include "quant/SampleSink.hh"

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

namespace nladc::quant {

// The samples of a raw .f32 file of `size` bytes: little-endian float32, no
// header (numpy's arr.astype('<f4').tofile()). A size that is not a multiple
// of 4 is an InputError (truncated); `where` starts every message.
std::vector<float> readRawFloat32(std::istream& in, std::uint64_t size, const std::string& where);

// The same samples delivered to `sink` in chunks.
void streamRawFloat32(std::istream& in, std::uint64_t size, const std::string& where, const SampleSink& sink);

} // namespace nladc::quant
