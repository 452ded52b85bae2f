#pragma once

#include "adc/ReferenceColumnDesign.hh"
#include "adc/VariationModel.hh"

#include <span>
#include <vector>

namespace nladc::adc {

// The analytic yield of DESIGN.md §8's first estimate: Gaussian threshold
// errors and the yield criterion of ConversionMeasurement (every |INL| < 0.5
// of the local step; thresholds that stay within half their local step
// cannot cross, so monotonicity follows). Any ADC whose columns realise K−1
// thresholds can be described by it: the in-memory NL-ADC here, and the
// baselines of layout_est.

// The random errors of one column's realised thresholds, in volts: threshold
// j at v_j volts lands at v_j + o − v_j·g + r_j, where o ~ N(0, offsetSigma²)
// is shared by the column's thresholds (one comparator's offset), g ~
// N(0, gainSigma²) its relative gain error, and r_j ~ N(0,
// independentSigma[j]²) each threshold's own (a flash comparator's offset, a
// DAC's mismatch; empty: none).
struct ColumnErrors {
  double offsetSigma = 0.0;
  double gainSigma = 0.0;
  std::vector<double> independentSigma;
};

// P(every threshold of a column within its window): threshold j, at
// `volts[j]`, carries the fixed error `bias[j]` and must land within
// ±halfWindow[j] of its target. Exact up to the quadrature over the shared
// o and g (composite Gauss–Legendre over the range where a column can pass).
double columnPassProbability(std::span<const double> volts, std::span<const double> bias,
                             std::span<const double> halfWindow, const ColumnErrors& errors);

// The same for `columns` independent columns: P^columns, where every column
// passes with the same probability.
double allColumnsPassProbability(std::span<const double> volts, std::span<const double> bias,
                                 std::span<const double> halfWindow, const ColumnErrors& errors, int columns);

// Half the local step of every threshold of a level set, in volts on
// [0, fullScale]: the window |INL| < 0.5 leaves it (ConversionMeasurement.hh).
std::vector<double> halfLocalSteps(const quant::LevelSet& set, double fullScale);

// The in-memory NL-ADC's analytic yield over `columns` columns: the ramp's
// errors are shared by every column, so the yield is E_ramp[P_column^N],
// averaged over `rampDraws` draws of a Gaussian ramp whose step j errs by
// σ_rel·ΔV_j/√cells_j (RRAM programming error) from the nominal behavioural
// ramp, whose static error is the bias, scaled by the Vread draw when Vread
// does not track the columns (when it tracks, it cancels). Columns add
// their offset (its systematic part a bias) and gain errors. Left to the
// behavioural model: access-transistor mismatch, stuck cells, and the
// calibration cells' error of V_0 (0 unless an offset is asked for).
double inMemoryYieldEstimate(const ReferenceColumnDesign& design, const VariationModel& variation, int columns,
                             int rampDraws = 128);

} // namespace nladc::adc
