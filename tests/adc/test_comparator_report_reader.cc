// adc/ComparatorReportReader: the one reader of comparator.json, for
// design, mc and area. What the characterisation could not measure is
// null, and refused by name only where it is needed.

#include "adc/ComparatorReportReader.hh"
#include "tests/support/TempDir.hh"
#include "util/Error.hh"

#include <catch2/catch.hpp>
#include <fstream>
#include <string>

using namespace nladc;

namespace {

std::filesystem::path written(const testing::TempDir& dir, const std::string& name, const std::string& text)
{
  const std::filesystem::path file = dir.path() / name;
  std::ofstream(file) << text;
  return file;
}

std::string report(const std::string& sigma, const std::string& mean, const std::string& energy)
{
  return R"({"format": "nladc-comparator", "version": 1, "complete": true, "technology": "generic-65nm",
             "input_pair": {"w_m": 1.4e-6, "l_m": 3.5e-7}, "analytic_offset_sigma_V": 0.005,
             "offset_sigma_V": )" +
         sigma + R"(, "offset_mean_V": )" + mean + R"(, "energy_per_decision_J": )" + energy + "}";
}

} // namespace

TEST_CASE("a comparator.json reads back every number it holds, and a null only where it is not needed")
{
  const testing::TempDir dir;
  const adc::CharacterizedComparator c =
      adc::readComparatorReport(written(dir, "full.json", report("0.0074", "-0.0002", "1.55e-14")));
  CHECK(c.technology == "generic-65nm");
  CHECK(c.inputWidth == 1.4e-6);
  CHECK(c.inputLength == 3.5e-7);
  CHECK(c.analyticOffsetSigma == 0.005);
  CHECK(c.sigma() == 0.0074);
  CHECK(c.mean() == -0.0002);
  CHECK(c.energy() == 1.55e-14);

  const adc::CharacterizedComparator noEnergy =
      adc::readComparatorReport(written(dir, "no-energy.json", report("0.0074", "0.0", "null")));
  CHECK(noEnergy.sigma() == 0.0074);
  CHECK_THROWS_WITH(noEnergy.energy(), Catch::EndsWith("no-energy.json: energy_per_decision_J: not measured (null)"));
  const adc::CharacterizedComparator noOffset =
      adc::readComparatorReport(written(dir, "no-offset.json", report("null", "null", "1e-14")));
  CHECK(noOffset.energy() == 1e-14);
  CHECK_THROWS_WITH(noOffset.sigma(), Catch::Contains("offset_sigma_V: not measured"));
  CHECK_THROWS_WITH(noOffset.mean(), Catch::Contains("offset_mean_V: not measured"));
}

TEST_CASE("a comparator.json that is not one is refused naming the file and the field")
{
  const testing::TempDir dir;
  const std::vector<std::pair<std::string, std::string>> cases{
      {"not json", "not JSON"},
      {R"({"format": "nladc-levels"})", "'format' is not nladc-comparator"},
      {report("-0.001", "0", "1e-14"), "'offset_sigma_V' must be a number above 0 or null"},
      {report("0.001", "\"x\"", "1e-14"), "'offset_mean_V' must be a number or null"},
      {report("0.001", "0", "0"), "'energy_per_decision_J' must be a number above 0 or null"},
      {R"({"format": "nladc-comparator", "version": 1, "complete": false})", "stopped before it finished"},
      {R"({"format": "nladc-comparator", "version": 1, "complete": true, "technology": "t", "input_pair": {}})",
       "'input_pair.w_m' is missing"}};
  int k = 0;
  for (const auto& [text, says] : cases) {
    const std::filesystem::path file = written(dir, "case" + std::to_string(k++) + ".json", text);
    INFO(text);
    CHECK_THROWS_AS(adc::readComparatorReport(file), InputError);
    CHECK_THROWS_WITH(adc::readComparatorReport(file),
                      Catch::StartsWith(file.string() + ": ") && Catch::Contains(says));
  }
}
