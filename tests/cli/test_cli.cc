// End-to-end tests of the nladc executable: exit status, stdout, stderr.

#include "quant/LevelFileReader.hh"
#include "quant/Metrics.hh"
#include "tests/support/Synthetic.hh"
#include "tests/support/Workspace.hh"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <sys/wait.h>

namespace fs = std::filesystem;

namespace {

using nladc::testing::Run;
using nladc::testing::Workspace;

} // namespace

TEST_CASE("levels writes a valid level file for one method and for all")
{
  Workspace ws;
  const fs::path acts = ws.writeF32("acts.f32", nladc::testing::reluShaped(20000, 1));
  const fs::path out = ws.path("levels.json");

  Run r = ws.run({"levels", acts.string(), "--bits", "3", "--method", "bs-kmq", "-o", out.string()});
  REQUIRE(r.status == 0);
  CHECK(r.err.empty());
  std::vector<nladc::quant::LevelSet> sets = nladc::quant::readLevelFile(out);
  REQUIRE(sets.size() == 1);
  CHECK(sets[0].name == "acts");
  CHECK(sets[0].method == "bs-kmq");
  CHECK(sets[0].levels.size() == 8);
  CHECK(sets[0].source->samples == 20000);
  CHECK(sets[0].metrics.contains("mse_interior"));

  r = ws.run({"levels", acts.string(), "--bits", "2", "--method", "all", "-o", out.string()});
  REQUIRE(r.status == 0);
  sets = nladc::quant::readLevelFile(out);
  REQUIRE(sets.size() == 6);
  for (const auto& set : sets)
    CHECK(set.bits == 2);

  // Without -o the level file goes to stdout.
  r = ws.run({"levels", acts.string(), "-b", "2", "-m", "linear"});
  REQUIRE(r.status == 0);
  CHECK(nladc::quant::parseLevelFile(r.out, "stdout")[0].method == "linear");
}

TEST_CASE("levels streams batches as one tensor, and past --memory-budget says it fits a histogram")
{
  Workspace ws;
  const std::vector<float> x = nladc::testing::reluShaped(60000, 2);
  ws.writeF32("acts.f32", x);
  ws.writeF32("batch0.f32", std::vector<float>(x.begin(), x.begin() + 25000));
  ws.writeF32("batch1.f32", std::vector<float>(x.begin() + 25000, x.end()));
  const fs::path whole = ws.path("whole.json");
  const fs::path batches = ws.path("batches.json");

  Run r = ws.run({"levels", ws.path("acts.f32").string(), "-b", "3", "-m", "kmeans-optimal", "-o", whole.string()});
  REQUIRE(r.status == 0);
  CHECK(r.err.empty());
  r = ws.run(
      {"levels", (ws.path("") / "batch*.f32").string(), "-b", "3", "-m", "kmeans-optimal", "-o", batches.string()});
  REQUIRE(r.status == 0);
  const auto a = nladc::quant::readLevelFile(whole);
  const auto b = nladc::quant::readLevelFile(batches);
  CHECK(b[0].name == "batch");
  CHECK(b[0].levels == a[0].levels);
  CHECK(b[0].metrics == a[0].metrics);
  CHECK(!a[0].metrics.contains("mse_error_bound"));

  // 60,000 samples of ~40,000 distinct values, 16 bytes each, do not fit in 500 KB.
  r = ws.run({"levels", ws.path("acts.f32").string(), "-b", "3", "-m", "kmeans-optimal", "--memory-budget", "500KB",
              "-o", whole.string()});
  REQUIRE(r.status == 0);
  CHECK(nladc::testing::isOneLine(r.err));
  CHECK(r.err.starts_with("nladc: warning: tensor 'acts': its distinct values pass the memory budget, so it was "
                          "fitted on a histogram of "));
  const auto h = nladc::quant::readLevelFile(whole);
  CHECK(h[0].metrics["histogram_max_shift"].get<double>() > 0.0);
  // The bound holds for the set fitted on the histogram, measured on the samples.
  CHECK(std::abs(h[0].metrics["mse"].get<double>() - nladc::quant::evaluate(h[0], x, 1e-3).mse) <=
        h[0].metrics["mse_error_bound"].get<double>());
}

TEST_CASE("compare prints the documented JSON, CSV and an aligned table")
{
  Workspace ws;
  const fs::path acts = ws.writeF32("acts.f32", nladc::testing::reluShaped(20000, 2));
  const fs::path heldOut = ws.writeF32("eval.f32", nladc::testing::reluShaped(20000, 3));

  Run r = ws.run({"compare", acts.string(), "--bits", "3", "--format", "json", "--eval", heldOut.string()});
  REQUIRE(r.status == 0);
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  REQUIRE(doc["methods"].size() == 6);
  double bsMse = 0.0;
  for (const auto& m : doc["methods"])
    if (m["method"] == "bs-kmq")
      bsMse = m["mse"].get<double>();
  for (const auto& m : doc["methods"]) {
    for (const char* key : {"mse", "mse_interior", "sqnr_db", "levels", "mse_ratio"})
      CHECK(m.contains(key));
    CHECK(m["samples"] == 20000);
    CHECK(m["mse_ratio"].get<double>() == Approx(m["mse"].get<double>() / bsMse));
  }

  r = ws.run({"compare", acts.string(), "--bits", "3", "--methods", "linear,bs-kmq", "--format", "csv"});
  REQUIRE(r.status == 0);
  std::istringstream lines(r.out);
  std::string header;
  std::getline(lines, header);
  CHECK(header.rfind("tensor,method,levels,mse,", 0) == 0);
  int rows = 0;
  for (std::string line; std::getline(lines, line);)
    ++rows;
  CHECK(rows == 2);

  r = ws.run({"compare", acts.string(), "--bits", "3"});
  REQUIRE(r.status == 0);
  CHECK(r.out.find("bs-kmq") != std::string::npos);
  CHECK(r.out.find("kmeans-optimal") != std::string::npos);
}

TEST_CASE("bad usage and bad input: one line on stderr naming the problem, exit 2, nothing written")
{
  Workspace ws;
  const fs::path acts = ws.writeF32("acts.f32", nladc::testing::reluShaped(5000, 4));
  const fs::path out = ws.path("never.json");

  struct Case {
    std::vector<std::string> args;
    std::string mention;
  };
  const fs::path constant = ws.writeF32("constant.f32", std::vector<float>(100, 1.5f));
  const fs::path few = ws.writeF32("few.f32", {1.0f, 2.0f, 3.0f, 2.0f, 1.0f});
  const fs::path nan = ws.writeText("nan.csv", "1.0\n2.0\nnan\n3.0\n");
  const fs::path garbage = ws.writeText("garbage.csv", "1.0\n2.0\nabc\n");
  const std::vector<Case> cases{
      {{"levels", acts.string(), "--bits", "3"}, "--method"},
      {{"levels", acts.string(), "--bits", "3", "--method", "kmeans++"}, "kmeans++"},
      {{"levels", acts.string(), "--bits", "0", "--method", "linear"}, "--bits"},
      {{"levels", ws.path("missing.npy").string(), "--bits", "3", "--method", "linear"}, "missing.npy"},
      {{"levels", constant.string(), "--bits", "3", "--method", "linear"}, "constant.f32"},
      {{"levels", few.string(), "--bits", "3", "--method", "bs-kmq"}, "few.f32"},
      {{"levels", nan.string(), "--bits", "1", "--method", "linear"}, "non-finite"},
      {{"levels", garbage.string(), "--bits", "1", "--method", "linear"}, "line 3"},
      {{"compare", acts.string(), "--bits", "3", "--format", "xml"}, "--format"},
      {{"compare", acts.string(), "--bits", "3", "--suppression", "clip"}, "--suppression"},
      {{"frobnicate"}, "frobnicate"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = c.args;
    if (args[0] == "levels") {
      args.push_back("-o");
      args.push_back(out.string());
    }
    const Run r = ws.run(args);
    std::string joined;
    for (const std::string& a : args)
      joined += a + " ";
    INFO(joined << "→ " << r.err);
    CHECK(r.status == 2);
    CHECK(nladc::testing::isOneLine(r.err));
    CHECK(r.err.find(c.mention) != std::string::npos);
    CHECK(!fs::exists(out));
  }

  // --drop-nonfinite turns the NaN error into a dropped sample.
  const Run dropped = ws.run({"levels", nan.string(), "--bits", "1", "--method", "linear", "--drop-nonfinite"});
  CHECK(dropped.status == 0);
}

TEST_CASE("netlist designs the column, writes a deck that check passes, and refuses bad input")
{
  Workspace ws;
  const fs::path acts = ws.writeF32("acts.f32", nladc::testing::reluShaped(20000, 5));
  const fs::path levels = ws.path("levels.json");
  const fs::path deck = ws.path("adc.sp");
  const std::string tech = nladc::testing::bundledTechnology();
  REQUIRE(ws.run({"levels", acts.string(), "--bits", "3", "--method", "all", "-o", levels.string()}).status == 0);

  // Six sets: the deck needs one.
  Run r = ws.run({"netlist", levels.string(), "--tech", tech, "-o", deck.string()});
  CHECK(r.status == 2);
  CHECK(r.err.find("--method") != std::string::npos);
  CHECK(!fs::exists(deck));

  r = ws.run({"netlist", levels.string(), "--tech", tech, "--method", "bs-kmq", "--columns", "4", "-o", deck.string()});
  REQUIRE(r.status == 0);
  CHECK(r.out.find("C_int") != std::string::npos);
  const std::string text = nladc::testing::slurp(deck);
  CHECK(text.find("XCMP3 ") != std::string::npos);
  CHECK(text.find("XCMP4 ") == std::string::npos);
  CHECK(ws.run({"check", deck.string()}).status == 0);

  // Without -o the deck goes to stdout.
  r = ws.run({"netlist", levels.string(), "--tech", tech, "--method", "linear"});
  CHECK(r.status == 0);
  CHECK(r.out.find(".tran") != std::string::npos);

  const fs::path badTech = ws.writeText("bad.yaml", "format: nladc-technology\nversion: 1\n");
  r = ws.run({"netlist", levels.string(), "--tech", badTech.string(), "--method", "linear"});
  CHECK(r.status == 2);
  CHECK(nladc::testing::isOneLine(r.err));
  CHECK(r.err.find("bad.yaml") != std::string::npos);
}
