#include "quant/TextReader.hh"

#include "quant/ActivationReader.hh"
#include "quant/NpyReader.hh"
#include "util/Error.hh"
#include "util/Text.hh"

#include <fmt/format.h>

#include <charconv>
#include <initializer_list>
#include <string_view>
#include <utility>

namespace nladc::quant {

namespace {

constexpr std::string_view kUtf8ByteOrderMark = "\xEF\xBB\xBF";

// Splits a trimmed, non-empty line into trimmed fields; reuses `fields` so a
// file of millions of lines does not allocate per line.
void splitFields(std::string_view line, std::vector<std::string_view>& fields)
{
  fields.clear();
  char separator = ' ';
  for (const char candidate : {'\t', ';', ','}) {
    if (line.find(candidate) != std::string_view::npos) {
      separator = candidate;
      break;
    }
  }
  for (std::size_t start = 0;;) {
    const std::size_t end = line.find(separator, start);
    const std::string_view field = trimmed(line.substr(start, end == std::string_view::npos ? end : end - start));
    // Runs of spaces separate one pair of fields; other separators do not run.
    if (separator != ' ' || !field.empty())
      fields.push_back(field);
    if (end == std::string_view::npos)
      return;
    start = end + 1;
  }
}

enum class Parsed { Number, NotNumber, OutOfRange };

Parsed parseNumber(std::string_view field, double& value)
{
  // from_chars takes no leading '+', which spreadsheets and printf("%+g") write.
  if (field.starts_with('+') && !field.starts_with("+-"))
    field.remove_prefix(1);
  const char* end = field.data() + field.size();
  const auto [stop, status] = std::from_chars(field.data(), end, value);
  if (field.empty() || stop != end)
    return Parsed::NotNumber;
  if (status == std::errc::result_out_of_range)
    return Parsed::OutOfRange;
  return status == std::errc{} ? Parsed::Number : Parsed::NotNumber;
}

} // namespace

namespace {

// Calls take(value, lineNumber) for each sample of the text, in order.
template <typename Take>
void forEachSample(std::istream& in, std::optional<int> column, const std::string& where, Take&& take)
{
  if (column && *column < 1)
    throw InputError(fmt::format("{}: --column {} is invalid; columns count from 1", where, *column));
  const std::size_t fieldIndex = column ? static_cast<std::size_t>(*column - 1) : 0;

  std::vector<std::string_view> fields;
  std::string line;
  bool headerPossible = true;
  for (std::size_t lineNumber = 1; std::getline(in, line); ++lineNumber) {
    std::string_view text = line;
    if (lineNumber == 1 && text.starts_with(kUtf8ByteOrderMark))
      text.remove_prefix(kUtf8ByteOrderMark.size());
    text = trimmed(text);
    if (text.empty() || text.front() == '#')
      continue;

    splitFields(text, fields);
    if (column && fields.size() <= fieldIndex)
      throw InputError(fmt::format("{}: line {}: {} field{}, but --column {} was requested", where, lineNumber,
                                   fields.size(), fields.size() == 1 ? "" : "s", *column));
    if (!column && fields.size() > 1)
      throw InputError(
          fmt::format("{}: line {}: {} fields; pass --column to choose one", where, lineNumber, fields.size()));

    double value = 0;
    const std::string_view field = fields[fieldIndex];
    const Parsed parsed = parseNumber(field, value);
    if (std::exchange(headerPossible, false) && parsed == Parsed::NotNumber)
      continue;
    if (parsed != Parsed::Number) {
      const std::string location =
          column ? fmt::format("line {}, column {}", lineNumber, *column) : fmt::format("line {}", lineNumber);
      throw InputError(
          fmt::format("{}: {}: '{}' {}", where, location, printableExcerpt(field),
                      parsed == Parsed::NotNumber ? "is not a number" : "is outside the range of a double"));
    }
    take(static_cast<float>(value), lineNumber);
  }
  if (in.bad())
    throw InputError(where + ": read error");
}

} // namespace

std::vector<float> readText(std::istream& in, std::optional<int> column, const std::string& where,
                            std::uint64_t maxSamples)
{
  std::vector<float> values;
  forEachSample(in, column, where, [&](float value, std::size_t lineNumber) {
    if (values.size() == maxSamples)
      requireAcceptedSampleCount(values.size() + 1, fmt::format("{}: line {}", where, lineNumber), maxSamples);
    values.push_back(value);
  });
  return values;
}

void streamText(std::istream& in, std::optional<int> column, const std::string& where, const SampleSink& sink)
{
  constexpr std::size_t chunkSamples = std::size_t{1} << 16;
  std::vector<float> chunk;
  chunk.reserve(chunkSamples);
  forEachSample(in, column, where, [&](float value, std::size_t) {
    chunk.push_back(value);
    if (chunk.size() == chunkSamples) {
      sink(chunk);
      chunk.clear();
    }
  });
  if (!chunk.empty())
    sink(chunk);
}

} // namespace nladc::quant
