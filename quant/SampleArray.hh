#pragma once

#include "quant/SampleSetReader.hh"

#include <cstdint>
#include <span>
#include <string>

namespace nladc::quant {

// Samples a caller holds in memory (a NumPy array's buffer, say), counted
// as readSampleSets counts a file's: chunk by chunk into exact weighted
// distinct values, in place (no copy of the array), within the memory
// budget. `where` names the array in messages, as a file's path does.
// Non-finite samples are dropped with `dropNonfinite`, else refused.
TensorSamples countSampleArray(std::span<const float> samples, const std::string& name, const std::string& where,
                               bool dropNonfinite, std::uint64_t memoryBudget);

} // namespace nladc::quant
