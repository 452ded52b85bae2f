#pragma once

#include "quant/LevelSet.hh"

namespace nladc::quant {

// The uniform quantizer: thresholds lo + kΔ, Δ = (hi − lo)/K, levels at the
// bin centres.
LevelSet fitLinear(const Domain& domain, size_t levelCount);

} // namespace nladc::quant
