#include "spice/RealisedThresholds.hh"

#include "adc/ConversionMeasurement.hh"
#include "quant/NpyWriter.hh"

#include <cmath>

namespace nladc::spice {

std::string formatRealisedThresholds(const adc::ReferenceColumnDesign& design, const std::vector<SampleRow>& rows,
                                     std::uint64_t samples, int columns)
{
  const std::size_t thresholds = design.levels.thresholds.size();
  const std::size_t perSample = static_cast<std::size_t>(columns) * thresholds;
  std::vector<double> values(samples * perSample, NAN);
  for (const SampleRow& row : rows) {
    if (!row.ok || row.index >= samples)
      continue;
    for (std::size_t c = 0; c < row.columns.size() && c < static_cast<std::size_t>(columns); ++c) {
      const std::vector<double> t = adc::columnThresholds(design, row.ramp, row.columns[c]);
      std::copy(t.begin(), t.end(),
                values.begin() + static_cast<std::ptrdiff_t>(row.index * perSample + c * thresholds));
    }
  }
  const std::uint64_t shape[] = {samples, static_cast<std::uint64_t>(columns), thresholds};
  return quant::formatNpy(values, shape);
}

} // namespace nladc::spice
