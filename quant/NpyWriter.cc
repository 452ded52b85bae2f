#include "quant/NpyWriter.hh"

namespace nladc::quant {

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

} // namespace nladc::quant
