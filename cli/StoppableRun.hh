#pragma once

#include "cli/ProgressBar.hh"
#include "cli/StopSignal.hh"

#include <cstdint>
#include <functional>
#include <string>
#include <utility>

namespace nladc::cli {

// What a long run returned, and the signal (SIGINT, SIGTERM) that asked it
// to stop; 0 when none did.
template <class Result> struct StoppableOutcome {
  Result result;
  int stoppedBy = 0;
};

// Runs `work(progress, stopRequested)` with a progress bar labelled
// `label` and Ctrl-C turned into a request the work polls (StopSignal), so
// a stopped run keeps what it finished.
template <class Work> auto runStoppable(const std::string& label, Work&& work)
{
  using Result = decltype(work(std::function<void(uint64_t, uint64_t)>(), std::function<bool()>()));
  const StopSignal stop;
  ProgressBar bar(label);
  Result result =
      work([&bar](uint64_t done, uint64_t total) { bar.update(done, total); }, [&stop] { return stop.requested(); });
  return StoppableOutcome<Result>{std::move(result), stop.signal()};
}

} // namespace nladc::cli
