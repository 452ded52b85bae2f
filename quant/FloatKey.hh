#pragma once

#include <bit>
#include <cstdint>

namespace nladc::quant {

// An order-preserving map of floats onto unsigned integers (sign bit
// flipped for positives, all bits for negatives): integers sort, and count,
// as the floats do.
inline std::uint32_t sortKey(float x)
{
  const std::uint32_t bits = std::bit_cast<std::uint32_t>(x);
  return (bits & 0x80000000u) ? ~bits : (bits | 0x80000000u);
}

inline float fromSortKey(std::uint32_t key)
{
  return std::bit_cast<float>((key & 0x80000000u) ? (key & 0x7fffffffu) : ~key);
}

} // namespace nladc::quant
