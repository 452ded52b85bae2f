#include "quant/NpyWriter.hh"

#include <bit>
#include <cstring>

namespace nladc::quant {

static_assert(std::endian::native == std::endian::little, "formatNpy writes the machine's doubles as '<f8'");

std::string npyHeader(const std::string& descr, std::span<const std::uint64_t> shape)
{
  // (a, b, c), but (n,) for one axis
  std::string dims;
  for (const std::uint64_t n : shape)
    dims += (dims.empty() ? "" : ", ") + std::to_string(n);
  if (shape.size() == 1)
    dims += ',';
  std::string dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
  constexpr std::size_t prefix = 10; // magic, version, header length
  dict.append((64 - (prefix + dict.size() + 1) % 64) % 64, ' ');
  dict += '\n';
  std::string header = "\x93NUMPY";
  header += '\x01';
  header += '\x00';
  header += static_cast<char>(dict.size() & 0xff);
  header += static_cast<char>(dict.size() >> 8);
  return header + dict;
}

std::string formatNpy(std::span<const double> values, std::span<const std::uint64_t> shape)
{
  std::string file = npyHeader("<f8", shape);
  const std::size_t header = file.size();
  file.resize(header + values.size_bytes());
  std::memcpy(file.data() + header, values.data(), values.size_bytes());
  return file;
}

} // namespace nladc::quant
