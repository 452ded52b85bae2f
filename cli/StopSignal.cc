#include "cli/StopSignal.hh"

namespace nladc::cli {

namespace {

volatile std::sig_atomic_t received = 0;

void record(int signal)
{
  received = signal;
}

} // namespace

StopSignal::StopSignal()
{
  received = 0;
  std::signal(SIGINT, record);
  std::signal(SIGTERM, record);
}

StopSignal::~StopSignal()
{
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}

bool StopSignal::requested() const
{
  return received != 0;
}

int StopSignal::signal() const
{
  return received;
}

} // namespace nladc::cli
