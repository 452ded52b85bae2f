#include "quant/Fitter.hh"

#include "quant/SampleSetReader.hh"
#include "util/Error.hh"

namespace nladc::quant {

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
        set.metrics["mse_error_bound"] = resolution.mseErrorBound(metrics.mse);
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
    // The evaluated samples' resolution bounds the metrics' error.
    const Resolution& resolution = heldOut && !heldOut->resolution.exact() ? heldOut->resolution : tensor.resolution;
    std::vector<LevelSet> sets = fitTensor(tensor.name, tensor.samples, evaluated, resolution, request);
    fitted.push_back({tensor.name, std::move(sets), heldOut ? std::move(heldOut->samples) : std::move(tensor.samples),
                      tensor.resolution});
  }
  return fitted;
}

} // namespace nladc::quant
