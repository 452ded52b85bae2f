// End-to-end tests of `nladc campaign`: a 2 × 1 × 2 × 1 campaign in real
// ngspice whose table and runs match the individual mc runs, a campaign
// stopped by SIGINT and resumed, and bad specifications.

#include "tests/support/Synthetic.hh"
#include "tests/support/Workspace.hh"

#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

using nladc::testing::isOneLine;
using nladc::testing::lineCount;
using nladc::testing::Run;
using nladc::testing::slurp;
using nladc::testing::Workspace;

const std::string tech = nladc::testing::bundledTechnology();

// Two 2-bit level files (small decks) and the data, in the workspace.
void writeInputs(const Workspace& ws)
{
  ws.writeF32("acts.f32", nladc::testing::reluShaped(20000, 5));
  for (const char* method : {"bs-kmq", "linear"})
    REQUIRE(ws.run({"levels", ws.path("acts.f32").string(), "--bits", "2", "--method", method, "-o",
                    ws.path(std::string(method) + ".json").string()})
                .status == 0);
}

std::string spec(uint64_t samples)
{
  return "format: nladc-campaign\n"
         "version: 1\n"
         "seed: 7\n"
         "columns: 4\n"
         "data: acts.f32\n"
         "samples: [" +
         std::to_string(samples) +
         "]\n"
         "levels:\n"
         "  - {name: bskmq, file: bs-kmq.json}\n"
         "  - {name: linear, file: linear.json}\n"
         "technologies:\n"
         "  - {name: g65, file: " +
         tech +
         "}\n"
         "corners:\n"
         "  - {name: nominal}\n"
         "  - name: tight\n"
         "    comparator_offset_sigma: 1 mV\n"
         "    gain_sigma: 0.001\n";
}

const std::vector<std::string> combinations = {"bskmq.g65.nominal.n6", "bskmq.g65.tight.n6", "linear.g65.nominal.n6",
                                               "linear.g65.tight.n6"};

} // namespace

TEST_CASE("campaign runs every combination as its mc run, and resumes after a stop")
{
  Workspace ws;
  writeInputs(ws);
  const fs::path specFile = ws.writeText("campaign.yaml", spec(6));
  const fs::path whole = ws.path("whole");
  const Run r = ws.run({"campaign", specFile.string(), "-o", whole.string(), "--jobs", "2"});
  REQUIRE(r.status == 0);
  const nlohmann::json table = nlohmann::json::parse(slurp(whole / "campaign.json"));
  CHECK(table["complete"] == true);
  REQUIRE(table["runs"].size() == 4);
  CHECK(lineCount(whole / "campaign.csv") == 5);
  CHECK(r.out == slurp(whole / "campaign.csv"));
  for (size_t i = 0; i < combinations.size(); ++i) {
    INFO(combinations[i]);
    const nlohmann::json& row = table["runs"][i];
    CHECK(row["combination"] == combinations[i]);
    const nlohmann::json summary = nlohmann::json::parse(slurp(whole / combinations[i] / "summary.json"));
    CHECK(row["yield"] == summary["yield"]);
    CHECK(row["effective_mse_mean"] == summary["effective_mse"]["mean"]);
    CHECK(row["effective_mse_p95"] == summary["effective_mse"]["p95"]);
    CHECK(row["done"] == 6);
    CHECK(row["failed"] == summary["samples"]["failed"]);
    CHECK(row["aborted"] == summary["samples"]["aborted"]);
  }
  // Columns keep their places: `aborted`, added later, is the last.
  const std::string csv = slurp(whole / "campaign.csv");
  CHECK(csv.substr(0, csv.find('\n')) ==
        "combination,levels,technology,corner,samples,seed,complete,done,ok,failed,yield,yield_counting_failed,"
        "max_abs_inl_p95,effective_mse_mean,effective_mse_p95,ideal_mse,aborted");
  // The corners are the mc flags of the same name: each is one mc run.
  const std::vector<std::vector<std::string>> cornerFlags = {
      {}, {"--comparator-offset-sigma", "0.001", "--gain-sigma", "0.001"}};
  for (size_t corner = 0; corner < 2; ++corner) {
    std::vector<std::string> args = {"mc",        ws.path("linear.json").string(),
                                     "--tech",    tech,
                                     "--data",    ws.path("acts.f32").string(),
                                     "--samples", "6",
                                     "--seed",    "7",
                                     "--columns", "4",
                                     "-o",        ws.path("single" + std::to_string(corner)).string()};
    args.insert(args.end(), cornerFlags[corner].begin(), cornerFlags[corner].end());
    REQUIRE(ws.run(args).status == 0);
    CHECK(slurp(ws.path("single" + std::to_string(corner)) / "summary.json") ==
          slurp(whole / combinations[2 + corner] / "summary.json"));
  }
  // The tight corner shows: smaller threshold spread than nominal.
  CHECK(table["runs"][1]["max_abs_inl_p95"].get<double>() < table["runs"][0]["max_abs_inl_p95"].get<double>());

  // The same campaign, stopped by SIGINT in its first combination.
  const fs::path cut = ws.path("cut");
  const fs::path first = cut / combinations[0] / "samples.csv";
  CHECK(ws.interrupted(
            {"campaign", specFile.string(), "-o", cut.string(), "--jobs", "1"},
            [&] { return fs::exists(first) && lineCount(first) >= 3; }, std::chrono::seconds(30)) == 128 + SIGINT);
  const nlohmann::json partial = nlohmann::json::parse(slurp(cut / "campaign.json"));
  CHECK(partial["complete"] == false);
  CHECK(!fs::exists(cut / combinations[3]));
  // Without --resume a started combination is not overwritten.
  Run again = ws.run({"campaign", specFile.string(), "-o", cut.string()});
  CHECK(again.status == 2);
  CHECK(again.err.find("--resume") != std::string::npos);
  again = ws.run({"campaign", specFile.string(), "-o", cut.string(), "--jobs", "2", "--resume"});
  REQUIRE(again.status == 0);
  CHECK(slurp(cut / "campaign.csv") == slurp(whole / "campaign.csv"));
  CHECK(slurp(cut / "campaign.json") == slurp(whole / "campaign.json"));
}

TEST_CASE("campaign refuses bad specifications with one line naming the file and the key")
{
  Workspace ws;
  writeInputs(ws);
  const std::string good = spec(2);
  auto replaced = [&](const std::string& from, const std::string& to) {
    std::string text = good;
    const size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
  };
  const std::vector<std::pair<std::string, std::string>> cases = {
      {replaced("seed: 7", "sede: 7"), "sede: unknown key"},
      {replaced("format: nladc-campaign", "format: nladc-technology"), "format:"},
      {replaced("samples: [2]", "samples: [0]"), "samples[0]:"},
      {replaced("samples: [2]", "samples: []"), "samples:"},
      {replaced("file: bs-kmq.json", "file: missing.json"), "levels[0].file: file"},
      {replaced("name: bskmq", "name: ../escape"), "levels[0].name:"},
      {replaced("name: linear", "name: bskmq"), "levels[1].name:"},
      {replaced("name: g65", "name: 'a;rm -rf'"), "technologies[0].name:"},
      {replaced("comparator_offset_sigma: 1 mV", "comparator_offset_sigma: 1 uS"),
       "corners[1].comparator_offset_sigma:"},
      {replaced("gain_sigma: 0.001", "gain_sigma: -1"), "corners[1].gain_sigma:"},
      {replaced("  - {name: nominal}", "  - {name: nominal, vread: 3}"), "corners[0].vread: unknown key"},
      {replaced("columns: 4", "columns: many"), "columns:"},
      {replaced("levels:", "levels: 3\nx:"), "x: unknown key"},
      {"format: [", "line "},
  };
  for (const auto& [text, expected] : cases) {
    const fs::path file = ws.writeText("bad.yaml", text);
    const Run r = ws.run({"campaign", file.string(), "-o", ws.path("out").string()});
    INFO(text);
    CHECK(r.status == 2);
    CHECK(isOneLine(r.err));
    CHECK(r.err.find(file.string()) != std::string::npos);
    CHECK(r.err.find(expected) != std::string::npos);
  }
  CHECK(!fs::exists(ws.path("out")));
  const Run missing = ws.run({"campaign", ws.path("nope.yaml").string()});
  CHECK(missing.status == 2);
  CHECK(isOneLine(missing.err));
}
