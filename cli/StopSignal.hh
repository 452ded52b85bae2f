#pragma once

#include <csignal>

namespace nladc::cli {

// While alive, SIGINT and SIGTERM do not kill nladc: they are recorded, and
// a long run polls `requested()` and ends cleanly, keeping what it finished
// (a Monte Carlo directory that --resume continues). The default handlers
// come back when it is destroyed. One at a time.
class StopSignal {
public:
  StopSignal();
  ~StopSignal();
  StopSignal(const StopSignal&) = delete;
  StopSignal& operator=(const StopSignal&) = delete;

  bool requested() const;
  int signal() const; // the signal that asked; 0 if none
};

} // namespace nladc::cli
