#include "adc/VariationModel.hh"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace nladc::adc {

namespace {

// An OFF or broken cell never conducts less than this: 1 TΩ keeps the
// deck's resistor finite.
constexpr double leastConductance = 1e-12;

// SplitMix64's output function: a bijective mixer of 64-bit words.
constexpr uint64_t mix(uint64_t z)
{
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// A counter-based generator: draw k of sample `index` is a hash of
// (seed, index, k) — SplitMix64 (Steele et al., OOPSLA 2014) on a counter
// whose start mixes seed and index — so every sample has its own stream,
// cheap to start (an mt19937 would spend more on seeding than the sample on
// its draws). Uniform and normal draws are written out here rather than
// taken from <random>, whose distributions differ between standard
// libraries: a sample is the same on every machine.
class SampleStream {
public:
  SampleStream(uint64_t seed, uint64_t index) : counter_(mix(mix(seed) ^ index)) {}

  // Uniform in [0, 1) from the top 53 bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Standard normal by Box–Muller (one of the pair; the stream is cheap).
  double normal()
  {
    const double u = 1.0 - uniform(); // (0, 1]: the logarithm stays finite
    const double v = uniform();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * std::numbers::pi * v);
  }

private:
  uint64_t next() { return mix(counter_ += 0x9e3779b97f4a7c15ULL); }
  uint64_t counter_;
};

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
