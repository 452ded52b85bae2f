#include "quant/RawFloatReader.hh"

#include "quant/NpyReader.hh"
#include "util/Error.hh"

#include <fmt/format.h>

namespace nladc::quant {

namespace {

constexpr NpyElementType kLittleEndianFloat32{.kind = 'f', .size = 4, .bigEndian = false};

std::uint64_t samplesIn(std::uint64_t size, const std::string& where)
{
  if (size % kLittleEndianFloat32.size != 0)
    throw InputError(
        fmt::format("{}: truncated: {} bytes is not a whole number of float32 values (4 bytes each)", where, size));
  return size / kLittleEndianFloat32.size;
}

} // namespace

std::vector<float> readRawFloat32(std::istream& in, std::uint64_t size, const std::string& where)
{
  return readElements(bytesFrom(in, where), kLittleEndianFloat32, samplesIn(size, where), where);
}

void streamRawFloat32(std::istream& in, std::uint64_t size, const std::string& where, const SampleSink& sink)
{
  streamElements(bytesFrom(in, where), kLittleEndianFloat32, samplesIn(size, where), where, sink);
}

} // namespace nladc::quant
