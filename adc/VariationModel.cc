#include "adc/VariationModel.hh"

#include "adc/SampleStream.hh"

#include <algorithm>
#include <cmath>

namespace nladc::adc {

namespace {

// An OFF or broken cell never conducts less than this: 1 TΩ keeps the
// deck's resistor finite.
constexpr double leastConductance = 1e-12;

} // namespace

VariationModel variationModel(const Technology& t)
{
  VariationModel m;
  m.rramSigmaRel = t.variation.rramSigmaRel;
  m.rramSigmaAbs = t.variation.rramSigmaAbs;
  m.pStuckOff = t.variation.pStuckOff;
  m.vthSigma = t.variation.aVt / std::sqrt(t.accessTransistor.w * t.accessTransistor.l);
  m.gainSigma = t.variation.gainSigma;
  m.comparatorOffsetMean = t.comparator.offset;
  // An auto-zeroed comparator keeps only the residual of its cancellation.
  m.comparatorOffsetSigma =
      t.comparator.autoZero && t.design ? t.design->autoZeroResidualSigma : t.variation.comparatorOffsetSigma;
  m.vreadSpread = t.variation.vreadSpread;
  m.vreadTracking = t.variation.vreadTracking;
  return m;
}

VariationSample nominalSample(const ReferenceColumnDesign& design, int columns)
{
  return {nominalDevices(design), std::vector<ColumnVariation>(static_cast<size_t>(columns))};
}

VariationSample drawSample(const ReferenceColumnDesign& design, const VariationModel& m, int columns, uint64_t seed,
                           uint64_t index)
{
  SampleStream stream(seed, index);
  const double gOff = std::max(design.parameters.gOff, leastConductance);

  VariationSample sample = nominalSample(design, columns);
  const double vreadScale = 1.0 + m.vreadSpread * (2.0 * stream.uniform() - 1.0);
  sample.devices.vread *= vreadScale;
  auto vary = [&](Cell& cell) {
    const double z = stream.normal();
    const bool stuck = stream.uniform() < m.pStuckOff;
    cell.vthShift = m.vthSigma * stream.normal();
    if (stuck)
      cell.conductance = gOff;
    else if (m.rramSigmaAbs > 0.0)
      cell.conductance = std::max(cell.conductance + m.rramSigmaAbs * z, leastConductance);
    else
      cell.conductance *= std::exp(m.rramSigmaRel * z);
  };
  for (std::vector<Cell>& step : sample.devices.stepCells)
    std::for_each(step.begin(), step.end(), vary);
  std::for_each(sample.devices.calibrationCells.begin(), sample.devices.calibrationCells.end(), vary);
  for (ColumnVariation& column : sample.columns) {
    column.gain = (1.0 + m.gainSigma * stream.normal()) * (m.vreadTracking ? vreadScale : 1.0);
    column.offset = m.comparatorOffsetMean + m.comparatorOffsetSigma * stream.normal();
  }
  return sample;
}

} // namespace nladc::adc
