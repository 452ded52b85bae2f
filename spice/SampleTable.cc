#include "spice/SampleTable.hh"

#include "util/Error.hh"
#include "util/Text.hh"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <sstream>
#include <unistd.h>

namespace nladc::spice {

namespace {

std::string header(size_t slots, bool withData)
{
  std::string line = "index,status";
  for (size_t j = 0; j < slots; ++j)
    line += fmt::format(",ramp{}_V", j);
  line += ",max_abs_inl,max_abs_dnl,monotonic,pass";
  if (withData)
    line += ",code_error_rate,effective_mse";
  return line + ",reason\n";
}

// A reason as one CSV field: quoted, inner quotes doubled, one line.
std::string quoted(const std::string& text)
{
  std::string field = "\"";
  for (const char c : storedReason(text))
    field += c == '"' ? std::string("\"\"") : std::string(1, c);
  return field + "\"";
}

std::vector<std::string> splitFields(const std::string& line)
{
  std::vector<std::string> fields{""};
  bool inQuotes = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (inQuotes && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      fields.back() += '"';
      ++i;
    } else if (c == '"') {
      inQuotes = !inQuotes;
    } else if (c == ',' && !inQuotes) {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

double number(const std::string& field, const std::string& where)
{
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(field.c_str(), &end);
  if (field.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(value))
    throw InputError(fmt::format("{}: '{}' is not a finite number", where, printableExcerpt(field)));
  return value;
}

int openForAppend(const std::filesystem::path& path, int extraFlags)
{
  const int fd = open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC | extraFlags, 0644);
  if (fd < 0)
    throw WorkError(fmt::format("{}: cannot open for writing: {}", path.string(), std::strerror(errno)));
  return fd;
}

// Appends one whole line or nothing: a write that fails part way (a full
// disk, a file size limit) is cut back off, so the file never ends in half a
// line.
void writeLine(int fd, const std::string& line, const std::filesystem::path& path)
{
  const off_t start = lseek(fd, 0, SEEK_END);
  size_t done = 0;
  while (done < line.size()) {
    const ssize_t put = write(fd, line.data() + done, line.size() - done);
    if (put < 0 && errno == EINTR)
      continue;
    if (put < 0) {
      const std::string message = fmt::format("{}: cannot write: {}", path.string(), std::strerror(errno));
      if (done > 0 && (start < 0 || ftruncate(fd, start) != 0))
        throw WorkError(message + "; its last line is incomplete");
      throw WorkError(message);
    }
    done += static_cast<size_t>(put);
  }
}

} // namespace

std::string storedReason(std::string_view reason)
{
  return printableExcerpt(reason, 1000);
}

SampleTable::SampleTable(std::filesystem::path path, int fd, size_t slots, bool withData)
    : path_(std::move(path)), fd_(fd), slots_(slots), withData_(withData)
{
}

SampleTable::SampleTable(SampleTable&& other) noexcept
    : path_(std::move(other.path_)), fd_(std::exchange(other.fd_, -1)), slots_(other.slots_), withData_(other.withData_)
{
}

SampleTable::~SampleTable()
{
  if (fd_ >= 0)
    close(fd_);
}

SampleTable SampleTable::create(const std::filesystem::path& path, size_t slots, bool withData)
{
  const int fd = openForAppend(path, O_CREAT | O_TRUNC);
  SampleTable table(path, fd, slots, withData);
  writeLine(fd, header(slots, withData), path);
  return table;
}

SampleTable SampleTable::resume(const std::filesystem::path& path, size_t slots, bool withData,
                                std::vector<SampleRow>& rows)
{
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(fmt::format("{}: cannot open the samples to resume", path.string()));
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  // Everything after the last newline is a line cut short by a crash.
  const size_t complete = text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1;
  const std::string expectedHeader = header(slots, withData);
  if (text.compare(0, expectedHeader.size(), expectedHeader) != 0)
    throw InputError(fmt::format("{}: line 1: not the header of this run's samples", path.string()));

  const size_t fields = 2 + slots + 4 + (withData ? 2 : 0) + 1;
  std::map<uint64_t, size_t> rowOf; // sample → its row in `rows`
  size_t lineNumber = 1;
  for (size_t at = expectedHeader.size(); at < complete;) {
    const size_t end = text.find('\n', at);
    const std::string line = text.substr(at, end - at);
    at = end + 1;
    ++lineNumber;
    const std::string where = fmt::format("{}: line {}", path.string(), lineNumber);
    const std::vector<std::string> f = splitFields(line);
    if (f.size() != fields)
      throw InputError(fmt::format("{}: {} fields, expected {}", where, f.size(), fields));
    SampleRow row;
    const char* indexEnd = f[0].data() + f[0].size();
    const std::from_chars_result parsed = std::from_chars(f[0].data(), indexEnd, row.index);
    if (f[0].empty() || parsed.ec != std::errc() || parsed.ptr != indexEnd)
      throw InputError(fmt::format("{}: '{}' is not a sample index", where, printableExcerpt(f[0])));
    if (f[1] != "ok" && f[1] != "failed" && f[1] != "aborted")
      throw InputError(fmt::format("{}: status '{}' is not one of ok, failed, aborted", where, printableExcerpt(f[1])));
    row.ok = f[1] == "ok";
    row.aborted = f[1] == "aborted";
    row.reason = f.back();
    if (row.ok)
      for (size_t j = 0; j < slots; ++j)
        row.ramp.push_back(number(f[2 + j], where));
    const auto [earlier, first] = rowOf.try_emplace(row.index, rows.size());
    if (first) {
      rows.push_back(std::move(row));
    } else if (rows[earlier->second].aborted) {
      row.attempts = rows[earlier->second].attempts + 1;
      rows[earlier->second] = std::move(row);
    } else {
      throw InputError(fmt::format("{}: sample {} is repeated", where, row.index));
    }
  }
  if (complete < text.size() && truncate(path.c_str(), static_cast<off_t>(complete)) != 0)
    throw WorkError(fmt::format("{}: cannot cut off its partial last line: {}", path.string(), std::strerror(errno)));
  return SampleTable(path, openForAppend(path, 0), slots, withData);
}

void SampleTable::append(const SampleRow& row)
{
  std::string line = fmt::format("{},{}", row.index, row.ok ? "ok" : row.aborted ? "aborted" : "failed");
  const adc::ConversionMeasurement& m = row.measurement;
  if (row.ok) {
    for (const double v : row.ramp)
      line += fmt::format(",{:.17g}", v);
    line += fmt::format(",{:.6g},{:.6g},{},{}", m.maxAbsInl, m.maxAbsDnl, m.monotonic ? 1 : 0, m.pass ? 1 : 0);
    if (withData_)
      line += fmt::format(",{:.6g},{:.9g}", m.codeErrorRate.value_or(NAN), m.effectiveMse.value_or(NAN));
  } else {
    line += std::string(slots_ + 4 + (withData_ ? 2 : 0), ',');
  }
  writeLine(fd_, line + "," + quoted(row.reason) + "\n", path_);
}

} // namespace nladc::spice
