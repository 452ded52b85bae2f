#pragma once

#include "spice/SampleExecutor.hh"

#include <functional>
#include <string>

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
//   assign   0 → r  rank 0's design fingerprint (spice::designFingerprint, as
//                   a uint64), then the rank's share of indices; a rank whose
//                   own inputs give another fingerprint refuses the share
//   result   r → 0  one finished sample (spice/SampleResult.hh encoding),
//                   sent as soon as it finishes, so a rank that dies loses
//                   only its samples in flight
//   finished r → 0  the rank's share is done (int: 1) or it was stopped (0)
//   stop     0 → r  rank 0 was stopped (Ctrl-C, SIGTERM): stop at once; rank 0
//                   still records the results that arrive for a moment after
// Rank 0 receives by polling (MPI_Iprobe) from its pool's event loop, not
// from a thread: its pool forks worker processes, and fork and threads do
// not mix.

// Rank 0's executor: records every rank's results through `onResult`.
class CoordinatorExecutor final : public spice::SampleExecutor {
public:
  // `design` is rank 0's spice::designFingerprint of the run.
  CoordinatorExecutor(int ranks, std::string design) : ranks_(ranks), design_(std::move(design)) {}

  bool run(const spice::RunnerFactory& factory, const spice::PoolOptions& pool, const std::vector<uint64_t>& pending,
           const std::function<void(const spice::SampleResult&)>& onResult,
           const std::function<bool()>& stopRequested) override;

  // Tells every other rank to stop (they may be waiting for their share):
  // for a run that fails on rank 0 before or while it runs.
  void stopOtherRanks() const;

private:
  int ranks_;
  std::string design_;
};

// A rank other than 0: waits for its share of the next run, simulates it on
// its own pool and sends each result to rank 0. Returns false when stopped
// (by rank 0, or `stopRequested`). `design` is this rank's
// spice::designFingerprint of the run: InputError, after telling rank 0,
// when it is not rank 0's (a node that read other files at the same paths).
bool serveSamples(const spice::RunnerFactory& factory, const spice::PoolOptions& pool, const std::string& design,
                  const std::function<bool()>& stopRequested);

} // namespace nladc::mpi
