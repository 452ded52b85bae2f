#include "spice/NgspiceSession.hh"

#include "util/Text.hh"

#include <ngspice/sharedspice.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <fmt/format.h>

namespace nladc::spice {

namespace {

std::atomic<bool> sessionExists{false};

// Room for a whole ngspice message: its names make it useful.
constexpr size_t maxMessage = 400;

// ngspice prints errors as text; these words mark the lines that mean the
// command or the run failed (its warnings and notes do not).
bool isErrorLine(const std::string& line)
{
  std::string lower = line;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower.rfind("stderr", 0) != 0)
    return false;
  for (const char* word : {"error", "abort", "too small", "singular", "fatal", "interrupted", "cannot", "can't"})
    if (lower.find(word) != std::string::npos)
      return true;
  return false;
}

// "stderr Error: no such vector x" → "Error: no such vector x"
std::string withoutStream(const std::string& line)
{
  const size_t space = line.find(' ');
  return space == std::string::npos ? line : std::string(trimmed(std::string_view(line).substr(space + 1)));
}

} // namespace

NgspiceSession::NgspiceSession()
{
  if (sessionExists.exchange(true))
    throw std::logic_error("one ngspice session per process");
  ngSpice_Init(&NgspiceSession::onOutput, nullptr, &NgspiceSession::onExit, nullptr, nullptr,
               &NgspiceSession::onBackgroundThread, this);
  // An OpenMP build of ngspice evaluates BSIM devices on 2 threads by
  // default; nladc runs a session per worker process, one per core, and
  // two spinning threads per worker slowed BSIM4 decks 50-fold (measured).
  ngSpice_Command(const_cast<char*>("set num_threads=1"));
}

NgspiceSession::~NgspiceSession()
{
  if (ngSpice_running())
    ngSpice_Command(const_cast<char*>("bg_halt"));
  if (!exited_)
    ngSpice_Command(const_cast<char*>("remcirc"));
  sessionExists = false;
}

int NgspiceSession::onOutput(char* text, int, void* self)
{
  auto* session = static_cast<NgspiceSession*>(self);
  std::lock_guard lock(session->mutex_);
  session->output_.emplace_back(text ? text : "");
  return 0;
}

int NgspiceSession::onExit(int status, bool, bool, int, void* self)
{
  auto* session = static_cast<NgspiceSession*>(self);
  std::lock_guard lock(session->mutex_);
  session->exited_ = true;
  session->output_.push_back(fmt::format("stderr Error: ngspice exited with status {}", status));
  return 0;
}

int NgspiceSession::onBackgroundThread(bool stopped, int, void* self)
{
  auto* session = static_cast<NgspiceSession*>(self);
  {
    std::lock_guard lock(session->mutex_);
    session->running_ = !stopped;
  }
  session->threadStopped_.notify_all();
  return 0;
}

void NgspiceSession::startOperation()
{
  std::lock_guard lock(mutex_);
  if (exited_)
    throw SimulationError("ngspice has exited");
  output_.clear();
}

void NgspiceSession::throwOnError(const std::string& what)
{
  std::lock_guard lock(mutex_);
  for (size_t i = 0; i < output_.size(); ++i)
    if (isErrorLine(output_[i]))
      throw SimulationError(fmt::format("{}: {}", what, printableExcerpt(withoutStream(output_[i]), maxMessage)));
  if (exited_)
    throw SimulationError(fmt::format("{}: ngspice exited", what));
}

void NgspiceSession::load(const std::vector<std::string>& deck)
{
  startOperation();
  std::vector<std::string> lines = deck;
  std::vector<char*> pointers;
  for (std::string& line : lines)
    pointers.push_back(line.data());
  pointers.push_back(nullptr);
  if (ngSpice_Circ(pointers.data()) != 0)
    throw SimulationError("ngspice refused the deck");
  throwOnError("the deck");
}

void NgspiceSession::command(const std::string& line)
{
  startOperation();
  std::string text = line;
  if (ngSpice_Command(text.data()) != 0)
    throw SimulationError(fmt::format("'{}' failed", printableExcerpt(line, maxMessage)));
  throwOnError(printableExcerpt(line, maxMessage));
}

void NgspiceSession::run(double timeLimit)
{
  startOperation();
  {
    std::lock_guard lock(mutex_);
    running_ = true;
  }
  if (ngSpice_Command(const_cast<char*>("bg_run")) != 0)
    throw SimulationError("ngspice could not start the run");
  std::unique_lock lock(mutex_);
  const bool finished =
      threadStopped_.wait_for(lock, std::chrono::duration<double>(timeLimit), [this] { return !running_; });
  lock.unlock();
  if (!finished) {
    ngSpice_Command(const_cast<char*>("bg_halt"));
    lock.lock();
    threadStopped_.wait(lock, [this] { return !running_; });
    throw TimeLimitExceeded(fmt::format("the run exceeded its time limit of {:g} s", timeLimit));
  }
  throwOnError("the run");
}

std::vector<double> NgspiceSession::vector(const std::string& name) const
{
  std::string text = name;
  // ngGet_Vec_Info returns a pointer into storage the next call reuses:
  // copy at once.
  const pvector_info info = ngGet_Vec_Info(text.data());
  if (!info || !info->v_realdata)
    throw SimulationError(fmt::format("the run produced no vector '{}'", name));
  return std::vector<double>(info->v_realdata, info->v_realdata + info->v_length);
}

void NgspiceSession::clearResults()
{
  command("destroy all");
  // ngspice keeps the control structure of every command it ran (some
  // 300 bytes each, 7 KiB per sample of a small ramp deck); a null command
  // frees them.
  ngSpice_Command(nullptr);
}

std::vector<std::string> NgspiceSession::output() const
{
  std::lock_guard lock(mutex_);
  return output_;
}

} // namespace nladc::spice
