#include "quant/LevelFileReader.hh"
#include "quant/LevelFileWriter.hh"
#include "util/Error.hh"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

using namespace nladc::quant;
using nlohmann::json;

namespace {

LevelSet example()
{
  LevelSet set;
  set.name = "layer3.relu";
  set.method = "bs-kmq";
  set.bits = 3;
  set.domain = {0.0, 6.0};
  set.levels = {0.0, 0.41, 0.97, 1.62, 2.38, 3.27, 4.41, 6.0};
  set.thresholds = midpoints(set.levels);
  set.params = {{"seed", 1}, {"boundary_eps", 0.001}};
  set.source = SampleSource{"acts.npz", "layer3.relu", 1000000};
  set.metrics = {{"mse", 0.0123}, {"sqnr_db", 24.1}};
  return set;
}

json exampleJson()
{
  return json::parse(formatLevelFile({example()}));
}

// The message of the InputError that parsing `doc` throws.
std::string errorOf(const json& doc)
{
  try {
    parseLevelFile(doc.dump(), "l.json");
  } catch (const nladc::InputError& e) {
    return e.what();
  }
  return "no error";
}

} // namespace

TEST_CASE("a level file round-trips, single and multi-set")
{
  const std::vector<LevelSet> one = parseLevelFile(formatLevelFile({example()}), "l.json");
  REQUIRE(one.size() == 1);
  CHECK(one[0].levels == example().levels);
  CHECK(one[0].thresholds == example().thresholds);
  CHECK(one[0].source->samples == 1000000);
  CHECK(one[0].metrics["mse"] == 0.0123);

  LevelSet second = example();
  second.method = "linear";
  second.levels = {0.375, 1.125, 1.875, 2.625, 3.375, 4.125, 4.875, 5.625};
  second.thresholds = midpoints(second.levels);
  const std::string text = formatLevelFile({example(), second});
  CHECK(json::parse(text).contains("sets"));
  const std::vector<LevelSet> two = parseLevelFile(text, "l.json");
  REQUIRE(two.size() == 2);
  CHECK(two[1].method == "linear");
  CHECK(two[1].levels == second.levels);
}

TEST_CASE("level files are written atomically")
{
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "nladc_level_file_test";
  std::filesystem::create_directories(dir);
  const std::filesystem::path path = dir / "levels.json";
  writeLevelFile(path, {example()});
  CHECK(readLevelFile(path).size() == 1);

  // A set that fails validation leaves the existing file as it was.
  LevelSet bad = example();
  bad.levels[3] = 0.1;
  CHECK_THROWS_AS(writeLevelFile(path, {bad}), nladc::InputError);
  CHECK(readLevelFile(path)[0].levels == example().levels);
  size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir))
    ++files;
  CHECK(files == 1);
  std::filesystem::remove_all(dir);
}

TEST_CASE("every violation names the file, the field and the index")
{
  json doc = exampleJson();

  SECTION("non-monotonic levels")
  {
    doc["levels"][3] = 0.5;
    CHECK(errorOf(doc) == "l.json: levels[3]: 0.5 is not above levels[2] = 0.97");
  }
  SECTION("a null (NaN) level")
  {
    doc["levels"][2] = nullptr;
    CHECK(errorOf(doc) == "l.json: levels[2]: must be a number");
  }
  SECTION("a NaN token is not JSON")
  {
    std::string text = doc.dump();
    text.replace(text.find("0.97"), 4, "NaN");
    CHECK_THROWS_WITH(parseLevelFile(text, "l.json"), Catch::StartsWith("l.json: not valid JSON"));
  }
  SECTION("a threshold outside its levels")
  {
    doc["thresholds"][1] = 1.0;
    CHECK(errorOf(doc) == "l.json: thresholds[1]: 1 is not strictly between levels[1] = 0.41 and levels[2] = 0.97");
  }
  SECTION("missing fields")
  {
    for (const char* field : {"name", "method", "bits", "domain", "levels", "thresholds"}) {
      json d = doc;
      d.erase(field);
      CHECK(errorOf(d) == std::string("l.json: ") + field + ": missing");
    }
    doc["domain"].erase("hi");
    CHECK(errorOf(doc) == "l.json: domain.hi: missing");
  }
  SECTION("an over-long name")
  {
    doc["name"] = std::string(65, 'a');
    CHECK(errorOf(doc) == "l.json: name: must be 1 to 64 characters of [A-Za-z0-9_.:-]");
  }
  SECTION("control characters and deck syntax in names")
  {
    for (const char* name : {"a\nb", "x\r.control", "tab\there", "a b", "a;shell", "$(rm)", "", "caf\xc3\xa9"}) {
      doc["name"] = name;
      INFO(name);
      CHECK(errorOf(doc) == "l.json: name: must be 1 to 64 characters of [A-Za-z0-9_.:-]");
    }
  }
  SECTION("bits that do not fit the level count")
  {
    doc["bits"] = 4;
    CHECK(errorOf(doc) == "l.json: bits: 4 does not fit 8 levels (expected 3)");
  }
  SECTION("wrong count of thresholds")
  {
    doc["thresholds"].erase(doc["thresholds"].size() - 1);
    CHECK(errorOf(doc) == "l.json: thresholds: 6 given, 8 levels need 7");
  }
  SECTION("one level")
  {
    doc["levels"] = json::array({1.0});
    doc["thresholds"] = json::array();
    CHECK(errorOf(doc) == "l.json: levels: 1 level(s); at least 2 are needed");
  }
  SECTION("a level outside the domain")
  {
    doc["domain"]["hi"] = 5.0;
    CHECK(errorOf(doc) == "l.json: levels[7]: 6 is outside the domain [0, 5]");
  }
  SECTION("wrong types, unknown fields, wrong format")
  {
    json d = doc;
    d["bits"] = "3";
    CHECK(errorOf(d) == "l.json: bits: must be an integer");
    d = doc;
    d["levles"] = json::array();
    CHECK(errorOf(d) == "l.json: levles: unknown field");
    d = doc;
    d["format"] = "other";
    CHECK(errorOf(d) == "l.json: format: must be \"nladc-levels\"");
    d = doc;
    d["version"] = 2;
    CHECK(errorOf(d) == "l.json: version: only version 1 is known");
    d = doc;
    d["metrics"]["mse"] = "low";
    CHECK(errorOf(d) == "l.json: metrics.mse: must be a number or null");
    CHECK(errorOf(json::array()) == "l.json: must be a JSON object");
  }
  SECTION("multi-set files name the set")
  {
    json multi = {{"format", "nladc-levels"}, {"version", 1}, {"sets", json::array()}};
    CHECK(errorOf(multi) == "l.json: sets: must be a non-empty array of level sets");
    json set = doc;
    set.erase("format");
    set.erase("version");
    multi["sets"].push_back(set);
    json broken = set;
    broken["levels"][5] = 4.5;
    multi["sets"].push_back(broken);
    CHECK(errorOf(multi) == "l.json: sets[1].levels[6]: 4.41 is not above levels[5] = 4.5");
    multi["sets"][1] = set;
    CHECK(errorOf(multi) == "l.json: sets[1]: a second set named 'layer3.relu' with method 'bs-kmq'");
  }
}
