#include "cli/FitFlags.hh"

#include "adc/TechnologyReader.hh"
#include "adc/ThresholdJitter.hh"
#include "quant/SampleSetReader.hh"
#include "util/Error.hh"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <iostream>
#include <sstream>

namespace nladc::cli {

void FitFlags::addTo(CLI::App& command)
{
  command
      .add_option("ACTS", acts,
                  "Activations: .npy, .npz, .csv/.txt or .f32; several files, or a quoted glob such as "
                  "'acts/batch*.npy', are one data set")
      ->required();
  command.add_option("--tensor", tensor, "The .npz array to use (default: every array)");
  command.add_option("--column", column, "Text/CSV: the 1-based column holding the samples")
      ->check(CLI::PositiveNumber);
  command.add_flag("--drop-nonfinite", dropNonfinite, "Exclude NaN/Inf samples instead of rejecting the file");
  command.add_option("--eval", eval, "Held-out activations to compute the metrics on (a file or a quoted glob)");
  command
      .add_option("--memory-budget", memoryBudget,
                  "Memory for each tensor's samples (e.g. 2GB); past it they are fitted on a stated histogram "
                  "(default: a quarter of the machine's memory)")
      ->transform(CLI::AsSizeValue(false));
  command.add_option("--bits,-b", bits, "ADC resolution: 2^bits levels")
      ->check(CLI::Range(quant::minBits, quant::maxBits))
      ->required();
  command.add_option("--seed", seed, "Seed of the randomised methods (kmeans)")->capture_default_str();
  const auto given = [this](const std::string&) { boundaryGiven = true; };
  command.add_option("--boundary-eps", boundaryEps, "BS-KMQ band width, a fraction of the domain")
      ->capture_default_str()
      ->each(given);
  command.add_option("--boundary-mass", boundaryMass, "BS-KMQ: a band holding more than this is a pile-up")
      ->capture_default_str()
      ->each(given);
  command.add_option("--suppression", suppression, "BS-KMQ pile-up treatment (variation-aware too, when given)")
      ->check(CLI::IsMember({"pin", "remove", "cap"}))
      ->capture_default_str()
      ->each(given);
  command.add_option("--clip-percentile", clipPercentile, "Domain from the P-th and (100-P)-th percentiles");
  command.add_option("--lo", lo, "Domain lower bound (default: the samples' minimum)");
  command.add_option("--hi", hi, "Domain upper bound (default: the samples' maximum)");
}

void FitFlags::addThresholdSigmaSourcesTo(CLI::App& command)
{
  CLI::Option* sigma =
      command.add_option("--threshold-sigma", thresholdSigma,
                         "Sigma of each realised threshold, activation units: variation-aware fits to it, and the "
                         "expected effective MSE is reported");
  command
      .add_option("--tech", tech,
                  "Technology file: the threshold sigma from its variation model through the domain's mapping to "
                  "its full scale, instead of --threshold-sigma")
      ->excludes(sigma);
}

std::vector<std::string> FitFlags::evalSources() const
{
  return eval ? std::vector<std::string>{*eval} : std::vector<std::string>{};
}

quant::ReadOptions FitFlags::readOptions() const
{
  return quant::ReadOptions{tensor, column, dropNonfinite};
}

uint64_t FitFlags::memoryBudgetOrDefault() const
{
  return memoryBudget.value_or(quant::defaultMemoryBudget());
}

quant::FitRequest FitFlags::request(std::vector<quant::Method> methods) const
{
  quant::FitRequest r;
  r.methods = std::move(methods);
  r.fit.bits = bits;
  r.fit.seed = seed;
  r.fit.bsKmq = {boundaryEps, boundaryMass, quant::parseSuppression(suppression)};
  r.fit.thresholdSigma = thresholdSigma;
  r.fit.variationBoundary = boundaryGiven;
  if (tech)
    adc::useThresholdJitterOf(adc::readTechnology(*tech), r.fit);
  r.domain = {lo, hi, clipPercentile};
  r.sourceFile = quant::sourceLabel(acts);
  quant::checkFitRequest(r);
  return r;
}

std::vector<quant::FittedTensor> fitAll(const FitFlags& flags, const quant::FitRequest& request)
{
  std::vector<quant::FittedTensor> tensors = quant::fitActivations(flags.acts, flags.evalSources(), flags.readOptions(),
                                                                   flags.memoryBudgetOrDefault(), request);
  for (const quant::FittedTensor& tensor : tensors)
    warnIfHistogram(tensor);
  return tensors;
}

void warnIfHistogram(const quant::FittedTensor& tensor)
{
  if (!tensor.resolution.exact())
    std::cerr << fmt::format("nladc: warning: tensor '{}': {}\n", tensor.name, quant::histogramNote(tensor.resolution));
}

std::vector<quant::Method> parseMethodList(const std::string& list)
{
  if (list == "all")
    return quant::allMethods();
  std::vector<quant::Method> methods;
  std::istringstream in(list);
  std::string name;
  while (std::getline(in, name, ','))
    if (!name.empty())
      methods.push_back(quant::parseMethod(name));
  if (methods.empty())
    throw InputError("--methods: no method given");
  return methods;
}

} // namespace nladc::cli
