#include "quant/BsKmq.hh"

#include "quant/OptimalKMeans.hh"
#include "util/Error.hh"

#include <fmt/format.h>

namespace nladc::quant {

std::string_view suppressionName(Suppression suppression)
{
  switch (suppression) {
  case Suppression::pin: return "pin";
  case Suppression::remove: return "remove";
  case Suppression::cap: return "cap";
  }
  return "pin";
}

Suppression parseSuppression(std::string_view name)
{
  for (const Suppression s : {Suppression::pin, Suppression::remove, Suppression::cap})
    if (suppressionName(s) == name)
      return s;
  throw InputError(fmt::format("--suppression: '{}' is not one of pin, remove, cap", name));
}

namespace {

void requireDistinct(size_t distinct, size_t levels)
{
  if (distinct < levels)
    throw InputError(
        fmt::format("the interior holds {} distinct values, fewer than the {} levels to fit", distinct, levels));
}

} // namespace

LevelSet fitBsKmq(const SortedSamples& samples, const Domain& domain, size_t levelCount, const BsKmqOptions& options)
{
  if (!(options.boundaryEps > 0.0 && options.boundaryEps < 0.5))
    throw InputError(fmt::format("--boundary-eps {} is outside (0, 0.5)", options.boundaryEps));
  if (!(options.boundaryMass >= 0.0 && options.boundaryMass < 1.0))
    throw InputError(fmt::format("--boundary-mass {} is outside [0, 1)", options.boundaryMass));

  // Step 1: the boundary bands, as index ranges [0, loEnd) and [hiBegin, n).
  const double band = options.boundaryEps * domain.width();
  const size_t loEnd = samples.upperBound(domain.lo + band);
  const size_t hiBegin = std::max(loEnd, samples.lowerBound(domain.hi - band));
  const double total = samples.totalWeight();
  const double loMass = samples.weightOf(0, loEnd) / total;
  const double hiMass = samples.weightOf(hiBegin, samples.size()) / total;
  // Step 2: a band holding more than τ of the samples is a pile-up.
  const bool pileLo = loMass > options.boundaryMass;
  const bool pileHi = hiMass > options.boundaryMass;

  LevelSet set;
  set.params["boundary_eps"] = options.boundaryEps;
  set.params["boundary_mass"] = options.boundaryMass;
  set.params["suppression"] = suppressionName(options.suppression);
  set.params["band_mass_lo"] = loMass;
  set.params["band_mass_hi"] = hiMass;
  set.params["pile_up_lo"] = pileLo;
  set.params["pile_up_hi"] = pileHi;

  const size_t begin = pileLo ? loEnd : 0;
  const size_t end = pileHi ? hiBegin : samples.size();
  switch (options.suppression) {
  case Suppression::pin: {
    const size_t interiorLevels = levelCount - (pileLo ? 1 : 0) - (pileHi ? 1 : 0);
    if (pileLo)
      set.levels.push_back(domain.lo);
    if (interiorLevels > 0) {
      requireDistinct(end - begin, interiorLevels);
      const std::vector<double> interior = optimalKMeans(samples, begin, end, interiorLevels).centroids(samples);
      set.levels.insert(set.levels.end(), interior.begin(), interior.end());
    }
    if (pileHi)
      set.levels.push_back(domain.hi);
    break;
  }
  case Suppression::remove:
    requireDistinct(end - begin, levelCount);
    set.levels = optimalKMeans(samples, begin, end, levelCount).centroids(samples);
    break;
  case Suppression::cap: {
    // Bins of the band's width tile the interior; a pile-up band may weigh
    // no more than the mean of those bins.
    const double interiorWeight = samples.weightOf(loEnd, hiBegin);
    const double cap = interiorWeight * options.boundaryEps / (1.0 - 2.0 * options.boundaryEps);
    std::vector<double> weights = samples.weights();
    auto capBand = [&](size_t a, size_t b) {
      const double bandWeight = samples.weightOf(a, b);
      if (bandWeight > cap && cap > 0.0)
        for (size_t i = a; i < b; ++i)
          weights[i] *= cap / bandWeight;
    };
    if (pileLo)
      capBand(0, loEnd);
    if (pileHi)
      capBand(hiBegin, samples.size());
    const std::vector<float> values(samples.values().begin(), samples.values().end());
    const SortedSamples capped(values, weights);
    requireDistinct(capped.size(), levelCount);
    set.levels = optimalKMeans(capped, 0, capped.size(), levelCount).centroids(capped);
    set.params["band_cap"] = cap / total;
    break;
  }
  }
  set.thresholds = midpoints(set.levels);
  return set;
}

} // namespace nladc::quant
