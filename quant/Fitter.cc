#include "quant/Fitter.hh"

#include "quant/SampleSetReader.hh"
#include "util/Error.hh"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace nladc::quant {

namespace {

// How far a level set's MSE on a histogram (`mse`) can be from its MSE on
// the samples the bins stand for: every sample lies somewhere in its bin,
// so its squared error lies between the least and the most (x − q(x))² over
// the bin, q changing at the thresholds inside it. Holds for any
// thresholds, midpoints or not.
double histogramMseErrorBound(const LevelSet& set, const SortedSamples& samples, const Resolution& resolution,
                              double mse)
{
  long double least = 0.0L;
  long double most = 0.0L;
  for (size_t i = 0; i < samples.size(); ++i) {
    const auto [lo, hi] = resolution.binOf(samples.value(i));
    double lowest = INFINITY;
    double highest = 0.0;
    // The stretches of [lo, hi] between thresholds, each with its level.
    const size_t first = set.codeOf(lo);
    for (size_t code = first, end = set.codeOf(hi); code <= end; ++code) {
      const double a = code == first ? lo : set.thresholds[code - 1];
      const double b = code == end ? hi : set.thresholds[code];
      const double c = set.levels[code];
      const double ea = (a - c) * (a - c);
      const double eb = (b - c) * (b - c);
      highest = std::max({highest, ea, eb});
      lowest = std::min(lowest, a <= c && c <= b ? 0.0 : std::min(ea, eb));
    }
    least += samples.weight(i) * static_cast<long double>(lowest);
    most += samples.weight(i) * static_cast<long double>(highest);
  }
  const long double n = samples.totalWeight();
  return std::max(static_cast<double>(most / n) - mse, mse - static_cast<double>(least / n));
}

} // namespace

void checkFitRequest(const FitRequest& request)
{
  const std::optional<double>& sigma = request.fit.thresholdSigma;
  if (sigma && !(std::isfinite(*sigma) && *sigma >= 0.0))
    throw InputError(fmt::format("--threshold-sigma {} is not a finite value >= 0", *sigma));
  if (!hasThresholdSigma(request.fit) &&
      std::ranges::find(request.methods, Method::variationAware) != request.methods.end())
    throw InputError("variation-aware needs a threshold sigma: --threshold-sigma S (activation units) or --tech TECH");
}

std::vector<LevelSet> fitTensor(const std::string& name, const SortedSamples& samples, const SortedSamples& evaluated,
                                const Resolution& resolution, const FitRequest& request)
{
  const std::string where = request.sourceFile + ": tensor '" + name + "': ";
  try {
    const Domain domain = chooseDomain(samples, request.domain);
    // Only a domain narrower than the samples needs a clamped copy.
    std::optional<SortedSamples> clamped;
    if (!samples.within(domain))
      clamped = samples.clampedTo(domain);
    const SortedSamples& fitted = clamped ? *clamped : samples;
    std::vector<LevelSet> sets;
    for (const Method method : request.methods) {
      LevelSet set = fitLevelSet(method, fitted, domain, request.fit);
      set.name = name;
      set.source = SampleSource{request.sourceFile, name, static_cast<uint64_t>(samples.totalWeight())};
      const Metrics metrics = evaluate(set, evaluated, request.fit.bsKmq.boundaryEps);
      set.metrics = toJson(metrics);
      if (!resolution.exact()) {
        set.metrics["histogram_max_shift"] = resolution.maxShift;
        set.metrics["mse_error_bound"] = histogramMseErrorBound(set, evaluated, resolution, metrics.mse);
      }
      sets.push_back(std::move(set));
    }
    return sets;
  } catch (const InputError& e) {
    throw InputError(where + e.what());
  }
}

std::vector<FittedTensor> fitActivations(const std::vector<std::string>& acts, const std::vector<std::string>& eval,
                                         const ReadOptions& read, std::uint64_t memoryBudget, const FitRequest& request)
{
  std::vector<TensorSamples> tensors = readSampleSets(acts, read, memoryBudget);
  std::vector<TensorSamples> evalTensors;
  if (!eval.empty())
    evalTensors = readSampleSets(eval, read, memoryBudget);

  std::vector<FittedTensor> fitted;
  for (TensorSamples& tensor : tensors) {
    TensorSamples* heldOut = nullptr;
    for (TensorSamples& e : evalTensors)
      if (e.name == tensor.name || (tensors.size() == 1 && evalTensors.size() == 1))
        heldOut = &e;
    if (!eval.empty() && !heldOut)
      throw InputError(sourceLabel(eval) + ": no tensor named '" + tensor.name + "' to evaluate on");
    const SortedSamples& evaluated = heldOut ? heldOut->samples : tensor.samples;
    // The metrics are as exact as the samples they are evaluated on.
    const Resolution& resolution = heldOut ? heldOut->resolution : tensor.resolution;
    std::vector<LevelSet> sets = fitTensor(tensor.name, tensor.samples, evaluated, resolution, request);
    fitted.push_back({tensor.name, std::move(sets), heldOut ? std::move(heldOut->samples) : std::move(tensor.samples),
                      tensor.resolution});
  }
  return fitted;
}

} // namespace nladc::quant
