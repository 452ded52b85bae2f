#include "cli/SampleDistribution.hh"

#ifdef NLADC_WITH_MPI
#include "mpi/MpiExecutor.hh"
#include "mpi/MpiLaunch.hh"
#endif

namespace nladc::cli {

#ifdef NLADC_WITH_MPI
struct SampleDistribution::Launch {
  mpi::MpiLaunch mpi;
};
#else
struct SampleDistribution::Launch {};
#endif

SampleDistribution::SampleDistribution()
{
#ifdef NLADC_WITH_MPI
  if (mpi::launchedByMpi())
    launch_ = std::make_unique<Launch>();
#endif
}

SampleDistribution::~SampleDistribution() = default;

bool SampleDistribution::coordinates() const
{
#ifdef NLADC_WITH_MPI
  return !launch_ || launch_->mpi.rank() == 0;
#else
  return true;
#endif
}

spice::MonteCarloOutcome SampleDistribution::run(const spice::MonteCarloInputs& inputs,
                                                 spice::MonteCarloOptions options,
                                                 const std::function<void(uint64_t, uint64_t)>& progress,
                                                 const std::function<bool()>& stopRequested)
{
#ifdef NLADC_WITH_MPI
  if (launch_ && launch_->mpi.rank() != 0) {
    spice::MonteCarloOutcome outcome{true, nullptr};
    // The behavioural engine runs in rank 0's process: nothing to share.
    if (options.engine == spice::Engine::spice) {
      const spice::MonteCarloSampler sampler(inputs, options);
      outcome.complete =
          mpi::serveSamples(sampler.runnerFactory(), sampler.poolOptions(),
                            spice::designFingerprint(inputs, sampler.simulation(), options.engine), stopRequested);
    }
    return outcome;
  }
  if (launch_ && options.engine == spice::Engine::spice) {
    const spice::MonteCarloSampler sampler(inputs, options);
    mpi::CoordinatorExecutor executor(launch_->mpi.size(),
                                      spice::designFingerprint(inputs, sampler.simulation(), options.engine));
    options.executor = &executor;
    try {
      return spice::runMonteCarlo(inputs, options, progress, stopRequested);
    } catch (...) {
      executor.stopOtherRanks();
      throw;
    }
  }
#endif
  return spice::runMonteCarlo(inputs, options, progress, stopRequested);
}

void endLaunchAfterFailure([[maybe_unused]] int status)
{
#ifdef NLADC_WITH_MPI
  mpi::abortLaunch(status);
#endif
}

} // namespace nladc::cli
