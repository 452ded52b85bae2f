#include "netlist/ThresholdGrid.hh"

#include "util/Error.hh"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace nladc::netlist {

namespace {

constexpr int maxGridBits = 24;

} // namespace

ThresholdGrid thresholdGrid(const quant::LevelSet& set)
{
  const double lo = set.domain.lo;
  const double width = set.domain.width();
  std::vector<double> edges{0.0};
  for (const double t : set.thresholds)
    edges.push_back((t - lo) / width);
  edges.push_back(1.0);
  double smallestBin = 1.0;
  for (size_t i = 1; i < edges.size(); ++i)
    smallestBin = std::min(smallestBin, edges[i] - edges[i - 1]);

  for (int bits = 1; bits <= maxGridBits; ++bits) {
    const double steps = std::ldexp(1.0, bits);
    ThresholdGrid grid{bits, {}, 0.0};
    for (size_t k = 1; k + 1 < edges.size(); ++k) {
      const long code = std::lround(edges[k] * steps);
      grid.codes.push_back(code);
      grid.worstError = std::max(grid.worstError, std::abs(edges[k] - code / steps) / smallestBin);
    }
    if (grid.worstError <= 0.25)
      return grid;
  }
  throw InputError(
      fmt::format("{}: thresholds too close for a {}-bit threshold grid (smallest bin {:.3g} of the domain)", set.name,
                  maxGridBits, smallestBin));
}

} // namespace nladc::netlist
