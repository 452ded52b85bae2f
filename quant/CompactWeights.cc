#include "quant/CompactWeights.hh"

#include <algorithm>
#include <cmath>

namespace nladc::quant {

CompactWeights::CompactWeights(std::span<const double> weights)
{
  narrow_.reserve(weights.size());
  for (const double w : weights)
    push_back(w);
}

void CompactWeights::pushWide(double weight)
{
  wide_.push_back({narrow_.size(), weight});
  narrow_.push_back(NAN);
}

void CompactWeights::addToBack(double weight)
{
  const double sum = (*this)[size() - 1] + weight;
  if (!wide_.empty() && wide_.back().index == size() - 1)
    wide_.pop_back();
  narrow_.pop_back();
  push_back(sum);
}

double CompactWeights::wide(size_t i) const
{
  const auto it = std::partition_point(wide_.begin(), wide_.end(), [i](const Wide& w) { return w.index < i; });
  return it->weight;
}

} // namespace nladc::quant
