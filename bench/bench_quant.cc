// Speed and memory of the level-set methods on 10^7 float32 samples, and
// variation-aware next to kmeans-optimal on 10^6 (bench/README.md). Each fit
// starts from the raw samples: chooseDomain, SortedSamples (the sort) and
// fitLevelSet are all inside the timed loop.
//
//   bench_quant [google-benchmark flags]
//   bench_quant --write-data=PATH   writes the samples as raw little-endian
//                                   float32 (for bench/sklearn_kmeans.py)

#include "quant/Domain.hh"
#include "quant/Method.hh"
#include "quant/Metrics.hh"
#include "quant/SortedSamples.hh"
#include "quant/VariationAware.hh"
#include "tests/support/Synthetic.hh"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <malloc.h>
#include <string>
#include <string_view>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace {

using namespace nladc;

constexpr size_t sampleCount = 10'000'000;
constexpr size_t jitterSampleCount = 1'000'000;
constexpr uint64_t dataSeed = 1;
// variation-aware's threshold sigma, as a fraction of the domain: 5 mV of
// comparator offset at a 0.5 V full scale.
constexpr double jitterFraction = 0.005 / 0.5;

std::vector<float> benchData(size_t count = sampleCount)
{
  return testing::reluShaped(count, dataSeed);
}

quant::LevelSet fitFromRaw(quant::Method method, std::span<const float> raw, int bits)
{
  const quant::SortedSamples samples(raw); // the min/max domain clamps nothing
  const quant::Domain domain = quant::chooseDomain(samples, {});
  quant::FitOptions options; // defaults: seed 1, BS-KMQ's default band, a grid of 2048
  options.bits = bits;
  options.thresholdSigma = jitterFraction * domain.width();
  return quant::fitLevelSet(method, samples, domain, options);
}

// Peak RSS (MiB) of a child process that builds the samples and fits once.
// The parent forks before it builds its own copy of the data, after handing
// freed heap back to the OS, so the child starts from the bare process (a
// few MiB of libraries) and its peak includes the 40 MB input array.
double childPeakRssMiB(quant::Method method, int bits)
{
  malloc_trim(0);
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0)
    return -1.0;
  if (pid == 0) {
    int status = 0;
    try {
      const std::vector<float> raw = benchData();
      quant::LevelSet set = fitFromRaw(method, raw, bits);
      benchmark::DoNotOptimize(set);
    } catch (...) {
      status = 1;
    }
    _exit(status);
  }
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return -1.0;
  return static_cast<double>(usage.ru_maxrss) / 1024.0; // ru_maxrss is in KiB on Linux
}

void BM_Sort(benchmark::State& state)
{
  const std::vector<float> raw = benchData();
  size_t distinct = 0;
  for (auto _ : state) {
    const quant::SortedSamples samples(raw);
    const quant::Domain domain = quant::chooseDomain(samples, {});
    distinct = samples.size();
    benchmark::DoNotOptimize(distinct);
    benchmark::DoNotOptimize(domain);
  }
  state.counters["distinct"] = static_cast<double>(distinct);
}

void BM_Fit(benchmark::State& state, quant::Method method, int bits)
{
  state.counters["peak_rss_MiB"] = childPeakRssMiB(method, bits);
  const std::vector<float> raw = benchData();
  quant::LevelSet set;
  for (auto _ : state) {
    set = fitFromRaw(method, raw, bits);
    benchmark::DoNotOptimize(set);
  }
  state.counters["mse"] = quant::evaluate(set, raw, quant::BsKmqOptions{}.boundaryEps).mse;
}

// 10^6 samples: variation-aware and kmeans-optimal, each with the expected
// MSE of its set at the benchmark's sigma.
void BM_FitJitter(benchmark::State& state, quant::Method method, int bits)
{
  const std::vector<float> raw = benchData(jitterSampleCount);
  quant::LevelSet set;
  for (auto _ : state) {
    set = fitFromRaw(method, raw, bits);
    benchmark::DoNotOptimize(set);
  }
  const double sigma = jitterFraction * set.domain.width();
  state.counters["mse_expected"] =
      quant::ExpectedError(quant::SortedSamples(raw)).mse(set, [sigma](double) { return sigma; });
}

// variation-aware's first stage alone: one jittered tail per grid point.
void BM_JitteredTails(benchmark::State& state)
{
  const std::vector<float> raw = benchData(jitterSampleCount);
  const quant::SortedSamples samples(raw); // the min/max domain clamps nothing
  const quant::Domain domain = quant::chooseDomain(samples, {});
  const double sigma = jitterFraction * domain.width();
  const std::vector<double> grid = quant::thresholdGrid(domain, quant::FitOptions{}.gridPoints);
  for (auto _ : state) {
    const quant::JitteredBinCosts costs(samples, grid, [sigma](double) { return sigma; });
    benchmark::DoNotOptimize(costs);
  }
  state.counters["distinct"] = static_cast<double>(samples.size());
}

bool writeData(const std::string& path)
{
  const std::vector<float> raw = benchData();
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(raw.data()), static_cast<std::streamsize>(raw.size() * sizeof(float)));
  out.close();
  if (!out) {
    std::cerr << "bench_quant: cannot write " << path << "\n";
    return false;
  }
  std::cout << "wrote " << raw.size() << " float32 samples to " << path << "\n";
  return true;
}

} // namespace

int main(int argc, char** argv)
{
  constexpr std::string_view writeFlag = "--write-data=";
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.starts_with(writeFlag))
      return writeData(std::string(arg.substr(writeFlag.size()))) ? 0 : 1;
  }

  benchmark::RegisterBenchmark("BM_Sort", BM_Sort)->Unit(benchmark::kSecond)->Iterations(2);
  for (const int bits : {3, 4})
    for (const quant::Method method : quant::allMethods()) {
      const std::string name = "BM_Fit/" + std::string(quant::methodName(method)) + "/" + std::to_string(bits) + "bits";
      benchmark::RegisterBenchmark(name.c_str(), BM_Fit, method, bits)->Unit(benchmark::kSecond)->Iterations(2);
    }

  benchmark::RegisterBenchmark("BM_JitteredTails/1e6", BM_JitteredTails)->Unit(benchmark::kSecond)->Iterations(2);
  for (const int bits : {3, 4})
    for (const quant::Method method : {quant::Method::kmeansOptimal, quant::Method::variationAware}) {
      const std::string name =
          "BM_FitJitter/1e6/" + std::string(quant::methodName(method)) + "/" + std::to_string(bits) + "bits";
      benchmark::RegisterBenchmark(name.c_str(), BM_FitJitter, method, bits)->Unit(benchmark::kSecond)->Iterations(2);
    }

  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv))
    return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
