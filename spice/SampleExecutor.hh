#pragma once

#include "spice/WorkerPool.hh"

#include <cstdint>
#include <functional>
#include <vector>

namespace nladc::spice {

// Where the pending samples of a SPICE Monte Carlo run are simulated. The
// run (MonteCarlo.hh) owns its directory and records every result the
// executor reports; the executor only decides which processes, on which
// machines, simulate which sample. Draws depend on (seed, index) alone, so
// the choice cannot change a result. The default is this machine's
// WorkerPool (LocalExecutor); mpi/ spreads the samples over the ranks of
// an MPI launch, and spice/ knows nothing of MPI.
class SampleExecutor {
public:
  virtual ~SampleExecutor() = default;

  // Simulates `pending` with runners made by `factory` and reports every
  // finished sample through `onResult`, in this process, in any order.
  // Returns false when stopped (`stopRequested`, or a stop the executor
  // learns of elsewhere): samples in flight are then not reported.
  virtual bool run(const RunnerFactory& factory, const PoolOptions& pool, const std::vector<uint64_t>& pending,
                   const std::function<void(const SampleResult&)>& onResult,
                   const std::function<bool()>& stopRequested) = 0;
};

// The samples on this machine's worker processes.
class LocalExecutor final : public SampleExecutor {
public:
  bool run(const RunnerFactory& factory, const PoolOptions& pool, const std::vector<uint64_t>& pending,
           const std::function<void(const SampleResult&)>& onResult,
           const std::function<bool()>& stopRequested) override
  {
    return WorkerPool(factory, pool).run(pending, onResult, stopRequested);
  }
};

} // namespace nladc::spice
