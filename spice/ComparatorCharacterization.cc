#include "spice/ComparatorCharacterization.hh"

#include "spice/ComparatorSimulation.hh"
#include "spice/WorkerPool.hh"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

namespace nladc::spice {

uint64_t ComparatorCharacterization::okCount() const
{
  return static_cast<uint64_t>(std::ranges::count_if(samples, [](const OffsetSample& s) { return s.ok; }));
}

double ComparatorCharacterization::offsetMean() const
{
  double sum = 0.0;
  for (const OffsetSample& s : samples)
    if (s.ok)
      sum += s.offset;
  return okCount() > 0 ? sum / static_cast<double>(okCount()) : std::nan("");
}

double ComparatorCharacterization::offsetSigma() const
{
  const uint64_t n = okCount();
  if (n < 2)
    return std::nan("");
  const double mean = offsetMean();
  double squares = 0.0;
  for (const OffsetSample& s : samples)
    if (s.ok)
      squares += (s.offset - mean) * (s.offset - mean);
  return std::sqrt(squares / static_cast<double>(n - 1));
}

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

  std::vector<uint64_t> indices(o.samples);
  std::iota(indices.begin(), indices.end(), uint64_t{0});
  auto mismatchOf = [transistors = simulation.transistors(), aVt = c.aVt, aBeta = c.aBeta,
                     seed = o.seed](uint64_t index) { return drawMismatch(transistors, aVt, aBeta, seed, index); };
  const auto start = std::chrono::steady_clock::now();
  progress(0, o.samples);
  c.complete = WorkerPool(simulation.offsetRunner(mismatchOf), pool)
                   .run(
                       indices,
                       [&](const SampleResult& r) {
                         c.samples.push_back(
                             {r.index, r.ok, r.ok ? r.vectors.at(0).at(0) : 0.0, r.ok ? std::string() : r.reason});
                         if (r.ok)
                           c.trialWindow = r.vectors.at(0).at(1);
                         progress(c.samples.size(), o.samples);
                       },
                       stopRequested);
  c.monteCarloSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::ranges::sort(c.samples, {}, &OffsetSample::index);
  return c;
}

} // namespace nladc::spice
