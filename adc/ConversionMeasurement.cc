#include "adc/ConversionMeasurement.hh"

#include "adc/BehaviouralModel.hh"

#include <algorithm>
#include <cmath>

namespace nladc::adc {

std::vector<double> columnThresholds(const ReferenceColumnDesign& design, std::span<const double> ramp,
                                     const ColumnVariation& column)
{
  const quant::Domain& domain = design.levels.domain;
  std::vector<double> thresholds;
  for (size_t j = 1; j < ramp.size(); ++j) {
    const double volts = (ramp[j] + column.offset) / column.gain;
    thresholds.push_back(domain.lo + volts / design.parameters.fullScale * domain.width());
  }
  return thresholds;
}

double localStep(const quant::LevelSet& set, size_t j)
{
  const std::vector<double>& t = set.thresholds;
  const double below = t[j] - (j == 0 ? set.domain.lo : t[j - 1]);
  const double above = (j + 1 == t.size() ? set.domain.hi : t[j + 1]) - t[j];
  return std::min(below, above);
}

std::vector<double> integralNonlinearity(const quant::LevelSet& set, std::span<const double> realised)
{
  std::vector<double> inl;
  for (size_t j = 0; j < set.thresholds.size(); ++j)
    inl.push_back((realised[j] - set.thresholds[j]) / localStep(set, j));
  return inl;
}

std::vector<double> differentialNonlinearity(const quant::LevelSet& set, std::span<const double> realised)
{
  std::vector<double> dnl;
  for (size_t j = 0; j < set.thresholds.size(); ++j) {
    const double previousTarget = j == 0 ? set.domain.lo : set.thresholds[j - 1];
    const double previousRealised = j == 0 ? set.domain.lo : realised[j - 1];
    dnl.push_back((realised[j] - previousRealised) / (set.thresholds[j] - previousTarget) - 1.0);
  }
  return dnl;
}

int columnCode(std::span<const double> ramp, const ColumnVariation& column, double inputVolts)
{
  return codeOf(column.gain * inputVolts - column.offset, std::vector<double>(ramp.begin(), ramp.end()));
}

ConversionMeasurement measureConversion(const ReferenceColumnDesign& design, std::span<const double> ramp,
                                        std::span<const ColumnVariation> columns, std::span<const double> testInputs,
                                        const quant::EffectiveError* data)
{
  ConversionMeasurement m;
  for (size_t j = 2; j < ramp.size(); ++j)
    m.monotonic = m.monotonic && ramp[j] > ramp[j - 1];
  for (size_t c = 0; c < testInputs.size(); ++c)
    m.codes.push_back(columnCode(ramp, columns[c], testInputs[c]));
  double codeErrors = 0.0;
  double mse = 0.0;
  for (const ColumnVariation& column : columns) {
    const std::vector<double> thresholds = columnThresholds(design, ramp, column);
    for (const double inl : integralNonlinearity(design.levels, thresholds))
      m.maxAbsInl = std::max(m.maxAbsInl, std::abs(inl));
    for (const double dnl : differentialNonlinearity(design.levels, thresholds))
      m.maxAbsDnl = std::max(m.maxAbsDnl, std::abs(dnl));
    if (data) {
      codeErrors += data->codeErrorRate(thresholds);
      mse += data->mse(thresholds);
    }
  }
  // std::max passes a NaN over: a ramp that is not a number fails outright.
  const bool finite = std::all_of(ramp.begin(), ramp.end(), [](double v) { return std::isfinite(v); });
  m.pass = finite && m.monotonic && m.maxAbsInl < 0.5;
  if (data) {
    m.codeErrorRate = codeErrors / static_cast<double>(columns.size());
    m.effectiveMse = mse / static_cast<double>(columns.size());
  }
  return m;
}

} // namespace nladc::adc
