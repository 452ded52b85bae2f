#pragma once

#include "spice/SampleExecutor.hh"

#include <functional>

namespace nladc::mpi {

// A Monte Carlo run spread over the ranks of an MPI launch.
//
// Partition: the pending indices are dealt round-robin (position k of the
// pending list goes to rank k mod R), and each rank runs its share on its
// own worker pool, which balances within the rank. Static, because the
// samples of a run cost nearly the same (one deck, other device values),
// and because it needs no request traffic; rank 0 keeps a share too.
//
// Messages, point to point on MPI_COMM_WORLD:
//   assign   0 → r  the rank's share (uint64 indices; empty when it has none)
//   result   r → 0  one finished sample (spice/SampleResult.hh encoding),
//                   sent as soon as it finishes, so a rank that dies loses
//                   only its samples in flight
//   finished r → 0  the rank's share is done (int: 1) or it was stopped (0)
//   stop     0 → r  rank 0 was stopped (Ctrl-C, SIGTERM): stop at once
// Rank 0 receives by polling (MPI_Iprobe) from its pool's event loop, not
// from a thread: its pool forks worker processes, and fork and threads do
// not mix.

// Rank 0's executor: records every rank's results through `onResult`.
class CoordinatorExecutor final : public spice::SampleExecutor {
public:
  explicit CoordinatorExecutor(int ranks) : ranks_(ranks) {}

  bool run(const spice::RunnerFactory& factory, const spice::PoolOptions& pool, const std::vector<uint64_t>& pending,
           const std::function<void(const spice::SampleResult&)>& onResult,
           const std::function<bool()>& stopRequested) override;

  // Tells every other rank to stop (they may be waiting for their share):
  // for a run that fails on rank 0 before or while it runs.
  void stopOtherRanks() const;

private:
  int ranks_;
};

// A rank other than 0: waits for its share of the next run, simulates it on
// its own pool and sends each result to rank 0. Returns false when stopped
// (by rank 0, or `stopRequested`).
bool serveSamples(const spice::RunnerFactory& factory, const spice::PoolOptions& pool,
                  const std::function<bool()>& stopRequested);

} // namespace nladc::mpi
