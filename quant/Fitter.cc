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

} // namespace nladc::quant
