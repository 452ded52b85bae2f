#pragma once

namespace nladc::mpi {

// True when this process is a rank of an MPI launch (mpirun, or srun with
// PMI/PMIx): the launcher's environment says so. A plain `nladc mc` never
// initialises MPI, so it needs no launcher and starts no MPI daemon.
bool launchedByMpi();

// MPI for the life of a command: MPI_Init on construction, before any
// worker process is forked; MPI_Finalize on destruction. Worker processes
// inherit the initialised library but never call it and leave with _exit
// (spice/WorkerPool), which is what OpenMPI requires of a forked child.
class MpiLaunch {
public:
  MpiLaunch();
  ~MpiLaunch();
  MpiLaunch(const MpiLaunch&) = delete;
  MpiLaunch& operator=(const MpiLaunch&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }

private:
  int rank_ = 0;
  int size_ = 1;
};

// Ends every rank of the launch with `status` (MPI_Abort), when MPI is
// running in this process (initialised, not finalised); otherwise nothing.
// A rank that fails must not leave the others waiting for it: mpirun ends
// them on its own, but srun without --kill-on-bad-exit would not.
void abortLaunch(int status);

} // namespace nladc::mpi
