#pragma once

#include "adc/ConversionMeasurement.hh"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nladc::spice {

// One line of a Monte Carlo run's samples.csv: the simulator's ramp (the
// raw result, written exactly, %.17g) and the measurements derived from it.
struct SampleRow {
  uint64_t index = 0;
  bool ok = false;
  bool aborted = false;     // failed, but retried on resume (SampleResult::aborted)
  std::string reason;       // why it failed; empty when ok
  std::vector<double> ramp; // V_0, T_1 … T_{K−1} (V); empty when failed
  // Derived, not read back: the sample's columns (redrawn from its seed)
  // and the measurement of ramp and columns. Set for every ok row of a run.
  std::vector<adc::ColumnVariation> columns;
  adc::ConversionMeasurement measurement;
  // The sample's lines in samples.csv when it was read: its aborted tries
  // and this one.
  unsigned attempts = 1;
};

// A failure reason as samples.csv keeps it: one line (control characters
// replaced), at most 1000 characters. A run records this form in memory
// too, so a resumed run, which reads its reasons back, summarises the same.
std::string storedReason(std::string_view reason);

// DIR/samples.csv, appended one line per finished attempt with a single
// write(2), so a crash or Ctrl-C leaves every finished line intact and at
// most one partial line, which opening it for a resume cuts off. A line is
// one attempt at a sample; its status column is ok, failed or aborted. An
// aborted sample may be run again on resume, and its new line, further
// down, supersedes the aborted one.
class SampleTable {
public:
  // Creates the file with its header (`slots` ramp values per row).
  static SampleTable create(const std::filesystem::path& path, size_t slots, bool withData);
  // Opens an existing file to continue it: reads its rows (the last line of
  // each sample), cuts off a partial last line. InputError names the file
  // and line of a bad row, or of a sample repeated after a line that was
  // not aborted.
  static SampleTable resume(const std::filesystem::path& path, size_t slots, bool withData,
                            std::vector<SampleRow>& rows);
  SampleTable(SampleTable&& other) noexcept;
  SampleTable& operator=(SampleTable&&) = delete;
  ~SampleTable();

  void append(const SampleRow& row);

private:
  SampleTable(std::filesystem::path path, int fd, size_t slots, bool withData);
  std::filesystem::path path_;
  int fd_ = -1;
  size_t slots_ = 0;
  bool withData_ = false;
};

} // namespace nladc::spice
