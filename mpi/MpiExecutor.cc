#include "mpi/MpiExecutor.hh"

#include "util/Error.hh"

#include <chrono>
#include <fmt/format.h>
#include <mpi.h>
#include <optional>
#include <thread>

namespace nladc::mpi {

namespace {

enum Tag : int {
  assignTag = 701,
  resultTag = 702,
  finishedTag = 703,
  stopTag = 704,
};

// How long a rank with nothing to simulate sleeps between polls.
constexpr auto idlePoll = std::chrono::milliseconds(5);
// How long a stopped rank 0 keeps recording the results other ranks had
// already sent, before it gives up on the ranks that have not finished.
constexpr auto drainTime = std::chrono::seconds(2);

// A fingerprint's hex digits (util/Fingerprint: 64-bit FNV-1a) as one word
// of the assign message.
uint64_t fingerprintWord(const std::string& hex)
{
  return std::stoull(hex, nullptr, 16);
}

void check(int status, const char* what)
{
  if (status != MPI_SUCCESS)
    throw WorkError(fmt::format("MPI: {} failed", what));
}

template <class T> void send(const std::vector<T>& data, int destination, Tag tag)
{
  // A buffer is never null, even when empty.
  static T none{};
  check(MPI_Send(data.empty() ? &none : data.data(), static_cast<int>(data.size() * sizeof(T)), MPI_BYTE, destination,
                 tag, MPI_COMM_WORLD),
        "send");
}

// Receives the message `status` announced (MPI_Iprobe), as T values.
template <class T> std::vector<T> receive(const MPI_Status& status)
{
  int bytes = 0;
  check(MPI_Get_count(&status, MPI_BYTE, &bytes), "count");
  if (bytes < 0 || bytes % static_cast<int>(sizeof(T)) != 0)
    throw WorkError(fmt::format("MPI: rank {} sent a message of {} bytes", status.MPI_SOURCE, bytes));
  std::vector<T> data(static_cast<size_t>(bytes) / sizeof(T) + 1); // + 1: never a null buffer
  check(MPI_Recv(data.data(), bytes, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE),
        "receive");
  data.pop_back();
  return data;
}

// The status of a waiting message from `source` with `tag`, if there is one.
std::optional<MPI_Status> waiting(int source, int tag)
{
  int flag = 0;
  MPI_Status status;
  check(MPI_Iprobe(source, tag, MPI_COMM_WORLD, &flag, &status), "probe");
  return flag ? std::optional<MPI_Status>(status) : std::nullopt;
}

} // namespace

bool CoordinatorExecutor::run(const spice::RunnerFactory& factory, const spice::PoolOptions& pool,
                              const std::vector<uint64_t>& pending,
                              const std::function<void(const spice::SampleResult&)>& onResult,
                              const std::function<bool()>& stopRequested)
{
  std::vector<std::vector<uint64_t>> shares(static_cast<size_t>(ranks_));
  for (size_t k = 0; k < pending.size(); ++k)
    shares[k % shares.size()].push_back(pending[k]);
  for (int rank = 1; rank < ranks_; ++rank) {
    std::vector<uint64_t> assignment{fingerprintWord(design_)};
    const std::vector<uint64_t>& share = shares[static_cast<size_t>(rank)];
    assignment.insert(assignment.end(), share.begin(), share.end());
    send(assignment, rank, assignTag);
  }

  int unfinished = ranks_ - 1;
  bool otherRankStopped = false;
  auto receiveFromRanks = [&] {
    while (const std::optional<MPI_Status> status = waiting(MPI_ANY_SOURCE, MPI_ANY_TAG)) {
      if (status->MPI_TAG == resultTag) {
        std::vector<char> bytes = receive<char>(*status);
        onResult(spice::decodeResult(std::move(bytes)));
      } else if (status->MPI_TAG == finishedTag) {
        const std::vector<int> complete = receive<int>(*status);
        --unfinished;
        otherRankStopped = otherRankStopped || complete.empty() || complete.front() == 0;
      } else {
        throw WorkError(
            fmt::format("MPI: rank {} sent an unexpected message (tag {})", status->MPI_SOURCE, status->MPI_TAG));
      }
    }
  };
  auto stopped = [&] { return otherRankStopped || stopRequested(); };

  bool complete = spice::WorkerPool(factory, pool).run(shares.front(), onResult, stopped, receiveFromRanks);
  while (complete && unfinished > 0) {
    receiveFromRanks();
    if (stopped())
      complete = false;
    else if (unfinished > 0)
      std::this_thread::sleep_for(idlePoll);
  }
  if (!complete) {
    stopOtherRanks();
    // Results already on their way finished: record them rather than run
    // them again on --resume.
    const auto deadline = std::chrono::steady_clock::now() + drainTime;
    while (unfinished > 0 && std::chrono::steady_clock::now() < deadline) {
      receiveFromRanks();
      std::this_thread::sleep_for(idlePoll);
    }
  }
  return complete;
}

void CoordinatorExecutor::stopOtherRanks() const
{
  for (int rank = 1; rank < ranks_; ++rank)
    send(std::vector<char>{}, rank, stopTag);
}

bool serveSamples(const spice::RunnerFactory& factory, const spice::PoolOptions& pool, const std::string& design,
                  const std::function<bool()>& stopRequested)
{
  bool stoppedByCoordinator = false;
  auto pollStop = [&] {
    if (const std::optional<MPI_Status> status = waiting(0, stopTag)) {
      receive<char>(*status);
      stoppedByCoordinator = true;
    }
  };
  std::optional<MPI_Status> assignment;
  while (!(assignment = waiting(0, assignTag))) {
    pollStop();
    if (stoppedByCoordinator || stopRequested())
      return false;
    std::this_thread::sleep_for(idlePoll);
  }
  std::vector<uint64_t> share = receive<uint64_t>(*assignment);
  if (share.empty() || share.front() != fingerprintWord(design)) {
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    send(std::vector<int>{0}, 0, finishedTag);
    throw InputError(fmt::format("rank {}: its inputs differ from rank 0's (design fingerprint {}); every rank must "
                                 "read the same level, technology and model files",
                                 rank, design));
  }
  share.erase(share.begin());
  const bool complete =
      spice::WorkerPool(factory, pool)
          .run(
              share, [](const spice::SampleResult& result) { send(spice::encodeResult(result), 0, resultTag); },
              [&] { return stoppedByCoordinator || stopRequested(); }, pollStop);
  send(std::vector<int>{complete ? 1 : 0}, 0, finishedTag);
  return complete;
}

} // namespace nladc::mpi
