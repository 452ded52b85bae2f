#include "spice/ComparatorCharacterization.hh"

#include "spice/ComparatorSimulation.hh"
#include "spice/FrontEndSimulation.hh"
#include "spice/WorkerPool.hh"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

namespace nladc::spice {

uint64_t okCount(const std::vector<OffsetSample>& samples)
{
  return static_cast<uint64_t>(std::ranges::count_if(samples, [](const OffsetSample& s) { return s.ok; }));
}

double offsetMean(const std::vector<OffsetSample>& samples)
{
  double sum = 0.0;
  for (const OffsetSample& s : samples)
    if (s.ok)
      sum += s.offset;
  const uint64_t n = okCount(samples);
  return n > 0 ? sum / static_cast<double>(n) : std::nan("");
}

double offsetSigma(const std::vector<OffsetSample>& samples)
{
  const uint64_t n = okCount(samples);
  if (n < 2)
    return std::nan("");
  const double mean = offsetMean(samples);
  double squares = 0.0;
  for (const OffsetSample& s : samples)
    if (s.ok)
      squares += (s.offset - mean) * (s.offset - mean);
  return std::sqrt(squares / static_cast<double>(n - 1));
}

uint64_t ComparatorCharacterization::okCount() const
{
  return spice::okCount(samples);
}

double ComparatorCharacterization::offsetMean() const
{
  return spice::offsetMean(samples);
}

double ComparatorCharacterization::offsetSigma() const
{
  return spice::offsetSigma(samples);
}

namespace {

// Monte Carlo samples 0 … count−1 of `runner` (vectors[0][0] the offset)
// into `samples`, by index; `onOk` sees every sample that finished ok.
// False when stopped on request.
bool runOffsetSamples(const RunnerFactory& runner, uint64_t count, const PoolOptions& pool,
                      std::vector<OffsetSample>& samples, double& seconds,
                      const std::function<void(uint64_t, uint64_t)>& progress,
                      const std::function<bool()>& stopRequested,
                      const std::function<void(const SampleResult&)>& onOk = {})
{
  std::vector<uint64_t> indices(count);
  std::iota(indices.begin(), indices.end(), uint64_t{0});
  const auto start = std::chrono::steady_clock::now();
  progress(0, count);
  const bool complete =
      WorkerPool(runner, pool)
          .run(
              indices,
              [&](const SampleResult& r) {
                samples.push_back({r.index, r.ok, r.ok ? r.vectors.at(0).at(0) : 0.0, r.ok ? std::string() : r.reason});
                if (r.ok && onOk)
                  onOk(r);
                progress(samples.size(), count);
              },
              stopRequested);
  seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::ranges::sort(samples, {}, &OffsetSample::index);
  return complete;
}

} // namespace

ComparatorCharacterization characterizeComparator(const adc::Technology& t, const CharacterizationOptions& o,
                                                  const std::function<void(uint64_t, uint64_t)>& progress,
                                                  const std::function<bool()>& stopRequested)
{
  const ComparatorSimulation simulation(t, o.timeLimit);
  ComparatorCharacterization c;
  c.technology = t.name;
  c.input = simulation.inputDevice();
  c.conditions = simulation.conditions();
  c.aVt = t.comparatorAVt();
  c.aBeta = t.blocks->aBeta;
  c.transistors = simulation.transistors().size();
  c.seed = o.seed;
  c.requested = o.samples;
  c.resolution = simulation.resolution();
  c.analyticSigma = simulation.analyticSigma();
  c.overdrives = o.overdrives;
  c.decisionTimes.resize(o.overdrives.size());
  c.energyOverdrive = ComparatorSimulation::energyOverdrive;
  c.energyCycles = ComparatorSimulation::energyCycles;

  const PoolOptions pool{o.jobs, watchdogFor(o.timeLimit)};
  // The nominal measurements first: a few runs, kept when the Monte Carlo
  // is stopped.
  std::vector<uint64_t> nominalJobs(o.overdrives.size() + 1);
  std::iota(nominalJobs.begin(), nominalJobs.end(), uint64_t{0});
  c.complete = WorkerPool(simulation.nominalRunner(o.overdrives), pool)
                   .run(
                       nominalJobs,
                       [&](const SampleResult& r) {
                         NominalValue& value =
                             r.index < o.overdrives.size() ? c.decisionTimes[r.index] : c.energyPerDecision;
                         if (r.ok)
                           value.value = r.vectors.at(0).at(0);
                         else
                           value.reason = r.reason;
                       },
                       stopRequested);
  if (!c.complete)
    return c;

  auto mismatchOf = [transistors = simulation.transistors(), aVt = c.aVt, aBeta = c.aBeta,
                     seed = o.seed](uint64_t index) { return drawMismatch(transistors, aVt, aBeta, seed, index); };
  c.complete =
      runOffsetSamples(simulation.offsetRunner(mismatchOf), o.samples, pool, c.samples, c.monteCarloSeconds, progress,
                       stopRequested, [&](const SampleResult& r) { c.trialWindow = r.vectors.at(0).at(1); });
  return c;
}

FrontEndCharacterization characterizeFrontEnd(const adc::Technology& t, double coupling,
                                              const CharacterizationOptions& o,
                                              const std::function<void(uint64_t, uint64_t)>& progress,
                                              const std::function<bool()>& stopRequested)
{
  const FrontEndSimulation simulation(t, coupling, o.timeLimit);
  FrontEndCharacterization c;
  c.technology = t.name;
  c.conditions = simulation.conditions();
  c.sizing = simulation.sizing();
  c.comparatorInput = simulation.comparatorInput();
  c.aVt = t.comparatorAVt();
  c.aBeta = t.blocks->aBeta;
  c.transistors = simulation.transistors().size();
  c.seed = o.seed;
  c.requested = o.samples;
  c.resolution = simulation.resolution();
  c.comparatorSigma = simulation.comparatorSigma();
  c.preampPairSigma = simulation.preampPairSigma();
  auto mismatchOf = [transistors = simulation.transistors(), aVt = c.aVt, aBeta = c.aBeta,
                     seed = o.seed](uint64_t index) { return drawMismatch(transistors, aVt, aBeta, seed, index); };
  c.complete = runOffsetSamples(simulation.offsetRunner(mismatchOf), o.samples, {o.jobs, watchdogFor(o.timeLimit)},
                                c.samples, c.monteCarloSeconds, progress, stopRequested);
  return c;
}

} // namespace nladc::spice
