#pragma once

#include "adc/ReferenceColumnDesign.hh"
#include "adc/Technology.hh"
#include "layout_est/AdcArea.hh"
#include "netlist/ThresholdGrid.hh"
#include "quant/LevelSet.hh"

#include <string>
#include <vector>

namespace nladc::layout_est {

// Every design held to one specification (DESIGN.md §8): each is sized so
// that its own thresholds meet a yield over N columns — every |INL| < 0.5 of
// the local step — by the analytic model of adc/ThresholdYield.hh, at the
// smallest area its knobs allow within the technology's design bounds.

// The knobs of one design's sizing.
struct Sizing {
  double fullScale = 0.0;             // V, V_FS, within [full_scale, design.max_full_scale]
  bool autoZero = false;              // the comparators are auto-zeroed (design.auto_zero_*)
  double comparatorOffsetSigma = 0.0; // V, the input pair's own σ = A_VT/√(W·L): sizes it
  double unitCapacitance = 0.0;       // F, a SAR DAC's unit capacitor (0: not a SAR)
};

// The technology with a sizing's knobs applied: full_scale,
// variation.comparator_offset_sigma, comparator.autoZero and (for a SAR)
// area.unit_capacitance, so that the area circuits, the deck and the
// variation model all read the sized values.
adc::Technology sizedTechnology(const adc::Technology& technology, const Sizing& sizing);

// The offset σ a comparator input pair of W·L = area has:
// design.comparator_a_vt/√area; and the pair σ range the bounds allow,
// from the largest pair (design.comparator_max_input_area) to the smallest
// (minimum width × feature size).
double pairOffsetSigma(const adc::Technology& technology, double gateArea);

// Which comparators a sizing may consider: offset cancellation is chosen
// where it is the cheaper way to the yield, or forced on or off.
enum class AutoZeroChoice { cheaper, always, never };

struct IsoYieldDesign {
  std::string name; // as AreaComparison's designs: in-memory-nl-adc, nl-sar, nl-flash, sar, sar-mse-matched
  Sizing sizing;
  double yield = 0.0; // the analytic yield of the chosen sizing
  bool met = false;   // false: no sizing within the bounds meets the yield; `limit` says which bound
  std::string limit;  // the bound that stopped it (a technology key), empty when met
  DesignArea area;    // at the chosen sizing (at the best yield reached when not met)
};

// The in-memory NL-ADC sized to `yield` over `columns` columns with
// adc::inMemoryYieldEstimate: for each V_FS of the bounds' grid, with and
// without auto-zero, the largest pair σ that meets the yield (bisection),
// and of those the smallest area per column (`autoZero` restricts the
// choice).
IsoYieldDesign sizeInMemoryToYield(const quant::LevelSet& set, const adc::Technology& technology, int columns,
                                   double yield, netlist::StepRule rule,
                                   AutoZeroChoice autoZero = AutoZeroChoice::cheaper);

// Every design of AreaComparison sized to the same yield: the in-memory
// NL-ADC as above; the NL-flash's K−1 comparators per column, each its own
// offset; the NL-SAR's one comparator (an offset shared by its thresholds)
// and its DAC, whose unit-capacitor mismatch moves each threshold; the
// linear SAR at the set's bits and at `linearBits`, its thresholds uniform.
std::vector<IsoYieldDesign> sizeAllToYield(const quant::LevelSet& set, const adc::Technology& technology,
                                           int columns, int linearBits, double yield, netlist::StepRule rule);

} // namespace nladc::layout_est
