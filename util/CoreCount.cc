#include "util/CoreCount.hh"

#include <algorithm>
#include <thread>

namespace nladc {

unsigned coreCount()
{
  static const unsigned count = std::max(1u, std::thread::hardware_concurrency());
  return count;
}

} // namespace nladc
