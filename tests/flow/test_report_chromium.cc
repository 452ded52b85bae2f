// The report as a browser shows it: Debian's headless Chromium renders
// report.html with no console message, and its screenshot is not blank.
// The checks are first shown to catch a console error and a blank page.

#include "tests/flow/DocumentChecks.hh"
#include "tests/support/Workspace.hh"

#include <catch2/catch.hpp>
#include <filesystem>

namespace fs = std::filesystem;

namespace {

using nladc::testing::readPng;
using nladc::testing::Rendering;
using nladc::testing::renderPage;
using nladc::testing::Workspace;

} // namespace

TEST_CASE("the Chromium checks see a console error and a blank page")
{
  Workspace ws;
  const fs::path page =
      ws.writeText("bad.html", "<!DOCTYPE html><html><head><meta charset=\"utf-8\"/><title>t</title></head><body>"
                               "<script>console.error(\"broken\")</script></body></html>");
  const Rendering r = renderPage(page, ws.path("bad.png"), ws.path(""), 800, 600);
  INFO(r.log);
  REQUIRE(r.status == 0);
  REQUIRE(r.console.size() == 1);
  CHECK(r.console.front().find("broken") != std::string::npos);
  const nladc::testing::Image shot = readPng(ws.path("bad.png"));
  CHECK(shot.width == 800);
  CHECK(shot.pixelsUnlikeBackground() == 0);
}

TEST_CASE("the report renders in headless Chromium without console messages, and shows its plots")
{
  Workspace ws;
  const fs::path dir = ws.path("flow-out");
  const nladc::testing::Run flow = ws.run({"flow", "--samples", "10", "-o", dir.string()});
  INFO(flow.err);
  REQUIRE(flow.status == 0);

  const Rendering r = renderPage(dir / "report.html", ws.path("report.png"), ws.path(""), 1200, 3000);
  INFO(r.log);
  REQUIRE(r.status == 0);
  CHECK(r.console.empty());
  // Chromium parsed what was written: every figure and its plot are in its DOM.
  size_t figures = 0;
  for (size_t at = r.dom.find("<figure"); at != std::string::npos; at = r.dom.find("<figure", at + 1))
    ++figures;
  CHECK(figures == 18); // six plots (distribution, error, ramp, spread, area, energy) for each of the three tensors
  CHECK(r.dom.find("<svg") != std::string::npos);

  const nladc::testing::Image shot = readPng(ws.path("report.png"));
  REQUIRE(shot.width == 1200);
  REQUIRE(shot.height == 3000);
  // Text, tables and the first tensor's plots cover far more than a few
  // percent of the first 3000 pixels of the page.
  const double inked = static_cast<double>(shot.pixelsUnlikeBackground()) / (1200.0 * 3000.0);
  CHECK(inked > 0.03);
}
