#pragma once

#include <chrono>
#include <cstdint>
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

} // namespace nladc::cli
