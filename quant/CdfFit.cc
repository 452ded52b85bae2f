#include "quant/CdfFit.hh"

namespace nladc::quant {

LevelSet fitCdf(const SortedSamples& samples, size_t levelCount)
{
  const double total = samples.totalWeight();
  std::vector<size_t> cuts{0};
  for (size_t k = 1; k < levelCount; ++k) {
    // The bin ends after the sample where the cumulative weight reaches k/K.
    const size_t cut = samples.indexAtWeight(total * static_cast<double>(k) / static_cast<double>(levelCount));
    if (cut > cuts.back() && cut < samples.size())
      cuts.push_back(cut);
  }
  cuts.push_back(samples.size());

  LevelSet set;
  for (size_t k = 0; k + 1 < cuts.size(); ++k) {
    set.levels.push_back(samples.meanOf(cuts[k], cuts[k + 1]));
    if (k > 0)
      set.thresholds.push_back(0.5 * (double{samples.value(cuts[k] - 1)} + double{samples.value(cuts[k])}));
  }
  if (set.levels.size() < levelCount)
    set.params["requested_levels"] = levelCount;
  return set;
}

} // namespace nladc::quant
