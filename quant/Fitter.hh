#pragma once

#include "quant/ActivationReader.hh"
#include "quant/Domain.hh"
#include "quant/LevelSet.hh"
#include "quant/Method.hh"
#include "quant/Metrics.hh"

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace nladc::quant {

struct FitRequest {
  std::vector<Method> methods;
  FitOptions fit;
  DomainOptions domain;
  std::string sourceFile; // recorded in each set's "source"
};

// Fits every requested method to one tensor: the domain is chosen and the
// samples sorted once, then each set is fitted, named after the tensor and
// evaluated on `evalSamples` (held-out data) or, when empty, on the tensor.
// Each set carries its metrics in `metrics`.
std::vector<LevelSet> fitTensor(const Tensor& tensor, std::span<const float> evalSamples, const FitRequest& request);

// One tensor of an activation file, fitted: its level sets (one per method)
// and the samples their metrics were computed on, which whoever measures
// the sets further (effective error, matched bits) must use too.
struct FittedTensor {
  std::string name;
  std::vector<LevelSet> sets;
  std::vector<float> evaluationSamples; // the held-out tensor, or the tensor itself
};

// Reads `acts` and fits every requested method to each of its tensors.
// With `eval`, each tensor is evaluated on the held-out tensor of the same
// name (or on the only one, when both files hold one tensor); InputError
// names the eval file when a tensor has no counterpart there.
std::vector<FittedTensor> fitActivations(const std::filesystem::path& acts,
                                         const std::optional<std::filesystem::path>& eval, const ReadOptions& read,
                                         const FitRequest& request);

} // namespace nladc::quant
