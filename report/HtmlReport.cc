#include "report/HtmlReport.hh"

#include "report/Markup.hh"

#include <algorithm>
#include <fmt/format.h>

namespace nladc::report {

namespace {

constexpr std::string_view style = R"(
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 14px; color: #222222; margin: 24px auto;
       max-width: 1000px; padding: 0 16px; line-height: 1.45; }
h1 { font-size: 24px; } h2 { font-size: 20px; margin-top: 36px; border-bottom: 1px solid #cccccc; }
h3 { font-size: 16px; margin-top: 24px; }
figure { margin: 16px 0; } figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 13px; color: #555555; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; }
caption { text-align: left; font-weight: bold; padding: 4px 0; }
th, td { border: 1px solid #cccccc; padding: 3px 8px; }
th { background: #f2f2f2; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
nav a { margin-right: 12px; }
)";

} // namespace

HtmlReport::HtmlReport(std::string title) : title_(std::move(title))
{
}

void HtmlReport::heading(int level, std::string_view text, std::string_view anchor)
{
  const int h = std::clamp(level, 2, 3);
  if (anchor.empty()) {
    body_ += fmt::format("<h{0}>{1}</h{0}>\n", h, escapeXml(text));
    return;
  }
  body_ += fmt::format("<h{0} id=\"{1}\">{2}</h{0}>\n", h, escapeXml(anchor), escapeXml(text));
  contents_.push_back({std::string(text), std::string(anchor)});
}

void HtmlReport::paragraph(std::string_view text)
{
  body_ += fmt::format("<p>{}</p>\n", escapeXml(text));
}

void HtmlReport::links(std::string_view lead, const std::vector<Link>& links)
{
  std::string line = escapeXml(lead);
  for (size_t i = 0; i < links.size(); ++i)
    line += fmt::format("{}<a href=\"{}\">{}</a>", i == 0 ? " " : ", ", escapeXml(links[i].target),
                        escapeXml(links[i].label));
  body_ += fmt::format("<p>{}</p>\n", line);
}

void HtmlReport::figure(std::string_view svg, std::string_view caption)
{
  body_ += fmt::format("<figure>\n{}<figcaption>{}</figcaption>\n</figure>\n", svg, escapeXml(caption));
}

void HtmlReport::table(const Table& table)
{
  std::string out = "<table>\n";
  if (!table.caption.empty())
    out += fmt::format("<caption>{}</caption>\n", escapeXml(table.caption));
  out += "<thead><tr>";
  for (const Table::Column& column : table.columns)
    out += fmt::format("<th>{}</th>", escapeXml(column.header));
  out += "</tr></thead>\n<tbody>\n";
  for (const std::vector<std::string>& row : table.rows) {
    out += "<tr>";
    for (size_t i = 0; i < row.size(); ++i) {
      const bool numeric = i < table.columns.size() && table.columns[i].numeric;
      out += fmt::format("<td{}>{}</td>", numeric ? " class=\"num\"" : "", escapeXml(row[i]));
    }
    out += "</tr>\n";
  }
  body_ += out + "</tbody>\n</table>\n";
}

std::string HtmlReport::html() const
{
  std::string nav;
  if (!contents_.empty()) {
    nav = "<nav><p>Contents:";
    for (const Link& entry : contents_)
      nav += fmt::format(" <a href=\"#{}\">{}</a>", escapeXml(entry.target), escapeXml(entry.label));
    nav += "</p></nav>\n";
  }
  return fmt::format("<!DOCTYPE html>\n<html lang=\"en\" xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n"
                     "<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width\"/>\n"
                     "<title>{0}</title>\n<style>{1}</style>\n</head>\n<body>\n<h1>{0}</h1>\n{2}{3}</body>\n</html>\n",
                     escapeXml(title_), style, nav, body_);
}

} // namespace nladc::report
