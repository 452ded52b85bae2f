#include "quant/Fitter.hh"

#include "quant/SortedSamples.hh"
#include "util/Error.hh"

namespace nladc::quant {

std::vector<LevelSet> fitTensor(const Tensor& tensor, std::span<const float> evalSamples, const FitRequest& request)
{
  const std::string where = request.sourceFile + ": tensor '" + tensor.name + "': ";
  try {
    const Domain domain = chooseDomain(tensor.values, request.domain);
    const SortedSamples samples(tensor.values, domain);
    const std::span<const float> evaluated = evalSamples.empty() ? std::span<const float>(tensor.values) : evalSamples;
    std::vector<LevelSet> sets;
    for (const Method method : request.methods) {
      LevelSet set = fitLevelSet(method, samples, domain, request.fit);
      set.name = tensor.name;
      set.source = SampleSource{request.sourceFile, tensor.name, tensor.values.size()};
      set.metrics = toJson(evaluate(set, evaluated, request.fit.bsKmq.boundaryEps));
      sets.push_back(std::move(set));
    }
    return sets;
  } catch (const InputError& e) {
    throw InputError(where + e.what());
  }
}

std::vector<FittedTensor> fitActivations(const std::filesystem::path& acts,
                                         const std::optional<std::filesystem::path>& eval, const ReadOptions& read,
                                         const FitRequest& request)
{
  std::vector<Tensor> tensors = readActivations(acts, read);
  std::vector<Tensor> evalTensors;
  if (eval)
    evalTensors = readActivations(*eval, read);

  std::vector<FittedTensor> fitted;
  for (Tensor& tensor : tensors) {
    const Tensor* heldOut = nullptr;
    for (const Tensor& e : evalTensors)
      if (e.name == tensor.name || (tensors.size() == 1 && evalTensors.size() == 1))
        heldOut = &e;
    if (eval && !heldOut)
      throw InputError(eval->string() + ": no tensor named '" + tensor.name + "' to evaluate on");
    std::vector<LevelSet> sets =
        fitTensor(tensor, heldOut ? std::span<const float>(heldOut->values) : std::span<const float>(), request);
    fitted.push_back({tensor.name, std::move(sets), heldOut ? heldOut->values : std::move(tensor.values)});
  }
  return fitted;
}

} // namespace nladc::quant
