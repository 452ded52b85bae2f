#include "quant/VariationAware.hh"

#include "util/Error.hh"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fmt/format.h>
#include <limits>

namespace nladc::quant {

std::vector<double> thresholdGrid(const Domain& domain, size_t gridPoints)
{
  std::vector<double> grid;
  for (size_t i = 1; i < gridPoints; ++i)
    grid.push_back(domain.lo + domain.width() * static_cast<double>(i) / static_cast<double>(gridPoints));
  return grid;
}

JitteredBinCosts::JitteredBinCosts(const SortedSamples& samples, std::span<const double> grid,
                                   const ThresholdSigma& sigma)
    : centre_(samples.meanOf(0, samples.size()))
{
  position_.push_back(-INFINITY);
  tails_.push_back({samples.totalWeight(), 0.0, samples.sseAbout(0, samples.size(), centre_)});
  for (const double t : grid) {
    position_.push_back(t);
    tails_.push_back(jitteredTail(samples, centre_, t, checkedSigma(sigma, t)));
  }
  position_.push_back(INFINITY);
  tails_.push_back({});
}

double JitteredBinCosts::cost(size_t a, size_t b) const
{
  const double w = tails_[a].w - tails_[b].w;
  if (!(w > 0.0))
    return INFINITY;
  const double s1 = tails_[a].s1 - tails_[b].s1;
  const double c = centre_ + s1 / w;
  if (!(c > position_[a] && c < position_[b]))
    return INFINITY;
  return (tails_[a].s2 - tails_[b].s2) - s1 * s1 / w;
}

double JitteredBinCosts::level(size_t a, size_t b) const
{
  return centre_ + (tails_[a].s1 - tails_[b].s1) / (tails_[a].w - tails_[b].w);
}

double JitteredBinCosts::costAt(size_t a, size_t b, double level) const
{
  const double d = level - centre_;
  return (tails_[a].s2 - tails_[b].s2) - 2.0 * d * (tails_[a].s1 - tails_[b].s1) + d * d * (tails_[a].w - tails_[b].w);
}

namespace {

// The samples [begin, end) as a sample set of their own.
SortedSamples subset(const SortedSamples& samples, size_t begin, size_t end)
{
  const std::vector<double> weights = samples.weights();
  return SortedSamples(std::vector<float>(samples.values().begin() + static_cast<std::ptrdiff_t>(begin),
                                          samples.values().begin() + static_cast<std::ptrdiff_t>(end)),
                       std::span<const double>(weights).subspan(begin, end - begin));
}

} // namespace

LevelSet fitVariationAware(const SortedSamples& samples, const Domain& domain, size_t levelCount,
                           const VariationAwareOptions& options)
{
  if (!options.sigma)
    throw InputError("variation-aware needs a threshold sigma");
  if (options.gridPoints < levelCount || options.gridPoints > maxGridPoints)
    throw InputError(fmt::format("variation-aware: a grid of {} points is outside [{}, {}] for {} levels",
                                 options.gridPoints, levelCount, maxGridPoints, levelCount));
  const size_t K = levelCount;

  // The samples the expected error is taken over, and the pinned levels.
  LevelSet set;
  std::optional<SortedSamples> treated;
  std::optional<double> pinLo;
  std::optional<double> pinHi;
  if (options.boundary) {
    const BoundaryBands bands = findBoundaryBands(samples, domain, *options.boundary, set.params);
    switch (options.boundary->suppression) {
    case Suppression::pin:
      if (bands.pileLo)
        pinLo = domain.lo;
      if (bands.pileHi)
        pinHi = domain.hi;
      break;
    case Suppression::remove: treated = subset(samples, bands.begin(), bands.end(samples)); break;
    case Suppression::cap: treated = cappedBands(samples, bands, *options.boundary, set.params); break;
    }
  }
  const SortedSamples& objective = treated ? *treated : samples;
  if (objective.size() < K)
    throw InputError(fmt::format("variation-aware: the samples left after the boundary treatment hold {} distinct "
                                 "values, fewer than the {} levels to fit",
                                 objective.size(), K));

  const JitteredBinCosts costs(objective, thresholdGrid(domain, options.gridPoints), options.sigma);
  const size_t last = costs.nodeCount() - 1;
  auto binCost = [&](size_t a, size_t b) {
    if (a == 0 && pinLo)
      return costs.costAt(a, b, *pinLo);
    if (b == last && pinHi)
      return costs.costAt(a, b, *pinHi);
    return costs.cost(a, b);
  };

  // D_q(j): the least expected error of the samples below threshold node j
  // in q bins; argmin[q][j] the node where the q-th bin starts. The cost is
  // not Monge (docs/quant.md), so every candidate is scanned.
  std::vector<double> previous(last + 1, INFINITY);
  std::vector<double> current(last + 1, INFINITY);
  std::vector<std::vector<uint32_t>> argmin(K, std::vector<uint32_t>(last + 1, 0));
  for (size_t j = 1; j < last; ++j)
    previous[j] = binCost(0, j);
  for (size_t q = 2; q <= K; ++q) {
    const size_t firstRow = q == K ? last : q;
    const size_t lastRow = q == K ? last : last - 1;
    std::fill(current.begin(), current.end(), INFINITY);
    for (size_t j = firstRow; j <= lastRow; ++j) {
      double best = INFINITY;
      size_t bestI = q - 1;
      for (size_t i = q - 1; i < j; ++i) {
        if (previous[i] == INFINITY)
          continue;
        const double v = previous[i] + binCost(i, j);
        if (v < best) {
          best = v;
          bestI = i;
        }
      }
      current[j] = best;
      argmin[q - 1][j] = static_cast<uint32_t>(bestI);
    }
    previous.swap(current);
  }
  if (previous[last] == INFINITY)
    throw InputError(fmt::format("variation-aware: no {} levels on [{}, {}] keep each level between its thresholds "
                                 "at this threshold sigma; it is too large for the domain",
                                 K, domain.lo, domain.hi));

  std::vector<size_t> nodes(K + 1, last);
  nodes[0] = 0;
  for (size_t q = K; q >= 2; --q)
    nodes[q - 1] = argmin[q - 1][nodes[q]];
  for (size_t k = 0; k < K; ++k) {
    if (k == 0 && pinLo)
      set.levels.push_back(*pinLo);
    else if (k + 1 == K && pinHi)
      set.levels.push_back(*pinHi);
    else
      set.levels.push_back(domain.clamp(costs.level(nodes[k], nodes[k + 1])));
    if (k > 0)
      set.thresholds.push_back(costs.position(nodes[k]));
  }
  set.params["grid_points"] = options.gridPoints;
  return set;
}

} // namespace nladc::quant
