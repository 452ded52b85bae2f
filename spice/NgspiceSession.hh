#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

namespace nladc::spice {

// The simulator in this process: libngspice (sharedspice.h). ngspice keeps
// its circuit in global state, so a process holds at most one session;
// parallel work runs one session per worker process (WorkerPool.hh).
//
// Every call that can fail returns or throws the first error ngspice
// printed, so a failed sample carries its reason.
class NgspiceSession {
public:
  NgspiceSession();
  ~NgspiceSession();
  NgspiceSession(const NgspiceSession&) = delete;
  NgspiceSession& operator=(const NgspiceSession&) = delete;

  // Parses a deck (title line first, .end last). Throws SimulationError
  // with ngspice's first error when it refuses the deck.
  void load(const std::vector<std::string>& deck);
  // Runs one interactive command ("alter r.x1.r1 = 1k"). Throws
  // SimulationError when ngspice reports an error.
  void command(const std::string& line);
  // Runs the deck's analysis in ngspice's background thread and waits at
  // most `timeLimit` seconds; past it the run is halted and
  // TimeLimitExceeded thrown. Throws SimulationError on an error (no
  // convergence, ...).
  void run(double timeLimit);
  // A copy of a real vector of the current plot ("time", "ramp").
  std::vector<double> vector(const std::string& name) const;
  // Frees the results of every run so far, and ngspice's record of the
  // commands run: a long sweep must not grow.
  void clearResults();
  // What ngspice printed during the last call.
  std::vector<std::string> output() const;

private:
  static int onOutput(char* text, int id, void* self);
  static int onExit(int status, bool unload, bool quit, int id, void* self);
  static int onBackgroundThread(bool stopped, int id, void* self);
  // Each call keeps only its own output, so a long sweep does not grow.
  void startOperation();
  // Throws if ngspice printed an error during this call.
  void throwOnError(const std::string& what);

  mutable std::mutex mutex_;
  std::condition_variable threadStopped_;
  bool running_ = false;
  bool exited_ = false;
  std::vector<std::string> output_;
};

// A simulation that failed: the message is its reason, one line.
class SimulationError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// A run halted at its time limit: it says more of the machine's load than
// of the deck, so a Monte Carlo sample that meets it is retried on resume.
class TimeLimitExceeded : public SimulationError {
public:
  using SimulationError::SimulationError;
};

} // namespace nladc::spice
