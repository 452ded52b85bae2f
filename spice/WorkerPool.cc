#include "spice/WorkerPool.hh"

#include "util/Error.hh"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <fmt/format.h>
#include <optional>
#include <poll.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace nladc::spice {

namespace {

using Clock = std::chrono::steady_clock;

// ---- the pipe protocol: the sweep sends a sample index (8 bytes); the
// worker answers with a frame: its length (4 bytes), then the encoded
// result (SampleResult.hh).

bool readExactly(int fd, void* data, size_t size)
{
  auto* bytes = static_cast<char*>(data);
  while (size > 0) {
    const ssize_t got = read(fd, bytes, size);
    if (got < 0 && errno == EINTR)
      continue;
    if (got <= 0)
      return false;
    bytes += got;
    size -= static_cast<size_t>(got);
  }
  return true;
}

bool writeExactly(int fd, const void* data, size_t size)
{
  const auto* bytes = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t put = write(fd, bytes, size);
    if (put < 0 && errno == EINTR)
      continue;
    if (put <= 0)
      return false;
    bytes += put;
    size -= static_cast<size_t>(put);
  }
  return true;
}

// One write of size and payload: a Monte Carlo result (well under
// PIPE_BUF) then reaches the pipe whole or not at all, so a worker stopped
// mid-send never leaves the pool blocked on half a frame, out of the
// watchdog's reach.
bool sendResult(int fd, const SampleResult& result)
{
  const std::vector<char> payload = encodeResult(result);
  const auto size = static_cast<uint32_t>(payload.size());
  std::vector<char> frame(reinterpret_cast<const char*>(&size), reinterpret_cast<const char*>(&size) + sizeof size);
  frame.insert(frame.end(), payload.begin(), payload.end());
  return writeExactly(fd, frame.data(), frame.size());
}

std::optional<SampleResult> receiveResult(int fd)
{
  uint32_t size = 0;
  if (!readExactly(fd, &size, sizeof size))
    return std::nullopt;
  std::vector<char> data(size);
  if (!readExactly(fd, data.data(), size))
    return std::nullopt;
  return decodeResult(std::move(data));
}

long peakRssKiB()
{
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// The worker process: answers sample indices until the sweep closes its
// pipe. It never returns; _exit skips the parent's atexit handlers and
// stdio buffers, which belong to the parent.
[[noreturn]] void workerMain(int taskFd, int resultFd, const RunnerFactory& factory)
{
  std::signal(SIGINT, SIG_IGN); // Ctrl-C is the sweep's to handle
  std::signal(SIGTERM, SIG_DFL);
  std::signal(SIGPIPE, SIG_DFL);
  // Nothing may reach the parent's stdout (a JSON document, perhaps).
  const int devNull = open("/dev/null", O_WRONLY);
  if (devNull >= 0)
    dup2(devNull, STDOUT_FILENO);

  std::optional<SampleRunner> runner;
  std::string setupError;
  try {
    runner = factory();
  } catch (const std::exception& e) {
    setupError = e.what();
  }
  uint64_t index = 0;
  while (readExactly(taskFd, &index, sizeof index)) {
    SampleResult result;
    try {
      result = runner ? (*runner)(index) : SampleResult::failure(index, setupError);
    } catch (const std::exception& e) {
      result = SampleResult::failure(index, e.what());
    }
    result.index = index;
    result.workerPeakRssKiB = peakRssKiB();
    if (!sendResult(resultFd, result))
      break;
  }
  _exit(0);
}

std::string describeExit(int status)
{
  if (WIFSIGNALED(status))
    return fmt::format("the worker crashed (signal {}: {})", WTERMSIG(status), strsignal(WTERMSIG(status)));
  if (WIFEXITED(status))
    return fmt::format("the worker exited with status {}", WEXITSTATUS(status));
  return "the worker stopped";
}

} // namespace

struct WorkerPool::Worker {
  pid_t pid = -1;
  int taskFd = -1;
  int resultFd = -1;
  std::optional<uint64_t> inFlight;
  Clock::time_point started;
};

WorkerPool::WorkerPool(RunnerFactory factory, PoolOptions options) : factory_(std::move(factory)), options_(options)
{
  if (options_.jobs < 1)
    throw InputError(fmt::format("--jobs: {} is not a positive number of workers", options_.jobs));
}

WorkerPool::~WorkerPool()
{
  for (Worker& worker : workers_)
    retire(worker);
}

void WorkerPool::spawn()
{
  int task[2];
  int result[2];
  if (pipe(task) != 0)
    throw WorkError(fmt::format("cannot create a worker's pipes: {}", std::strerror(errno)));
  if (pipe(result) != 0) {
    const int error = errno;
    close(task[0]);
    close(task[1]);
    throw WorkError(fmt::format("cannot create a worker's pipes: {}", std::strerror(error)));
  }
  std::fflush(nullptr); // a child must not inherit unwritten output
  const pid_t pid = fork();
  if (pid < 0) {
    const int error = errno;
    for (const int fd : {task[0], task[1], result[0], result[1]})
      close(fd);
    throw WorkError(fmt::format("cannot start a worker process: {}", std::strerror(error)));
  }
  if (pid == 0) {
    close(task[1]);
    close(result[0]);
    for (const Worker& other : workers_) {
      close(other.taskFd);
      close(other.resultFd);
    }
    workerMain(task[0], result[1], factory_);
  }
  close(task[0]);
  close(result[1]);
  workers_.push_back({pid, task[1], result[0], std::nullopt, {}});
}

void WorkerPool::retire(Worker& worker)
{
  if (worker.pid <= 0)
    return;
  kill(worker.pid, SIGKILL);
  close(worker.taskFd);
  close(worker.resultFd);
  int status = 0;
  while (waitpid(worker.pid, &status, 0) < 0 && errno == EINTR) {
  }
  worker.pid = -1;
}

bool WorkerPool::run(const std::vector<uint64_t>& indices, const std::function<void(const SampleResult&)>& onResult,
                     const std::function<bool()>& stopRequested, const std::function<void()>& whileWaiting)
{
  // A worker that died leaves a closed pipe; writing to it must fail, not
  // kill the sweep. Restored however run() ends.
  struct IgnoredSigpipe {
    struct sigaction previous {};
    IgnoredSigpipe()
    {
      struct sigaction ignore {};
      ignore.sa_handler = SIG_IGN;
      sigaction(SIGPIPE, &ignore, &previous);
    }
    ~IgnoredSigpipe() { sigaction(SIGPIPE, &previous, nullptr); }
  } ignoredSigpipe;
  // Workers that die before they can take a sample consume no work; past
  // this many in a row the pool cannot run at all.
  constexpr int maxStillborn = 10;
  int stillborn = 0;

  std::deque<uint64_t> queue(indices.begin(), indices.end());
  const size_t wanted = std::min(queue.size(), static_cast<size_t>(options_.jobs));
  while (workers_.size() < wanted)
    spawn();

  // Ends a worker: reports its sample in flight as aborted (when there is a
  // reason) and starts a fresh worker if work remains.
  auto replace = [&](size_t w, const std::optional<std::string>& reason) {
    Worker& worker = workers_[w];
    const std::optional<uint64_t> lost = worker.inFlight;
    retire(worker);
    workers_.erase(workers_.begin() + static_cast<std::ptrdiff_t>(w));
    if (lost && reason)
      onResult(SampleResult::abortedSample(*lost, *reason));
    if (!queue.empty())
      spawn();
  };

  bool stopped = false;
  while (true) {
    if (stopRequested()) {
      stopped = true;
      break;
    }
    // Hand out work to idle workers.
    for (size_t w = 0; w < workers_.size(); ++w) {
      Worker& worker = workers_[w];
      if (worker.inFlight || queue.empty())
        continue;
      const uint64_t index = queue.front();
      if (!writeExactly(worker.taskFd, &index, sizeof index)) {
        if (++stillborn > maxStillborn)
          throw WorkError(fmt::format("{} workers in a row died before taking a sample", stillborn));
        replace(w, std::nullopt); // never started: it stays queued
        w = static_cast<size_t>(-1);
        continue;
      }
      stillborn = 0;
      queue.pop_front();
      worker.inFlight = index;
      worker.started = Clock::now();
    }
    bool busy = false;
    for (const Worker& worker : workers_)
      busy = busy || worker.inFlight.has_value();
    if (!busy && queue.empty())
      break;

    std::vector<pollfd> fds;
    for (const Worker& worker : workers_)
      fds.push_back({worker.resultFd, POLLIN, 0});
    const int ready = poll(fds.data(), fds.size(), 100);
    if (ready < 0 && errno != EINTR)
      throw WorkError(fmt::format("waiting for the workers: {}", std::strerror(errno)));
    if (whileWaiting)
      whileWaiting();
    for (size_t w = fds.size(); w-- > 0;) {
      Worker& worker = workers_[w];
      if (fds[w].revents & (POLLIN | POLLHUP | POLLERR)) {
        std::optional<SampleResult> result;
        bool malformed = false;
        try {
          result = receiveResult(worker.resultFd);
        } catch (const WorkError&) {
          malformed = true;
        }
        if (!result) {
          if (malformed)
            kill(worker.pid, SIGKILL);
          int status = 0;
          waitpid(worker.pid, &status, 0);
          const std::string reason = malformed ? "the worker sent a malformed result" : describeExit(status);
          worker.pid = -1; // reaped
          close(worker.taskFd);
          close(worker.resultFd);
          const std::optional<uint64_t> lost = worker.inFlight;
          workers_.erase(workers_.begin() + static_cast<std::ptrdiff_t>(w));
          // A stop signalled to the whole process group (a launcher may do
          // so) can end a worker before this process sees its own stop:
          // its sample is then dropped, like every sample in flight.
          if (lost && !stopRequested())
            onResult(SampleResult::abortedSample(*lost, reason));
          if (!queue.empty())
            spawn();
          continue;
        }
        worker.inFlight.reset();
        onResult(*result);
        // A failure may leave the simulator halted or confused: start over.
        if (!result->ok)
          replace(w, std::nullopt);
      } else if (worker.inFlight &&
                 std::chrono::duration<double>(Clock::now() - worker.started).count() > options_.watchdogSeconds) {
        replace(w, fmt::format("no answer within {:g} s; the worker was killed", options_.watchdogSeconds));
      }
    }
  }
  for (Worker& worker : workers_)
    retire(worker);
  workers_.clear();
  return !stopped;
}

} // namespace nladc::spice
