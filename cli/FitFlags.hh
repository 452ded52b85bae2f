#pragma once

#include "quant/ActivationReader.hh"
#include "quant/Fitter.hh"

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

namespace nladc::cli {

// The flags `levels` and `compare` share: where the samples come from and
// how the level sets are fitted.
struct FitFlags {
  std::vector<std::string> acts; // files or glob patterns: one data set
  std::optional<std::string> tensor;
  std::optional<int> column;
  bool dropNonfinite = false;
  std::optional<std::string> eval;      // a file or a glob pattern
  std::optional<uint64_t> memoryBudget; // bytes; default quant::defaultMemoryBudget()
  int bits = 3;
  uint64_t seed = 1;
  double boundaryEps = 1e-3;
  double boundaryMass = 0.01;
  std::string suppression = "pin";
  std::optional<double> clipPercentile;
  std::optional<double> lo;
  std::optional<double> hi;
  std::optional<double> thresholdSigma;
  std::optional<std::string> tech; // the threshold sigma from this technology's variation model instead
  bool boundaryGiven = false;      // a BS-KMQ boundary flag was given: variation-aware applies the treatment too

  void addTo(CLI::App& command);
  // --threshold-sigma or --tech, the two sources of the threshold sigma, for
  // the commands that fit or measure variation-aware sets.
  void addThresholdSigmaSourcesTo(CLI::App& command);
  quant::ReadOptions readOptions() const;
  uint64_t memoryBudgetOrDefault() const;
  std::vector<std::string> evalSources() const;
  // Reads --tech's technology, when given, for its threshold sigma model.
  quant::FitRequest request(std::vector<quant::Method> methods) const;
};

// Streams ACTS (and --eval) and fits the request's methods to every
// selected tensor.
std::vector<quant::FittedTensor> fitAll(const FitFlags& flags, const quant::FitRequest& request);

// Says on standard error when a tensor's samples were fitted on a histogram
// (past --memory-budget), with its resolution.
void warnIfHistogram(const quant::FittedTensor& tensor);

// "linear,bs-kmq" or "all" → methods.
std::vector<quant::Method> parseMethodList(const std::string& list);

} // namespace nladc::cli
