#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace nladc::cli {

// A one-line progress bar with rate and ETA on stderr, drawn only when
// both stdout and stderr are terminals: in a pipe, a log or CI it is silent.
class ProgressBar {
public:
  explicit ProgressBar(std::string label);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void update(uint64_t done, uint64_t total);

private:
  std::string label_;
  bool enabled_ = false;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point lastDraw_;
  uint64_t doneAtStart_ = UINT64_MAX; // a resumed run's rate counts only this session's samples
};

// A progress bar for each stage of a run of several (the flow's and a
// design search's Monte Carlo runs): a stage that changes ends the previous
// stage's line first. `finish` ends the last one, before the run's output.
class StagedProgress {
public:
  void update(const std::string& stage, uint64_t done, uint64_t total);
  void finish() { bar_.reset(); }

private:
  std::optional<ProgressBar> bar_;
  std::string stage_;
};

} // namespace nladc::cli
