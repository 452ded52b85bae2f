#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace nladc::spice {

// What one sample of a sweep produced, as it travels from a worker process
// to the sweep: the measured vectors (their meaning is the job's), or the
// reason it failed.
struct SampleResult {
  uint64_t index = 0;
  bool ok = false;
  // Failed for a reason outside the sample's draws: its worker crashed or
  // stopped answering, or it ran past its time limit. Such a sample may
  // well succeed when run again, so a resumed run retries it; a sample
  // ngspice refused or could not converge fails the same way every time.
  bool aborted = false;
  std::string reason;                       // one line; empty when ok
  std::vector<std::vector<double>> vectors; // the job's measurements
  long workerPeakRssKiB = 0;                // the worker's peak RSS after this sample

  static SampleResult failure(uint64_t index, std::string reason)
  {
    SampleResult result;
    result.index = index;
    result.reason = std::move(reason);
    return result;
  }
  static SampleResult abortedSample(uint64_t index, std::string reason)
  {
    SampleResult result = failure(index, std::move(reason));
    result.aborted = true;
    return result;
  }
};

// A result as bytes, to cross a process boundary (a worker's pipe, an MPI
// message) and back. decodeResult throws WorkError on bytes that are not
// a whole result.
std::vector<char> encodeResult(const SampleResult& result);
SampleResult decodeResult(std::vector<char> bytes);

} // namespace nladc::spice
