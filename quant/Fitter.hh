#pragma once

#include "quant/ActivationReader.hh"
#include "quant/Domain.hh"
#include "quant/LevelSet.hh"
#include "quant/Method.hh"
#include "quant/Metrics.hh"
#include "quant/SampleCounter.hh"
#include "quant/SortedSamples.hh"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace nladc::quant {

struct FitRequest {
  std::vector<Method> methods;
  FitOptions fit;
  DomainOptions domain;
  std::string sourceFile; // recorded in each set's "source"
};

// Throws the InputError of a request no fit can serve: a threshold sigma
// that is negative or not finite, or variation-aware without one.
void checkFitRequest(const FitRequest& request);

// Fits every requested method to one tensor's samples (unclamped, as
// readSampleSets gives them): the domain is chosen and the samples clamped
// into it once, then each set is fitted, named after the tensor and
// evaluated on `evaluated` (held-out data, or the samples themselves). Each
// set carries its metrics in `metrics`; evaluated samples that are a
// histogram (`resolution` not exact) add the largest shift of a sample and
// the bound on the MSE's error.
std::vector<LevelSet> fitTensor(const std::string& name, const SortedSamples& samples, const SortedSamples& evaluated,
                                const Resolution& resolution, const FitRequest& request);

// One tensor of a data set, fitted: its level sets (one per method) and the
// samples their metrics were computed on, which whoever measures the sets
// further (effective error, matched bits) must use too.
struct FittedTensor {
  std::string name;
  std::vector<LevelSet> sets;
  SortedSamples evaluationSamples; // the held-out tensor, or the tensor itself
  Resolution resolution;           // of the samples fitted on (the metrics state their own)
};

// Streams the files `acts` names (paths or glob patterns, one data set) and
// fits every requested method to each of its tensors. With `eval`, each
// tensor is evaluated on the held-out tensor of the same name (or on the
// only one, when both hold one tensor); InputError names the eval data when
// a tensor has no counterpart there.
std::vector<FittedTensor> fitActivations(const std::vector<std::string>& acts, const std::vector<std::string>& eval,
                                         const ReadOptions& read, std::uint64_t memoryBudget,
                                         const FitRequest& request);

} // namespace nladc::quant
