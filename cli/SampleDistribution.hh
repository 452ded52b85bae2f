#pragma once

#include "spice/MonteCarlo.hh"

#include <cstdint>
#include <functional>
#include <memory>

namespace nladc::cli {

// How `mc` and `campaign` run their Monte Carlo samples: on this machine's
// worker pool or, in a build with NLADC_WITH_MPI launched by mpirun or
// srun, spread over the ranks of the launch (mpi/MpiExecutor.hh). Rank 0,
// the coordinator, owns the run directories and prints; the other ranks
// only simulate. Every rank runs the same command with the same arguments
// and calls run() for the same runs in the same order.
class SampleDistribution {
public:
  SampleDistribution();
  ~SampleDistribution();
  SampleDistribution(const SampleDistribution&) = delete;
  SampleDistribution& operator=(const SampleDistribution&) = delete;

  // True on rank 0 and when not distributed: this process writes and prints.
  bool coordinates() const;

  // One Monte Carlo run. On the coordinator, spice::runMonteCarlo with the
  // samples spread over the ranks; elsewhere, this rank's share of the
  // samples, and an outcome with only `complete` set.
  spice::MonteCarloOutcome run(const spice::MonteCarloInputs& inputs, spice::MonteCarloOptions options,
                               const std::function<void(uint64_t done, uint64_t total)>& progress,
                               const std::function<bool()>& stopRequested);

private:
  struct Launch;
  std::unique_ptr<Launch> launch_; // null: this machine alone
};

// Called with the exit status of a command that failed: in an MPI launch it
// ends every rank (a rank that failed reading its inputs would otherwise
// leave the others waiting for it); elsewhere it does nothing.
void endLaunchAfterFailure(int status);

} // namespace nladc::cli
