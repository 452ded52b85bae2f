#include "quant/Method.hh"

#include "quant/CdfFit.hh"
#include "quant/KMeans.hh"
#include "quant/LinearFit.hh"
#include "quant/LloydMax.hh"
#include "quant/OptimalKMeans.hh"
#include "quant/VariationAware.hh"
#include "util/Error.hh"

#include <cmath>
#include <fmt/format.h>

namespace nladc::quant {

const std::vector<Method>& allMethods()
{
  static const std::vector<Method> methods{Method::linear, Method::cdf,           Method::lloydMax,
                                           Method::kmeans, Method::kmeansOptimal, Method::bsKmq};
  return methods;
}

std::string_view methodName(Method method)
{
  switch (method) {
  case Method::linear: return "linear";
  case Method::cdf: return "cdf";
  case Method::lloydMax: return "lloyd-max";
  case Method::kmeans: return "kmeans";
  case Method::kmeansOptimal: return "kmeans-optimal";
  case Method::bsKmq: return "bs-kmq";
  case Method::variationAware: return "variation-aware";
  }
  return "linear";
}

Method parseMethod(std::string_view name)
{
  for (const Method m : allMethods())
    if (methodName(m) == name)
      return m;
  if (methodName(Method::variationAware) == name)
    return Method::variationAware;
  throw InputError(fmt::format(
      "unknown method '{}': use linear, cdf, lloyd-max, kmeans, kmeans-optimal, bs-kmq or variation-aware", name));
}

bool hasThresholdSigma(const FitOptions& options)
{
  return options.thresholdSigmaModel || options.thresholdSigma;
}

ThresholdSigma thresholdSigmaOf(const FitOptions& options, const Domain& domain, size_t levelCount)
{
  if (options.thresholdSigmaModel)
    return options.thresholdSigmaModel(domain, levelCount);
  if (!options.thresholdSigma)
    return {};
  const double sigma = *options.thresholdSigma;
  if (!(std::isfinite(sigma) && sigma >= 0.0))
    throw InputError(fmt::format("threshold sigma {} is not a finite value >= 0", sigma));
  return [sigma](double) { return sigma; };
}

LevelSet fitLevelSet(Method method, const SortedSamples& samples, const Domain& domain, const FitOptions& options)
{
  if (options.bits < minBits || options.bits > maxBits)
    throw InputError(fmt::format("--bits {} is outside [{}, {}]", options.bits, minBits, maxBits));
  const size_t levelCount = size_t{1} << options.bits;
  if (samples.size() < levelCount)
    throw InputError(fmt::format("the samples hold {} distinct values, fewer than the {} levels of {} bits",
                                 samples.size(), levelCount, options.bits));

  LevelSet set;
  switch (method) {
  case Method::linear: set = fitLinear(domain, levelCount); break;
  case Method::cdf: set = fitCdf(samples, levelCount); break;
  case Method::lloydMax: set = fitLloydMax(samples, fitLinear(domain, levelCount).levels); break;
  case Method::kmeans: set = fitKMeans(samples, levelCount, KMeansOptions{.seed = options.seed}); break;
  case Method::kmeansOptimal: {
    const Clustering clustering = optimalKMeans(samples, 0, samples.size(), levelCount);
    set.levels = clustering.centroids(samples);
    set.thresholds = midpoints(set.levels);
    break;
  }
  case Method::bsKmq: set = fitBsKmq(samples, domain, levelCount, options.bsKmq); break;
  case Method::variationAware: {
    VariationAwareOptions va{thresholdSigmaOf(options, domain, levelCount), options.gridPoints, std::nullopt};
    if (options.variationBoundary)
      va.boundary = options.bsKmq;
    set = fitVariationAware(samples, domain, levelCount, va);
    if (options.thresholdSigmaModel)
      set.params["threshold_sigma_source"] = options.thresholdSigmaSource;
    else if (options.thresholdSigma)
      set.params["threshold_sigma"] = *options.thresholdSigma;
    break;
  }
  }
  set.method = methodName(method);
  set.bits = bitsFor(set.levelCount());
  set.domain = domain;
  if (method == Method::kmeans)
    set.params["seed"] = options.seed;
  return set;
}

FitOptions fitOptionsOf(const LevelSet& set)
{
  FitOptions options;
  options.bits = set.bits;
  const nlohmann::json& p = set.params;
  options.seed = p.value("seed", options.seed);
  options.bsKmq.boundaryEps = p.value("boundary_eps", options.bsKmq.boundaryEps);
  options.bsKmq.boundaryMass = p.value("boundary_mass", options.bsKmq.boundaryMass);
  if (p.contains("suppression") && p["suppression"].is_string())
    options.bsKmq.suppression = parseSuppression(p["suppression"].get<std::string>());
  if (p.contains("threshold_sigma") && p["threshold_sigma"].is_number())
    options.thresholdSigma = p["threshold_sigma"].get<double>();
  options.gridPoints = p.value("grid_points", options.gridPoints);
  options.variationBoundary = set.method == methodName(Method::variationAware) && p.contains("suppression");
  return options;
}

} // namespace nladc::quant
