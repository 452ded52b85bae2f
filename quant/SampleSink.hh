#pragma once

#include <functional>
#include <span>

namespace nladc::quant {

// Where a reader delivers its samples: a chunk at a time, in storage order,
// so that a file of any size passes through a buffer of fixed size. The
// in-memory readers collect the chunks into a vector; the streaming path
// counts them into a SampleCounter.
using SampleSink = std::function<void(std::span<const float> chunk)>;

} // namespace nladc::quant
