#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace nladc::design {

// Whether a design may cancel its comparators' offsets (auto-zero, the
// technology's design.auto_zero_*): where it is the cheaper way to the
// specification, always, or never.
enum class OffsetCancellation { automatic, on, off };

std::string_view cancellationName(OffsetCancellation cancellation); // "auto", "on", "off"
OffsetCancellation parseCancellation(std::string_view name);        // InputError naming offset_cancellation

// What a designed ADC must meet (DESIGN.md §8), each part checked by Monte
// Carlo: the yield of the whole ADC — every one of its `columns` columns
// monotonic with every |INL| < 0.5 of its local step — and, optionally, the
// p95 of the effective MSE on the user's data at most maxEffectiveMseRatio
// times the level set's ideal MSE.
struct Specification {
  double yield = 0.99;
  int columns = 128;
  std::optional<double> maxEffectiveMseRatio;
  OffsetCancellation cancellation = OffsetCancellation::automatic;
};

// InputError naming the field: a yield outside (0, 1), columns outside
// 1 … 1024, a ratio that is not a finite number ≥ 1 (no circuit beats its
// ideal quantiser).
void validate(const Specification& specification);

// How many of `samples` Monte Carlo samples may fail for a design to be
// said to meet `yield`: the expected count ⌊n(1 − Y)⌋ and one more (200
// samples at 0.99: 3). A design exactly at the yield passes 86 % of the
// time; one at 0.98 still passes 43 % of the time: a few hundred SPICE
// samples confirm the behavioural check, they cannot replace it.
uint64_t allowedFailures(double yield, uint64_t samples);

// The yield to size for, so that a design whose true yield is that passes
// a confirmation of `samples` samples under allowedFailures with
// probability 0.95: the design margin the search starts from.
double confirmableYield(double yield, uint64_t samples);

} // namespace nladc::design
