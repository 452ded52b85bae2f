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
  CHECK(csv.out.rfind("set_bits,columns,design,design_bits,block", 0) == 0);
}

TEST_CASE("area's sweeps agree with its design point")
{
  Workspace ws;
  const fs::path acts = ws.writeF32("acts.f32", nladc::testing::reluShaped(20000, 1));
  const fs::path levels = ws.path("levels.json");
  REQUIRE(ws.run({"levels", acts.string(), "--bits", "3", "--method", "bs-kmq", "-o", levels.string()}).status == 0);
  const Run r = ws.run({"area", levels.string(), "--tech", tech65, "--format", "json", "--columns", "64", "--sweep",
                        "--data", acts.string()});
  REQUIRE(r.status == 0);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  const nlohmann::json& ratios = j.at("ratios");
  // The column sweep's 64-column point and the bits sweep's 3-bit point (a
  // refit with the level file's own options) are the design point itself.
  int matches = 0;
  for (const auto& p : j.at("sweep").at("columns"))
    if (p.at("columns") == 64) {
      CHECK(p.at("ratios") == ratios);
      ++matches;
    }
  for (const auto& p : j.at("sweep").at("bits"))
    if (p.at("bits") == 3) {
      CHECK(p.at("ratios") == ratios);
      ++matches;
    }
  CHECK(matches == 2);
  // Across the column sweep every baseline's ratio grows: the in-memory
  // design's shared blocks spread over more columns, the baselines' do too
  // but are a smaller share.
  double previous = 0.0;
  for (const auto& p : j["sweep"]["columns"]) {
    const double nlSar = p.at("ratios").at("nl-sar").get<double>();
    CHECK(nlSar > previous);
    previous = nlSar;
  }
}

TEST_CASE("area's step rules order the NL-SAR's DAC as documented")
{
  Workspace ws;
  const fs::path acts = ws.writeF32("acts.f32", nladc::testing::reluShaped(20000, 1));
  const fs::path levels = ws.path("levels.json");
  REQUIRE(ws.run({"levels", acts.string(), "--bits", "3", "--method", "bs-kmq", "-o", levels.string()}).status == 0);
  auto nlSarDacBits = [&](const char* rule) {
    const Run r = ws.run({"area", levels.string(), "--tech", tech65, "--format", "json", "--step-rule", rule});
    REQUIRE(r.status == 0);
    const nlohmann::json j = nlohmann::json::parse(r.out);
    CHECK(j.at("step_rule") == rule);
    return j.at("designs").at(1).at("dac_bits").get<int>();
  };
  // "smallest" is the strictest reading: every threshold at the narrowest bin.
  const int smallest = nlSarDacBits("smallest");
  CHECK(smallest >= nlSarDacBits("interior"));
  CHECK(smallest >= nlSarDacBits("local"));
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
        std::vector<std::string>{"area", levels.string(), "--tech", tech65, "--data", ws.path("none.f32").string()},
        std::vector<std::string>{"area", levels.string(), "--tech", tech65, "--tensor", "conv1.relu"},
        std::vector<std::string>{"area", levels.string(), "--tech", tech65, "--step-rule", "widest"}}) {
    const Run r = ws.run(args);
    INFO(args[1] << " " << r.err);
    CHECK(r.status == 2);
    CHECK(nladc::testing::isOneLine(r.err));
  }
}

TEST_CASE("area reproduces docs/area.md's design point on the bundled example")
{
  // The table "Results at the design point" (3 bits, 128 columns, generic
  // 65 nm, BS-KMQ on examples/activations.npz): a golden regression of the
  // documented figures, to two decimals of each ratio.
  struct Documented {
    const char* set;
    double inMemory; // µm² per column
    double nlSar, nlFlash, sar, matched;
    int dacBits, matchedBits;
  };
  const Documented documented[] = {{"conv1.relu", 89.15, 5.61, 3.76, 1.40, 2.33, 8, 5},
                                   {"block2.relu6", 87.89, 3.23, 2.32, 1.42, 1.85, 6, 4},
                                   {"fc1.relu", 88.87, 4.08, 3.65, 1.40, 2.34, 7, 5}};
  Workspace ws;
  const std::string acts = (fs::path(NLADC_EXAMPLES_DIR) / "activations.npz").string();
  const fs::path levels = ws.path("levels.json");
  REQUIRE(ws.run({"levels", acts, "--bits", "3", "--method", "bs-kmq", "-o", levels.string()}).status == 0);
  for (const Documented& d : documented) {
    const Run r =
        ws.run({"area", levels.string(), "--set", d.set, "--tech", tech65, "--data", acts, "--format", "json"});
    REQUIRE(r.status == 0);
    const nlohmann::json j = nlohmann::json::parse(r.out);
    const nlohmann::json& ratios = j.at("ratios");
    INFO(d.set << ": " << r.out);
    CHECK(j["designs"][0]["area_um2_per_column"].get<double>() == Approx(d.inMemory).margin(0.005));
    CHECK(ratios["nl-sar"].get<double>() == Approx(d.nlSar).margin(0.005));
    CHECK(ratios["nl-flash"].get<double>() == Approx(d.nlFlash).margin(0.005));
    CHECK(ratios["sar"].get<double>() == Approx(d.sar).margin(0.005));
    CHECK(ratios["sar-mse-matched"].get<double>() == Approx(d.matched).margin(0.005));
    CHECK(j["designs"][1]["dac_bits"] == d.dacBits);
    CHECK(j["designs"][4]["bits"] == d.matchedBits);
  }
}
