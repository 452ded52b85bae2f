#include "report/SummaryMarkdown.hh"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>

namespace nladc::report {

std::string escapeMarkdown(std::string_view text)
{
  // What starts emphasis, code, a link or HTML anywhere in a line. An
  // underscore inside a word ("V_0") starts nothing, and stays.
  constexpr std::string_view special = "\\`*[]<>";
  const auto wordCharacter = [&text](size_t i) {
    return i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) != 0);
  };
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n' || c == '\r')
      out += ' ';
    else if (special.find(c) != std::string_view::npos ||
             (c == '_' && !(i > 0 && wordCharacter(i - 1) && wordCharacter(i + 1))))
      out += std::string("\\") + c;
    else
      out += c;
  }
  return out;
}

namespace {

// Characters, not bytes: fmt pads by characters, and "µm²" is 3 of them.
size_t characters(const std::string& text)
{
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// A table cell: '|' would end it.
std::string cell(std::string_view text)
{
  std::string out;
  for (const char c : escapeMarkdown(text))
    out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

// A line of its own: escaped, and a first character that would open a
// heading, list or quote escaped too.
std::string block(std::string_view text)
{
  constexpr std::string_view lineStart = "#+-=";
  const bool opens = !text.empty() && lineStart.find(text.front()) != std::string_view::npos;
  return (opens ? "\\" : "") + escapeMarkdown(text);
}

} // namespace

SummaryMarkdown::SummaryMarkdown(std::string_view title) : text_("# " + escapeMarkdown(title) + "\n")
{
}

void SummaryMarkdown::heading(int level, std::string_view text)
{
  text_ +=
      fmt::format("\n{} {}\n", std::string(static_cast<size_t>(std::clamp(level, 2, 3)), '#'), escapeMarkdown(text));
}

void SummaryMarkdown::paragraph(std::string_view text)
{
  text_ += "\n" + block(text) + "\n";
}

void SummaryMarkdown::table(const Table& table)
{
  // Columns padded to their widest cell, so the source reads as a table.
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<size_t> width(table.columns.size(), 3);
  for (size_t i = 0; i < table.columns.size(); ++i) {
    header.push_back(cell(table.columns[i].header));
    width[i] = std::max(width[i], characters(header[i]));
  }
  for (const std::vector<std::string>& row : table.rows) {
    std::vector<std::string> cells;
    for (size_t i = 0; i < table.columns.size(); ++i) {
      cells.push_back(i < row.size() ? cell(row[i]) : "");
      width[i] = std::max(width[i], characters(cells[i]));
    }
    rows.push_back(std::move(cells));
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out = "|";
    for (size_t i = 0; i < cells.size(); ++i)
      out += table.columns[i].numeric ? fmt::format(" {:>{}} |", cells[i], width[i])
                                      : fmt::format(" {:<{}} |", cells[i], width[i]);
    return out + "\n";
  };
  text_ += "\n";
  if (!table.caption.empty())
    text_ += block(table.caption) + "\n\n";
  text_ += line(header);
  text_ += "|";
  for (size_t i = 0; i < width.size(); ++i)
    text_ += " " + std::string(width[i] - (table.columns[i].numeric ? 1 : 0), '-') +
             (table.columns[i].numeric ? ":" : "") + " |";
  text_ += "\n";
  for (const std::vector<std::string>& row : rows)
    text_ += line(row);
}

} // namespace nladc::report
