#include "quant/RawFloatReader.hh"

#include "quant/NpyReader.hh"
#include "util/Error.hh"

#include <fmt/format.h>

namespace nladc::quant {

std::vector<float> readRawFloat32(std::istream& in, std::uint64_t size, const std::string& where)
{
  constexpr NpyElementType kLittleEndianFloat32{.kind = 'f', .size = 4, .bigEndian = false};
  if (size % kLittleEndianFloat32.size != 0)
    throw InputError(
        fmt::format("{}: truncated: {} bytes is not a whole number of float32 values (4 bytes each)", where, size));
  return readElements(bytesFrom(in, where), kLittleEndianFloat32, size / kLittleEndianFloat32.size, where);
}

} // namespace nladc::quant
