#include "quant/LevelSet.hh"

#include "util/Error.hh"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace nladc::quant {

size_t LevelSet::codeOf(double x) const
{
  return static_cast<size_t>(std::upper_bound(thresholds.begin(), thresholds.end(), x) - thresholds.begin());
}

std::vector<double> midpoints(const std::vector<double>& levels)
{
  std::vector<double> result;
  for (size_t k = 1; k < levels.size(); ++k)
    result.push_back(0.5 * (levels[k - 1] + levels[k]));
  return result;
}

int bitsFor(size_t levelCount)
{
  int bits = 0;
  while ((size_t{1} << bits) < levelCount)
    ++bits;
  return bits;
}

bool isNameCharacter(char c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
         c == ':' || c == '-';
}

bool isValidName(std::string_view name)
{
  return !name.empty() && name.size() <= maxNameLength && std::all_of(name.begin(), name.end(), isNameCharacter);
}

void validateLevelSet(const LevelSet& set, const std::string& where)
{
  auto fail = [&](const std::string& what) { throw InputError(where + what); };
  if (!isValidName(set.name))
    fail("name: must be 1 to 64 characters of [A-Za-z0-9_.:-]");
  if (!isValidName(set.method))
    fail("method: must be 1 to 64 characters of [A-Za-z0-9_.:-]");
  if (!std::isfinite(set.domain.lo) || !std::isfinite(set.domain.hi) || !(set.domain.lo < set.domain.hi))
    fail(fmt::format("domain: lo {} must be below hi {}, both finite", set.domain.lo, set.domain.hi));
  const size_t K = set.levels.size();
  if (K < 2)
    fail(fmt::format("levels: {} level(s); at least 2 are needed", K));
  for (size_t k = 0; k < K; ++k) {
    const double c = set.levels[k];
    if (!std::isfinite(c))
      fail(fmt::format("levels[{}]: not a finite number", k));
    if (k > 0 && !(set.levels[k - 1] < c))
      fail(fmt::format("levels[{}]: {} is not above levels[{}] = {}", k, c, k - 1, set.levels[k - 1]));
    if (c < set.domain.lo || c > set.domain.hi)
      fail(fmt::format("levels[{}]: {} is outside the domain [{}, {}]", k, c, set.domain.lo, set.domain.hi));
  }
  if (set.thresholds.size() != K - 1)
    fail(fmt::format("thresholds: {} given, {} levels need {}", set.thresholds.size(), K, K - 1));
  for (size_t k = 0; k + 1 < K; ++k) {
    const double t = set.thresholds[k];
    if (!std::isfinite(t))
      fail(fmt::format("thresholds[{}]: not a finite number", k));
    if (!(set.levels[k] < t && t < set.levels[k + 1]))
      fail(fmt::format("thresholds[{}]: {} is not strictly between levels[{}] = {} and levels[{}] = {}", k, t, k,
                       set.levels[k], k + 1, set.levels[k + 1]));
  }
  if (set.bits != bitsFor(K))
    fail(fmt::format("bits: {} does not fit {} levels (expected {})", set.bits, K, bitsFor(K)));
}

} // namespace nladc::quant
