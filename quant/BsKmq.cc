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

BoundaryBands findBoundaryBands(const SortedSamples& samples, const Domain& domain, const BsKmqOptions& options,
                                nlohmann::json& params)
{
  if (!(options.boundaryEps > 0.0 && options.boundaryEps < 0.5))
    throw InputError(fmt::format("--boundary-eps {} is outside (0, 0.5)", options.boundaryEps));
  if (!(options.boundaryMass >= 0.0 && options.boundaryMass < 1.0))
    throw InputError(fmt::format("--boundary-mass {} is outside [0, 1)", options.boundaryMass));

  // Step 1: the boundary bands.
  BoundaryBands bands;
  const double band = options.boundaryEps * domain.width();
  bands.loEnd = samples.upperBound(domain.lo + band);
  bands.hiBegin = std::max(bands.loEnd, samples.lowerBound(domain.hi - band));
  const double total = samples.totalWeight();
  bands.loMass = samples.weightOf(0, bands.loEnd) / total;
  bands.hiMass = samples.weightOf(bands.hiBegin, samples.size()) / total;
  // Step 2: a band holding more than τ of the samples is a pile-up.
  bands.pileLo = bands.loMass > options.boundaryMass;
  bands.pileHi = bands.hiMass > options.boundaryMass;

  params["boundary_eps"] = options.boundaryEps;
  params["boundary_mass"] = options.boundaryMass;
  params["suppression"] = suppressionName(options.suppression);
  params["band_mass_lo"] = bands.loMass;
  params["band_mass_hi"] = bands.hiMass;
  params["pile_up_lo"] = bands.pileLo;
  params["pile_up_hi"] = bands.pileHi;
  return bands;
}

SortedSamples cappedBands(const SortedSamples& samples, const BoundaryBands& bands, const BsKmqOptions& options,
                          nlohmann::json& params)
{
  // Bins of the band's width tile the interior; a pile-up band may weigh
  // no more than the mean of those bins.
  const double interiorWeight = samples.weightOf(bands.loEnd, bands.hiBegin);
  const double cap = interiorWeight * options.boundaryEps / (1.0 - 2.0 * options.boundaryEps);
  std::vector<double> weights = samples.weights();
  auto capBand = [&](size_t a, size_t b) {
    const double bandWeight = samples.weightOf(a, b);
    if (bandWeight > cap && cap > 0.0)
      for (size_t i = a; i < b; ++i)
        weights[i] *= cap / bandWeight;
  };
  if (bands.pileLo)
    capBand(0, bands.loEnd);
  if (bands.pileHi)
    capBand(bands.hiBegin, samples.size());
  params["band_cap"] = cap / samples.totalWeight();
  return SortedSamples(std::vector<float>(samples.values().begin(), samples.values().end()), weights);
}

LevelSet fitBsKmq(const SortedSamples& samples, const Domain& domain, size_t levelCount, const BsKmqOptions& options)
{
  LevelSet set;
  const BoundaryBands bands = findBoundaryBands(samples, domain, options, set.params);
  const bool pileLo = bands.pileLo;
  const bool pileHi = bands.pileHi;
  const size_t begin = bands.begin();
  const size_t end = bands.end(samples);
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
    const SortedSamples capped = cappedBands(samples, bands, options, set.params);
    requireDistinct(capped.size(), levelCount);
    set.levels = optimalKMeans(capped, 0, capped.size(), levelCount).centroids(capped);
    break;
  }
  }
  set.thresholds = midpoints(set.levels);
  return set;
}

} // namespace nladc::quant
