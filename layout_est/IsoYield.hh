#pragma once

#include "adc/ReferenceColumnDesign.hh"
#include "adc/Technology.hh"
#include "layout_est/AdcArea.hh"
#include "layout_est/ComparatorEnergy.hh"
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
struct PairSigmaRange {
  double smallest = 0.0; // V, design.comparator_max_input_area
  double largest = 0.0;  // V, area.min_width × feature_size
};
PairSigmaRange pairSigmaRange(const adc::Technology& technology);
// The same for the in-memory column: with a front end (a technology with
// a blocks section), which is auto-zeroed already and which larger pairs
// do not take below its measured residual, no smaller σ than
// design.auto_zero_residual_sigma.
PairSigmaRange inMemoryPairSigmaRange(const adc::Technology& technology);

// The input pair of an auto-zeroed comparator: the technology's own
// variation.comparator_offset_sigma, the pair its column front end was
// characterised with, which is where design.auto_zero_residual_sigma was
// measured (docs/comparator.md); a smaller pair leaves a larger residual.
double autoZeroPairSigma(const adc::Technology& technology);

// The V_FS values the search tries: fullScaleSteps points evenly from
// full_scale to design.max_full_scale (one when they are equal).
inline constexpr int fullScaleSteps = 5;
std::vector<double> fullScaleGrid(const adc::Technology& technology);

// Which comparators a sizing may consider: offset cancellation is chosen
// where it is the cheaper way to the yield, or forced on or off.
enum class AutoZeroChoice { cheaper, always, never };

struct IsoYieldDesign {
  std::string name; // as AreaComparison's designs: in-memory-nl-adc, nl-sar, nl-flash, sar, sar-mse-matched
  Sizing sizing;
  double yield = 0.0; // the analytic yield of the chosen sizing
  bool met = false;   // false: no sizing within the bounds meets the yield; `limit` says which bound
  // The bound that stopped it, empty when met. With the comparator's offset
  // removed at design.max_full_scale the design would meet the yield:
  // "design.comparator_max_input_area" (neither the largest pair nor
  // auto-zero is enough), or for an in-memory column with a front end
  // "design.auto_zero_residual_sigma" (its measured floor). Otherwise the first error whose removal (as well)
  // meets it: "variation.gain_sigma", "variation.rram_sigma_rel" (the
  // in-memory ramp's programming error), else "levels" (the thresholds'
  // static error, the nominal ramp's or the DAC grid's, exceeds a window).
  std::string limit;
  DesignArea area; // at the chosen sizing (at the best yield reached when not met)
};

// The in-memory NL-ADC sized to `yield` over `columns` columns with
// adc::inMemoryYieldEstimate: for each V_FS of the bounds' grid, with and
// without auto-zero, the largest pair σ that meets the yield (bisection),
// and of those the smallest area per column (`autoZero` restricts the
// choice).
IsoYieldDesign sizeInMemoryToYield(const quant::LevelSet& set, const adc::Technology& technology, int columns,
                                   double yield, netlist::StepRule rule,
                                   AutoZeroChoice autoZero = AutoZeroChoice::cheaper);

// One design's analytic yield at a sizing, by the model the search uses:
// the in-memory NL-ADC's adc::inMemoryYieldEstimate; a baseline's
// thresholds through adc::allColumnsPassProbability (docs/area.md, "At
// equal yield"). `design` is one of IsoYieldDesign's names; `linearBits`
// is sar-mse-matched's.
double analyticYield(const std::string& design, const quant::LevelSet& set, const adc::Technology& technology,
                     int columns, int linearBits, const Sizing& sizing, netlist::StepRule rule);

// Every design of AreaComparison sized to the same yield: the in-memory
// NL-ADC as above; the NL-flash's K−1 comparators per column, each its own
// offset; the NL-SAR's one comparator (an offset shared by its thresholds)
// and its DAC, whose unit-capacitor mismatch moves each threshold; the
// linear SAR at the set's bits and at `linearBits`, its thresholds uniform.
// Each design's `area` carries its energy at its sizing (with `comparator`).
std::vector<IsoYieldDesign> sizeAllToYield(const quant::LevelSet& set, const adc::Technology& technology, int columns,
                                           int linearBits, double yield, netlist::StepRule rule,
                                           const ComparatorEnergy& comparator = {});

// A design's iso-yield area per column over the in-memory NL-ADC's, the
// first of `designs` (as sizeAllToYield returns them).
double isoYieldRatio(const std::vector<IsoYieldDesign>& designs, const IsoYieldDesign& design);

} // namespace nladc::layout_est
