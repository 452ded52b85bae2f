#pragma once

#include "adc/ReferenceColumnDesign.hh"
#include "adc/VariationModel.hh"
#include "quant/EffectiveError.hh"

#include <optional>
#include <span>
#include <vector>

namespace nladc::adc {

// What one conversion realises, measured from its ramp — V_0, T_1 … T_{K−1}
// in volts, from ngspice or the behavioural model — and the columns that
// read it (DESIGN.md §5). Everything here is in level space: a nonlinear
// ADC has no single LSB.

// The thresholds column `column` realises, in activation units: its input
// g·V(x) meets the ramp plus its offset at V(x) = (T_j + offset)/g.
std::vector<double> columnThresholds(const ReferenceColumnDesign& design, std::span<const double> ramp,
                                     const ColumnVariation& column);

// The local step of threshold j: the narrower of the two code bins it
// separates (the domain's ends close the outer bins).
double localStep(const quant::LevelSet& set, size_t j);

// INL_j = (t̂_j − t_j)/local step; DNL_j = (t̂_j − t̂_{j−1})/(t_j − t_{j−1}) − 1,
// with t̂_0 = t_0 = the domain's low end, so DNL_1 is the first code bin's.
std::vector<double> integralNonlinearity(const quant::LevelSet& set, std::span<const double> realised);
std::vector<double> differentialNonlinearity(const quant::LevelSet& set, std::span<const double> realised);

// The code a column gives the test input `inputVolts` (nominal volts).
int columnCode(std::span<const double> ramp, const ColumnVariation& column, double inputVolts);

// One conversion's figures of merit, over all its columns.
struct ConversionMeasurement {
  std::vector<int> codes; // of the test columns
  double maxAbsInl = 0.0; // over columns and thresholds
  double maxAbsDnl = 0.0; // over columns and thresholds
  bool monotonic = true;  // the ramp rises at every step
  bool pass = true;       // monotonic and every |INL| < 0.5 (the yield criterion)
  // On activation data, the mean over the columns (each column sees the
  // same distribution):
  std::optional<double> codeErrorRate;
  std::optional<double> effectiveMse;
};

ConversionMeasurement measureConversion(const ReferenceColumnDesign& design, std::span<const double> ramp,
                                        std::span<const ColumnVariation> columns, std::span<const double> testInputs,
                                        const quant::EffectiveError* data);

} // namespace nladc::adc
