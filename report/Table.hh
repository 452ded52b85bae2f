#pragma once

#include <string>
#include <vector>

namespace nladc::report {

// A table as both documents show it: the HTML report and the Markdown
// summary render the same rows, so their numbers cannot disagree. Cells are
// plain text (each renderer escapes them); numeric columns align right.
struct Table {
  struct Column {
    std::string header;
    bool numeric = false;
  };
  std::string caption;
  std::vector<Column> columns;
  std::vector<std::vector<std::string>> rows;
};

} // namespace nladc::report
