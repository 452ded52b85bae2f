// `nladc area` end to end: the documented JSON, the sweep, bad input.

#include "tests/support/Synthetic.hh"
#include "tests/support/Workspace.hh"

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;
using nladc::testing::Run;
using nladc::testing::Workspace;

namespace {

const std::string tech65 = (fs::path(NLADC_EXAMPLES_DIR) / "tech" / "generic-65nm.yaml").string();

} // namespace

TEST_CASE("area prints the documented JSON with every design, its blocks and the ratios")
{
  Workspace ws;
  const fs::path acts = ws.writeF32("acts.f32", nladc::testing::reluShaped(20000, 1));
  const fs::path levels = ws.path("levels.json");
  REQUIRE(ws.run({"levels", acts.string(), "--bits", "3", "--method", "bs-kmq", "-o", levels.string()}).status == 0);

  const Run r = ws.run({"area", levels.string(), "--tech", tech65, "--format", "json"});
  REQUIRE(r.status == 0);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  REQUIRE(j.at("designs").size() == 5);
  CHECK(j["designs"][0]["name"] == "in-memory-nl-adc");
  for (const auto& d : j["designs"]) {
    CHECK(d.at("area_um2_per_column").get<double>() > 0.0);
    CHECK(d.at("blocks").is_object());
    CHECK(!d["blocks"].empty());
  }
  for (const char* baseline : {"nl-sar", "nl-flash", "sar", "sar-mse-matched"})
    CHECK(j.at("ratios").at(baseline).get<double>() > 0.0);
  CHECK(j["columns"] == 128);

  // --sweep with --data: 7 column counts and bits 2–6.
  const Run s =
      ws.run({"area", levels.string(), "--tech", tech65, "--format", "json", "--sweep", "--data", acts.string()});
  REQUIRE(s.status == 0);
  const nlohmann::json sweep = nlohmann::json::parse(s.out).at("sweep");
  CHECK(sweep.at("columns").size() == 7);
  CHECK(sweep.at("bits").size() == 5);

  const Run table = ws.run({"area", levels.string(), "--tech", tech65});
  REQUIRE(table.status == 0);
  CHECK(table.out.find("in-memory-nl-adc") != std::string::npos);
  const Run csv = ws.run({"area", levels.string(), "--tech", tech65, "--format", "csv"});
  REQUIRE(csv.status == 0);
  CHECK(csv.out.rfind("bits,columns,design,block", 0) == 0);
}

TEST_CASE("area rejects bad input with exit status 2 and one line")
{
  Workspace ws;
  const fs::path acts = ws.writeF32("acts.f32", nladc::testing::reluShaped(20000, 1));
  const fs::path levels = ws.path("levels.json");
  REQUIRE(ws.run({"levels", acts.string(), "--bits", "3", "--method", "bs-kmq", "-o", levels.string()}).status == 0);

  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"area", ws.path("missing.json").string(), "--tech", tech65},
        std::vector<std::string>{"area", levels.string(), "--tech", ws.path("missing.yaml").string()},
        std::vector<std::string>{"area", levels.string(), "--tech", tech65, "--columns", "0"},
        std::vector<std::string>{"area", levels.string(), "--tech", tech65, "--format", "xml"},
        std::vector<std::string>{"area", levels.string(), "--tech", tech65, "--data", ws.path("none.f32").string()}}) {
    const Run r = ws.run(args);
    INFO(args[1] << " " << r.err);
    CHECK(r.status == 2);
    CHECK(nladc::testing::isOneLine(r.err));
  }
}
