#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

namespace nladc::quant {

// The samples of a raw .f32 file of `size` bytes: little-endian float32, no
// header (numpy's arr.astype('<f4').tofile()). A size that is not a multiple
// of 4 is an InputError (truncated); `where` starts every message.
std::vector<float> readRawFloat32(std::istream& in, std::uint64_t size, const std::string& where);

} // namespace nladc::quant
