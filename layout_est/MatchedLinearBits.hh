#pragma once

#include "quant/LevelSet.hh"
#include "quant/SortedSamples.hh"

namespace nladc::layout_est {

// The resolution of the `sar` baseline that matches a level set's
// quantization error (DESIGN.md §6): the smallest b (1 … quant::maxBits)
// whose linear set on the level set's domain has an MSE on the samples no
// larger than the level set's own. Throws InputError when even
// quant::maxBits bits do not match.
int linearBitsMatchingMse(const quant::LevelSet& set, const quant::SortedSamples& samples);

// The same from the level file's recorded metrics.mse, without samples: a
// linear quantizer of step Δ = width/2^b has MSE ≈ Δ²/12 (the uniform
// error model), so b = ⌈log2(width / √(12·mse))⌉, at least 1. Throws
// InputError when the set records no positive mse, or the answer exceeds
// quant::maxBits.
int linearBitsFromMetrics(const quant::LevelSet& set);

} // namespace nladc::layout_est
