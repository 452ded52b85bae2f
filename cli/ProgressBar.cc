#include "cli/ProgressBar.hh"

#include <cstdio>
#include <fmt/format.h>
#include <unistd.h>

namespace nladc::cli {

ProgressBar::ProgressBar(std::string label)
    : label_(std::move(label)), enabled_(isatty(STDOUT_FILENO) && isatty(STDERR_FILENO)),
      start_(std::chrono::steady_clock::now())
{
}

ProgressBar::~ProgressBar()
{
  if (drawn_)
    std::fputs("\n", stderr);
}

void ProgressBar::update(uint64_t done, uint64_t total)
{
  if (!enabled_)
    return;
  const auto now = std::chrono::steady_clock::now();
  if (doneAtStart_ == UINT64_MAX) {
    doneAtStart_ = done;
    start_ = now;
  }
  // At most ten redraws a second, and always the last one.
  if (drawn_ && done < total && now - lastDraw_ < std::chrono::milliseconds(100))
    return;
  lastDraw_ = now;
  drawn_ = true;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double rate = elapsed > 0.0 ? static_cast<double>(done - doneAtStart_) / elapsed : 0.0;
  const double fraction = total ? static_cast<double>(done) / static_cast<double>(total) : 1.0;
  constexpr int width = 30;
  const int filled = static_cast<int>(fraction * width);
  const std::string eta = rate > 0.0 ? fmt::format("{:.0f} s", static_cast<double>(total - done) / rate) : "-";
  fmt::print(stderr, "\r{} [{}{}] {}/{} {:.1f}/s ETA {}   ", label_, std::string(static_cast<size_t>(filled), '#'),
             std::string(static_cast<size_t>(width - filled), '.'), done, total, rate, eta);
  std::fflush(stderr);
}

void StagedProgress::update(const std::string& stage, uint64_t done, uint64_t total)
{
  if (!bar_ || stage != stage_) {
    bar_.reset();
    bar_.emplace(stage);
    stage_ = stage;
  }
  bar_->update(done, total);
}

} // namespace nladc::cli
