#include "mpi/MpiLaunch.hh"

#include "util/Error.hh"

#include <cstdlib>
#include <exception>
#include <mpi.h>

namespace nladc::mpi {

bool launchedByMpi()
{
  // OpenMPI's mpirun, and PMI/PMIx as Slurm's srun sets them.
  for (const char* variable : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(variable) != nullptr)
      return true;
  return false;
}

MpiLaunch::MpiLaunch()
{
  if (MPI_Init(nullptr, nullptr) != MPI_SUCCESS)
    throw WorkError("MPI_Init failed");
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiLaunch::~MpiLaunch()
{
  // A command that ends by an exception ends its rank without MPI_Finalize
  // (a collective step that would wait for ranks still waiting for work):
  // the launcher then sees an abnormal end and stops the other ranks.
  if (std::uncaught_exceptions() == 0)
    MPI_Finalize();
}

void abortLaunch(int status)
{
  int initialised = 0, finalised = 0;
  MPI_Initialized(&initialised);
  MPI_Finalized(&finalised);
  if (initialised && !finalised)
    MPI_Abort(MPI_COMM_WORLD, status);
}

} // namespace nladc::mpi
