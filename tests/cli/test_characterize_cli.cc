// `nladc characterize comparator` end to end, its bad inputs, and `nladc
// design --comparator` refusing a characterisation of another comparator.

#include "tests/support/Workspace.hh"

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;
using nladc::testing::isOneLine;
using nladc::testing::Run;
using nladc::testing::slurp;
using nladc::testing::Workspace;

namespace {

std::string catalogue(const std::string& name)
{
  return std::string(NLADC_TEST_DATA_DIR) + "/catalogue/" + name;
}

} // namespace

TEST_CASE("characterize comparator writes comparator.json and a table")
{
  const Workspace w;
  const fs::path dir = w.path("char");
  const Run r = w.run({"characterize", "comparator", "--tech", nladc::testing::bundledTechnology(), "--samples", "4",
                       "--seed", "3", "--jobs", "2", "-o", dir.string()});
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("offset: mean"));
  CHECK_THAT(r.out, Catch::Contains("energy per decision"));
  const nlohmann::json j = nlohmann::json::parse(slurp(dir / "comparator.json"));
  CHECK(j["format"] == "nladc-comparator");
  CHECK(j["complete"] == true);
  CHECK(j["technology"] == "generic-65nm");
  CHECK(j["seed"] == 3);
  CHECK(j["samples"] == 4);
  CHECK(j["failed"] == 0);
  CHECK(j["offsets_V"].size() == 4);
  CHECK(j["offset_sigma_V"].get<double>() > 0.0);
  CHECK(j["offset_mean_V"].is_number());
  CHECK(j["analytic_offset_sigma_V"].get<double>() == Approx(5e-3));
  CHECK(j["input_pair"]["w_m"].get<double>() == Approx(1.4e-6));
  CHECK(j["input_pair"]["l_m"].get<double>() == Approx(0.35e-6));
  CHECK(j["resolution_V"].get<double>() < 0.05 * 5e-3);
  CHECK(j["energy_per_decision_J"].get<double>() > 0.0);
  REQUIRE(j["decision_time_s"].size() == 7);
  for (const nlohmann::json& d : j["decision_time_s"])
    CHECK(d["time_s"].get<double>() > 0.0);

  // mc --comparator draws every column's offset from the characterisation.
  const Run mc = w.run({"mc", catalogue("levels.json"), "--tech", nladc::testing::bundledTechnology(), "--comparator",
                        (dir / "comparator.json").string(), "--engine", "behavioural", "--samples", "50", "-o",
                        w.path("mc").string()});
  INFO(mc.err);
  REQUIRE(mc.status == 0);
  const nlohmann::json variation = nlohmann::json::parse(slurp(w.path("mc/run.json")))["variation"];
  CHECK(variation["comparator_offset_sigma_V"] == j["offset_sigma_V"]);
  CHECK(variation["comparator_offset_mean_V"] == j["offset_mean_V"]);
  // Not with a design, whose comparators nladc design sized, nor with a σ of its own.
  for (const std::vector<std::string>& clash :
       {std::vector<std::string>{"mc", "--design", catalogue("levels.json"), "--comparator",
                                 (dir / "comparator.json").string(), "-o", w.path("mc2").string()},
        std::vector<std::string>{"mc", catalogue("levels.json"), "--tech", nladc::testing::bundledTechnology(),
                                 "--comparator", (dir / "comparator.json").string(), "--comparator-offset-sigma",
                                 "0.001", "-o", w.path("mc2").string()}}) {
    const Run refused = w.run(clash);
    CHECK(refused.status == 2);
    CHECK(isOneLine(refused.err));
    CHECK(!fs::exists(w.path("mc2")));
  }
}

TEST_CASE("characterize comparator: a technology without blocks exits 2 and writes nothing")
{
  const Workspace w;
  const fs::path dir = w.path("char");
  const Run r = w.run({"characterize", "comparator", "--tech", catalogue("tech_no_blocks.yaml"), "-o", dir.string()});
  CHECK(r.status == 2);
  CHECK(isOneLine(r.err));
  CHECK_THAT(r.err, Catch::Contains("tech_no_blocks.yaml: the technology has no blocks section"));
  CHECK_FALSE(fs::exists(dir));
}

TEST_CASE("design --comparator refuses a characterisation of another technology or input pair")
{
  const Workspace w;
  for (const auto& [file, message] :
       {std::pair{"comparator_other_tech.json", "characterised for technology 'generic-16nm', not 'generic-65nm'"},
        std::pair{"comparator_other_sizing.json", "characterised with an input pair W/L = 2/0.5 um"}}) {
    const Run r = w.run({"design", catalogue("levels.json"), "--tech", nladc::testing::bundledTechnology(),
                         "--comparator", catalogue(file), "-o", w.path("design").string()});
    CHECK(r.status == 2);
    CHECK(isOneLine(r.err));
    CHECK_THAT(r.err, Catch::Contains(message));
    CHECK_FALSE(fs::exists(w.path("design")));
  }
}

TEST_CASE("characterize front-end writes front_end.json and its bad inputs exit 2 writing nothing")
{
  const Workspace w;
  const fs::path dir = w.path("front");
  const Run r = w.run({"characterize", "front-end", "--tech", nladc::testing::bundledTechnology(), "--coupling",
                       "14.27e-15", "--samples", "2", "--seed", "5", "--jobs", "2", "-o", dir.string()});
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("offset at the column input"));
  const nlohmann::json j = nlohmann::json::parse(slurp(dir / "front_end.json"));
  CHECK(j["format"] == "nladc-front-end");
  CHECK(j["complete"] == true);
  CHECK(j["seed"] == 5);
  CHECK(j["samples"] == 2);
  CHECK(j["failed"] == 0);
  CHECK(j["offsets_V"].size() == 2);
  CHECK(j["coupling_F"].get<double>() == Approx(14.27e-15));
  CHECK(j["offset_sigma_V"].get<double>() > 0.0);
  // The preamplifier's pair is the StrongARM's, sized for the 5 mV budget.
  CHECK(j["comparator_offset_sigma_V"].get<double>() == Approx(5e-3));
  CHECK(j["sizes"]["preamp_pair"] == j["sizes"]["comparator_input_pair"]);
  CHECK(j["sizes"]["bias_current_A"].get<double>() == Approx(2e-6));

  for (const auto& [args, message] :
       {std::pair{std::vector<std::string>{"--tech", catalogue("tech_no_blocks.yaml"), "--coupling", "1e-14"},
                  std::string("tech_no_blocks.yaml: the technology has no blocks section")},
        std::pair{std::vector<std::string>{"--tech", nladc::testing::bundledTechnology(), "--coupling", "0"},
                  std::string("--coupling")},
        std::pair{std::vector<std::string>{"--tech", nladc::testing::bundledTechnology()},
                  std::string("--coupling")}}) {
    std::vector<std::string> command{"characterize", "front-end", "-o", w.path("bad").string()};
    command.insert(command.end(), args.begin(), args.end());
    const Run bad = w.run(command);
    CHECK(bad.status == 2);
    CHECK(isOneLine(bad.err));
    CHECK_THAT(bad.err, Catch::Contains(message));
    CHECK_FALSE(fs::exists(w.path("bad")));
  }
}
