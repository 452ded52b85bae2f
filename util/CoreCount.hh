#pragma once

namespace nladc {

// The machine's hardware threads, at least 1, read once:
// std::thread::hardware_concurrency reads /sys at every call.
unsigned coreCount();

} // namespace nladc
