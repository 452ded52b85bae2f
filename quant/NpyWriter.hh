#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace nladc::quant {

// The header of a version 1.0 .npy file of a C-order array: the magic, the
// dict (`descr` such as '<f8', the shape) padded with spaces to a multiple
// of 64 bytes. The data, little-endian, follows it.
std::string npyHeader(const std::string& descr, std::span<const std::uint64_t> shape);

} // namespace nladc::quant
