// Speed and memory of the level-set methods on 10^7 float32 samples
// (bench/README.md). Each fit starts from the raw samples: chooseDomain,
// SortedSamples (the sort) and fitLevelSet are all inside the timed loop.
//
//   bench_quant [google-benchmark flags]
//   bench_quant --write-data=PATH   writes the samples as raw little-endian
//                                   float32 (for bench/sklearn_kmeans.py)

#include "quant/Domain.hh"
#include "quant/Method.hh"
#include "quant/Metrics.hh"
#include "quant/SortedSamples.hh"
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
constexpr uint64_t dataSeed = 1;

std::vector<float> benchData()
{
  return testing::reluShaped(sampleCount, dataSeed);
}

quant::LevelSet fitFromRaw(quant::Method method, std::span<const float> raw, int bits)
{
  const quant::Domain domain = quant::chooseDomain(raw, {});
  const quant::SortedSamples samples(raw, domain);
  quant::FitOptions options; // defaults: seed 1, BS-KMQ's default band
  options.bits = bits;
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
    const quant::Domain domain = quant::chooseDomain(raw, {});
    const quant::SortedSamples samples(raw, domain);
    distinct = samples.size();
    benchmark::DoNotOptimize(distinct);
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

  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv))
    return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
