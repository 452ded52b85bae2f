#pragma once

#include "report/Table.hh"

#include <string>
#include <string_view>

namespace nladc::report {

// A Markdown document for terminals and code review: headings, paragraphs
// and pipe tables (GitHub's dialect), readable as plain text too. Text is
// escaped, so a name with '|' or '*' cannot break a table or turn bold.
class SummaryMarkdown {
public:
  explicit SummaryMarkdown(std::string_view title);

  void heading(int level, std::string_view text); // level 2 or 3
  void paragraph(std::string_view text);
  void table(const Table& table);

  const std::string& markdown() const { return text_; }

private:
  std::string text_;
};

// `text` as literal inline Markdown: the characters that start emphasis,
// code, links or HTML backslash-escaped, line breaks turned into spaces.
// (Table cells also escape '|', and paragraphs a first character that
// would open a heading or a list.)
std::string escapeMarkdown(std::string_view text);

} // namespace nladc::report
