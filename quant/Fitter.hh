#pragma once

#include "quant/ActivationReader.hh"
#include "quant/Domain.hh"
#include "quant/LevelSet.hh"
#include "quant/Method.hh"
#include "quant/Metrics.hh"

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

} // namespace nladc::quant
