#include "spice/RealisedThresholds.hh"

#include "adc/ConversionMeasurement.hh"
#include "quant/NpyWriter.hh"
#include "util/AtomicFile.hh"

#include <algorithm>
#include <bit>
#include <cmath>
#include <string_view>

namespace nladc::spice {

static_assert(std::endian::native == std::endian::little, "the samples' doubles are written as they are, '<f8'");

bool writeRealisedThresholds(const std::filesystem::path& path, const adc::ReferenceColumnDesign& design,
                             const std::vector<SampleRow>& rows, std::uint64_t samples, int columns)
{
  const std::size_t thresholds = design.levels.thresholds.size();
  const std::size_t perSample = static_cast<std::size_t>(columns) * thresholds;
  if (samples * perSample * sizeof(double) > maxRealisedThresholdBytes)
    return false;
  std::vector<const SampleRow*> simulated;
  for (const SampleRow& row : rows)
    if (row.ok && row.index < samples)
      simulated.push_back(&row);
  std::sort(simulated.begin(), simulated.end(),
            [](const SampleRow* a, const SampleRow* b) { return a->index < b->index; });

  writeFileAtomically(path, [&](const PieceWriter& put) {
    const std::uint64_t shape[] = {samples, static_cast<std::uint64_t>(columns), thresholds};
    put(quant::npyHeader("<f8", shape));
    std::vector<double> sample(perSample);
    auto next = simulated.begin();
    for (std::uint64_t index = 0; index < samples; ++index) {
      std::fill(sample.begin(), sample.end(), NAN);
      if (next != simulated.end() && (*next)->index == index) {
        const SampleRow& row = **next++;
        for (std::size_t c = 0; c < row.columns.size() && c < static_cast<std::size_t>(columns); ++c) {
          const std::vector<double> t = adc::columnThresholds(design, row.ramp, row.columns[c]);
          std::copy(t.begin(), t.end(), sample.begin() + static_cast<std::ptrdiff_t>(c * thresholds));
        }
      }
      put(std::string_view(reinterpret_cast<const char*>(sample.data()), perSample * sizeof(double)));
    }
  });
  return true;
}

} // namespace nladc::spice
