#pragma once

#include "report/Table.hh"

#include <string>
#include <string_view>
#include <vector>

namespace nladc::report {

// A self-contained HTML page: the style inline, the plots inline as SVG,
// no script and nothing loaded from outside the file, so it opens offline
// and can be mailed or archived as it is. Links point only into the page
// or, relative, at files beside it. The page is also well-formed XML, so a
// test can read it back with an XML parser.
class HtmlReport {
public:
  explicit HtmlReport(std::string title);

  // A heading of level 2 or 3. With an anchor it becomes the target of an
  // entry in the contents list at the top of the page.
  void heading(int level, std::string_view text, std::string_view anchor = {});
  void paragraph(std::string_view text);

  struct Link {
    std::string label;
    std::string target; // a path relative to the page
  };
  // One line: `lead` and the links after it, comma-separated.
  void links(std::string_view lead, const std::vector<Link>& links);
  // A figure: `svg` is an SvgPlot document, inlined as it is.
  void figure(std::string_view svg, std::string_view caption);
  void table(const Table& table);

  std::string html() const;

private:
  std::string title_;
  std::string body_;
  std::vector<Link> contents_; // target: the anchor
};

} // namespace nladc::report
