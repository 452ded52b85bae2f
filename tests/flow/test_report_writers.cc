// report/: the SVG chart writer, the HTML page and the Markdown summary, on
// hostile text and awkward data. Every document must stay well-formed.

#include "report/HtmlReport.hh"
#include "report/Markup.hh"
#include "report/SummaryMarkdown.hh"
#include "report/SvgPlot.hh"
#include "tests/flow/DocumentChecks.hh"

#include <catch2/catch.hpp>
#include <cmath>
#include <regex>

namespace {

using nladc::report::Marker;
using nladc::report::Scale;
using nladc::report::SvgPlot;
using nladc::testing::countElements;
using nladc::testing::XmlDocument;

const std::string hostile = "<script>alert(\"x\")</script> \"&' name";

// The texts of a document's <text> elements.
std::vector<std::string> texts(const XmlDocument& doc)
{
  std::vector<std::string> all;
  for (const XmlDocument::Element& e : doc.elements())
    if (e.name == "text")
      all.push_back(e.text);
  return all;
}

bool contains(const std::vector<std::string>& all, const std::string& text)
{
  return std::find(all.begin(), all.end(), text) != all.end();
}

// The tick labels a plot shows, as numbers (the texts that are numbers).
std::vector<double> numericLabels(const XmlDocument& doc)
{
  std::vector<double> numbers;
  for (const std::string& t : texts(doc)) {
    char* end = nullptr;
    const double v = std::strtod(t.c_str(), &end);
    if (!t.empty() && end == t.c_str() + t.size())
      numbers.push_back(v);
  }
  return numbers;
}

} // namespace

TEST_CASE("escapeXml keeps markup, quotes and broken UTF-8 as text")
{
  using nladc::report::escapeXml;
  CHECK(escapeXml("<a href=\"x\">&'</a>") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
  CHECK(escapeXml("µm² ± σ") == "µm² ± σ");
  const std::string replacement = "\xEF\xBF\xBD";
  CHECK(escapeXml("a\x01"
                  "b") == "a" + replacement + "b");
  CHECK(escapeXml("tab\tnewline\n") == "tab\tnewline\n");
  CHECK(escapeXml("\xFF\xC3") == replacement + replacement);                   // not UTF-8; a truncated sequence
  CHECK(escapeXml("\xC0\xAF") == replacement + replacement);                   // an overlong '/'
  CHECK(escapeXml("\xED\xA0\x80") == replacement + replacement + replacement); // a surrogate
  CHECK(escapeXml("\xEF\xBF\xBF") == replacement + replacement + replacement); // U+FFFF
}

TEST_CASE("SvgPlot escapes every text it is given")
{
  SvgPlot plot(hostile);
  plot.xAxis().label = hostile;
  plot.yAxis().label = "y & <z>";
  plot.xAxis().categories = {hostile, "b\"&"};
  plot.bars(hostile, {0.0, 1.0}, {1.0, 2.0}, 0.5).colour = "\"><script>x</script>";
  plot.line("line \xFF broken", {0.0, 1.0}, {0.5, 1.5});
  const std::string svg = plot.svg();
  const XmlDocument doc(svg);
  REQUIRE(doc.wellFormed());
  CHECK(doc.rootName() == "svg");
  CHECK(countElements(doc, "script") == 0);
  const std::vector<std::string> all = texts(doc);
  CHECK(contains(all, hostile)); // the title, a category, the legend: literal text
  CHECK(contains(all, "b\"&"));
  CHECK(contains(all, "y & <z>"));
  CHECK(contains(all, "line \xEF\xBF\xBD broken"));
  for (const XmlDocument::Element& e : doc.elements())
    if (e.name == "title")
      CHECK(e.text == hostile);
}

TEST_CASE("SvgPlot ranges: from the data, given, degenerate and empty")
{
  SECTION("the data's range widened to whole ticks")
  {
    SvgPlot plot("t");
    plot.line("", {0.0, 6.0}, {0.13, 0.87});
    const XmlDocument doc(plot.svg());
    REQUIRE(doc.wellFormed());
    const std::vector<double> ticks = numericLabels(doc);
    for (const double expected : {0.0, 2.0, 4.0, 6.0, 0.2, 0.4, 0.6, 0.8})
      CHECK(std::count(ticks.begin(), ticks.end(), expected) >= 1);
    // 0.13 … 0.87 widens to 0 … 1, not beyond.
    CHECK(*std::max_element(ticks.begin(), ticks.end()) == 6.0);
    CHECK(std::count(ticks.begin(), ticks.end(), 1.0) == 1);
    CHECK(std::count(ticks.begin(), ticks.end(), 1.2) == 0);
  }
  SECTION("given ends are kept, and data beyond them is clipped by the plot's viewport")
  {
    SvgPlot plot("t");
    plot.xAxis().min = -0.5;
    plot.xAxis().max = 2.5;
    plot.line("", {-10.0, 10.0}, {0.0, 1.0});
    const std::string svg = plot.svg();
    const XmlDocument doc(svg);
    REQUIRE(doc.wellFormed());
    const std::vector<double> ticks = numericLabels(doc);
    CHECK(std::count(ticks.begin(), ticks.end(), -10.0) == 0);
    CHECK(std::count(ticks.begin(), ticks.end(), 2.0) == 1);
    CHECK(svg.find("overflow=\"hidden\"") != std::string::npos);
  }
  SECTION("one value, all zeros, or no data at all still give a range and ticks")
  {
    for (const std::vector<double>& ys : std::vector<std::vector<double>>{{5.0, 5.0}, {0.0, 0.0}, {NAN, NAN}, {}}) {
      SvgPlot plot("t");
      std::vector<double> xs(ys.size(), 1.0);
      plot.markers("m", xs, ys);
      const std::string svg = plot.svg();
      const XmlDocument doc(svg);
      REQUIRE(doc.wellFormed());
      const std::vector<double> ticks = numericLabels(doc);
      CHECK(ticks.size() >= 4);
      for (const double t : ticks)
        CHECK(std::isfinite(t));
      if (!ys.empty() && std::isfinite(ys.front())) { // the value itself lies inside the range
        CHECK(*std::min_element(ticks.begin(), ticks.end()) < ys.front());
        CHECK(*std::max_element(ticks.begin(), ticks.end()) > ys.front());
      }
    }
  }
  SECTION("a log axis spans whole decades and ignores what it cannot show")
  {
    SvgPlot plot("t");
    plot.xAxis().categories = {"zero", "negative", "three", "2000"};
    plot.yAxis().scale = Scale::log;
    plot.bars("", {0.0, 1.0, 2.0, 3.0}, {0.0, -3.0, 3.0, 2000.0}, 0.8);
    const XmlDocument doc(plot.svg());
    REQUIRE(doc.wellFormed());
    const std::vector<double> ticks = numericLabels(doc);
    for (const double decade : {1.0, 10.0, 100.0, 1000.0, 10000.0})
      CHECK(std::count(ticks.begin(), ticks.end(), decade) == 1);
    // Two bars drawn (3 and 2000), not the zero or the negative one.
    size_t bars = 0;
    for (const XmlDocument::Element& e : doc.elements())
      bars += e.name == "rect" && e.attributes.count("fill") && e.attributes.at("fill") == "#0072B2" ? 1 : 0;
    CHECK(bars == 2);
  }
}

TEST_CASE("SvgPlot leaves out points that are not numbers and breaks lines there")
{
  SvgPlot plot("t");
  plot.line("l", {0.0, 1.0, 2.0, 3.0, 4.0}, {1.0, 2.0, NAN, 2.0, 1.0});
  plot.markers("m", {0.0, INFINITY, 2.0}, {1.0, 1.0, NAN});
  plot.errorBars("e", {1.0, 2.0}, {0.5, NAN}, {1.5, 1.0});
  const std::string svg = plot.svg();
  const XmlDocument doc(svg);
  REQUIRE(doc.wellFormed());
  CHECK(countElements(doc, "polyline") == 2);
  // One marker in the plot (the legend draws one more).
  CHECK(countElements(doc, "circle") == 2);
  CHECK(!std::regex_search(svg, std::regex(R"(\b(nan|inf)\b)", std::regex::icase)));
}

TEST_CASE("SvgPlot::stacked lines plots up under one document")
{
  SvgPlot top("top");
  top.line("", {0.0, 1.0}, {0.0, 1000.0});
  SvgPlot bottom("bottom");
  bottom.yAxis().categories = {"a-long-category-name", "b"};
  bottom.markers("legend entry", {0.0, 1.0}, {0.0, 1.0}, Marker::tick);
  const XmlDocument doc(SvgPlot::stacked({&top, &bottom}));
  REQUIRE(doc.wellFormed());
  // The outer document and one viewport per plot, each with its own plot-area viewport.
  CHECK(countElements(doc, "svg") == 5);
  // One left margin for both: their plot frames start at the same x.
  std::vector<std::string> frameX;
  for (const XmlDocument::Element& e : doc.elements())
    if (e.name == "rect" && e.attributes.count("stroke") && e.attributes.at("fill") == "none")
      frameX.push_back(e.attributes.at("x"));
  REQUIRE(frameX.size() == 2);
  CHECK(frameX[0] == frameX[1]);
}

TEST_CASE("HtmlReport is one well-formed page with escaped text and inline figures")
{
  nladc::report::HtmlReport page(hostile);
  page.heading(2, hostile, "tensor-x");
  page.paragraph("a & b < c");
  page.links("Files:", {{"deck \"x\"", "netlist/x.sp"}});
  SvgPlot plot("p");
  plot.line("", {0.0, 1.0}, {0.0, 1.0});
  page.figure(plot.svg(), "caption <b>");
  page.table({"caption", {{"name", false}, {"value", true}}, {{hostile, "1.5"}}});
  const std::string html = page.html();
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  const XmlDocument doc(html);
  REQUIRE(doc.wellFormed());
  CHECK(countElements(doc, "script") == 0);
  CHECK(countElements(doc, "svg") == 2); // the figure and its plot-area viewport
  CHECK(countElements(doc, "b") == 0);
  std::vector<std::string> hrefs;
  for (const XmlDocument::Element& e : doc.elements()) {
    if (e.attributes.count("href"))
      hrefs.push_back(e.attributes.at("href"));
    if (e.name == "td" && e.text == "1.5")
      CHECK(e.attributes.at("class") == "num");
  }
  CHECK(hrefs == std::vector<std::string>{"#tensor-x", "netlist/x.sp"});
}

TEST_CASE("SummaryMarkdown escapes what would break a table or turn into markup")
{
  nladc::report::SummaryMarkdown md("title *x*");
  md.paragraph("# not a heading; V_0 stays, _this_ does not; |INL|");
  md.table({"", {{"name", false}, {"µm² per column", true}}, {{"a|b *c*", "-1.5"}}});
  const std::string text = md.markdown();
  CHECK(text.find("# title \\*x\\*\n") == 0);
  CHECK(text.find("\\# not a heading; V_0 stays, \\_this\\_ does not; |INL|") != std::string::npos);
  CHECK(text.find("| a\\|b \\*c\\* |") != std::string::npos);
  CHECK(text.find(" -1.5 |") != std::string::npos); // a number's sign is left alone in a cell
  CHECK(text.find("\\-1.5") == std::string::npos);
  // The header and delimiter rows line up in characters, the numeric column right-aligned.
  CHECK(text.find("| name       | µm² per column |\n| ---------- | -------------: |") != std::string::npos);
}
