#pragma once

#include "spice/SampleResult.hh"

#include <cstdint>
#include <functional>
#include <vector>

namespace nladc::spice {

// Runs one sample in a worker process. It throws (any std::exception) or
// returns a failed result when the sample fails.
using SampleRunner = std::function<SampleResult(uint64_t index)>;
// Builds a worker's runner inside the worker process, after the fork:
// there it starts its own ngspice and parses the deck once. When it throws,
// every sample sent to that worker fails with its message.
using RunnerFactory = std::function<SampleRunner()>;

struct PoolOptions {
  int jobs = 1;
  // A worker that has not answered one sample in this many seconds is
  // killed and its sample recorded as failed: the last guard, behind the
  // runner's own time limit, against a simulator that stops responding.
  double watchdogSeconds = 60.0;
};

// The watchdog for a runner that halts itself at `timeLimit` seconds. Its
// clock starts when the sample is handed over, so it also covers a fresh
// worker's start-up (ngspice and the deck, well under a second) and the
// sample's alter commands; ngspice stops within a time step of bg_halt.
// 10 s on top leaves the runner's own limit to act on any sample that
// simulates, and finds a hung worker soon.
inline double watchdogFor(double timeLimit)
{
  return timeLimit + 10.0;
}

// Worker processes (fork, one ngspice each: ngspice's global state is not
// thread-safe, and a process contains a crash). The pool hands out sample
// indices one at a time, so fast and slow samples balance. A sample that
// fails is reported failed with the reason; one that crashes its worker or
// outlives the watchdog is reported aborted (SampleResult::aborted). The
// worker is replaced and the sweep goes on.
class WorkerPool {
public:
  WorkerPool(RunnerFactory factory, PoolOptions options);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Runs the samples and reports each result, in completion order, in this
  // process. Returns false when `stopRequested` turned true: the workers
  // are killed and the samples in flight are not reported.
  // `whileWaiting`, when given, is called in this process at least every
  // 100 ms while the pool waits for its workers: a distributed run receives
  // other machines' results there without a thread (threads and fork do not
  // mix). It must not call run() itself.
  bool run(const std::vector<uint64_t>& indices, const std::function<void(const SampleResult&)>& onResult,
           const std::function<bool()>& stopRequested, const std::function<void()>& whileWaiting = {});

private:
  struct Worker;
  void spawn();
  void retire(Worker& worker);

  RunnerFactory factory_;
  PoolOptions options_;
  std::vector<Worker> workers_;
};

} // namespace nladc::spice
