#include "tests/support/Workspace.hh"

#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <thread>

using namespace nladc;
using testing::Run;
using testing::Workspace;

namespace {

const std::string bundledActivations = std::string(NLADC_EXAMPLES_DIR) + "/activations.npz";

// The bundled conv1 tensor's 3-bit level sets, every method.
std::string bundledLevels(const Workspace& w)
{
  const std::string levels = w.path("levels.json").string();
  REQUIRE(
      w.run({"levels", bundledActivations, "--tensor", "conv1.relu", "--bits", "3", "--method", "all", "-o", levels})
          .status == 0);
  return levels;
}

// A copy of the bundled technology with one text replaced, its model file
// included by absolute path.
std::string technologyWith(const Workspace& w, const std::string& from, const std::string& to)
{
  std::string tech = testing::slurp(testing::bundledTechnology());
  const auto replace = [&tech](const std::string& a, const std::string& b) {
    const size_t at = tech.find(a);
    REQUIRE(at != std::string::npos);
    tech.replace(at, a.size(), b);
  };
  replace("include: generic-65nm.lib", "include: " + std::string(NLADC_EXAMPLES_DIR) + "/tech/generic-65nm.lib");
  if (!from.empty())
    replace(from, to);
  return w.writeText("tech.yaml", tech).string();
}

nlohmann::json readJson(const std::filesystem::path& path)
{
  return nlohmann::json::parse(testing::slurp(path));
}

} // namespace

TEST_CASE("nladc design meets its specification, and mc --design reproduces its SPICE yield", "[design][cli]")
{
  const Workspace w;
  const std::string levels = bundledLevels(w);
  const std::string dir = w.path("design").string();
  const std::vector<std::string> args{"design", levels, "--tech", testing::bundledTechnology(), "--method", "bs-kmq",
                                      // The given set meets 0.95, not 0.99 (the
                                      // front end's 1.5 mV residual): no refit.
                                      "--yield", "0.95", "--columns", "128", "--samples", "60", "--explore-samples",
                                      "1000", "--jobs", "2", "--data", bundledActivations, "--max-effective-mse-ratio",
                                      "1.5", "-o", dir};
  const Run r = w.run(args);
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  const nlohmann::json d = readJson(w.path("design/design.json"));
  CHECK(d["format"] == "nladc-design");
  CHECK(d["met"] == true);
  CHECK(d["specification"]["columns"] == 128);
  for (const char* knob : {"full_scale_V", "comparator_offset_sigma_V", "auto_zero", "input_pair_area_um2", "c_int_F"})
    CHECK(d["knobs"].contains(knob));
  for (const char* reason : {"full_scale", "comparator_offset_sigma", "offset_cancellation", "c_int"})
    CHECK(d["reasons"].contains(reason));
  const nlohmann::json& spice = d["yield"]["spice"];
  CHECK(spice["samples"] == 60);
  CHECK(spice["failed"].get<int>() <= spice["allowed_failures"].get<int>());
  CHECK(d["specification"]["max_effective_mse_ratio"] == 1.5);
  CHECK(spice["effective_mse_ratio_p95"].get<double>() > 1.0);
  CHECK(spice["effective_mse_ratio_p95"].get<double>() <= 1.5);
  CHECK(d["yield"]["behavioural"]["samples"] == 1000);
  CHECK(d["um2_per_column"].get<double>() > 0.0);
  // The cheaper candidate, when there is one, is smaller and failed.
  if (!d["cheaper_candidate"].is_null()) {
    CHECK(d["cheaper_candidate"]["um2_per_column"].get<double>() < d["um2_per_column"].get<double>());
    CHECK(d["cheaper_candidate"]["short_of_yield_by"].get<double>() > 0.0);
  }
  CHECK(std::filesystem::exists(w.path("design/deck.sp")));
  CHECK(w.run({"check", w.path("design/deck.sp").string()}).status == 0);
  const nlohmann::json area = readJson(w.path("design/area.json"));
  CHECK(area["designs"][0]["iso_yield"]["um2_per_column"].get<double>() == Approx(d["um2_per_column"].get<double>()));

  // The designed ADC rerun on its own: same knobs, same columns and seed.
  const Run mc = w.run({"mc", "--design", w.path("design/design.json").string(), "--samples", "60", "--jobs", "2", "-o",
                        w.path("rerun").string()});
  INFO(mc.out << mc.err);
  REQUIRE(mc.status == 0);
  const nlohmann::json rerun = readJson(w.path("rerun/summary.json"));
  const nlohmann::json confirmed = readJson(w.path("design/mc/summary.json"));
  CHECK(rerun["test_columns"] == 128);
  CHECK(rerun["yield_counting_failed"] == confirmed["yield_counting_failed"]);
  CHECK(rerun["yield_counting_failed"].get<double>() == Approx(spice["yield"].get<double>()));
  CHECK(rerun["max_abs_inl"] == confirmed["max_abs_inl"]);

  // sim and netlist take the design too.
  const Run sim =
      w.run({"sim", "--design", w.path("design/design.json").string(), "--columns", "16", "--format", "json"});
  REQUIRE(sim.status == 0);
  CHECK(nlohmann::json::parse(sim.out)["level_set"]["method"] == "bs-kmq");
  CHECK(
      w.run({"netlist", "--design", w.path("design/design.json").string(), "-o", w.path("again.sp").string()}).status ==
      0);
  CHECK(testing::slurp(w.path("again.sp")) == testing::slurp(w.path("design/deck.sp")));
}

TEST_CASE("design --blocks transistor confirms in the transistor deck, and mc --design repeats it", "[design][cli]")
{
  const Workspace w;
  const std::string levels = bundledLevels(w);
  // The front end's measured residual (1.5 mV) meets conv1's 3-bit set at
  // the transistor ramp's 0.7 V over 16 columns, not over 64 (0.83).
  const Run r = w.run({"design",
                       levels,
                       "--tech",
                       testing::bundledTechnology(),
                       "--method",
                       "bs-kmq",
                       "--blocks",
                       "transistor",
                       "--columns",
                       "16",
                       "--yield",
                       "0.9",
                       "--samples",
                       "30",
                       "--explore-samples",
                       "500",
                       "--jobs",
                       "2",
                       "-o",
                       w.path("design").string()});
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  const nlohmann::json d = readJson(w.path("design/design.json"));
  CHECK(d["met"] == true);
  CHECK(d["monte_carlo"]["blocks"] == "transistor");
  // The transistor ramp starts at the common mode: blocks.max_full_scale
  // (0.7 V in the bundled technology) bounds the full scale, not design's 0.9 V.
  CHECK(d["knobs"]["full_scale_V"].get<double>() <= 0.7 + 1e-12);
  CHECK(testing::slurp(w.path("design/deck.sp"))
            .starts_with("nladc reference-column NL-ADC: set=conv1.relu (bs-kmq, 3 bits), transistor blocks\n"));
  CHECK(d["yield"]["spice"]["failed"].get<int>() <= d["yield"]["spice"]["allowed_failures"].get<int>());

  // The design file carries its blocks: a rerun simulates the same deck.
  const Run mc = w.run({"mc", "--design", w.path("design/design.json").string(), "--samples", "30", "--jobs", "2", "-o",
                        w.path("rerun").string()});
  INFO(mc.out << mc.err);
  REQUIRE(mc.status == 0);
  const nlohmann::json rerun = readJson(w.path("rerun/summary.json"));
  const nlohmann::json confirmed = readJson(w.path("design/mc/summary.json"));
  CHECK(readJson(w.path("rerun/run.json"))["design_fingerprint"] ==
        readJson(w.path("design/mc/run.json"))["design_fingerprint"]);
  CHECK(rerun["max_abs_inl"] == confirmed["max_abs_inl"]);
  const Run sim = w.run({"sim", "--design", w.path("design/design.json").string(), "--format", "json"});
  REQUIRE(sim.status == 0);
  CHECK(nlohmann::json::parse(sim.out)["blocks"] == "transistor");
  // A ramp that serves 16 columns carries 16 comparators, in the search's
  // decks (the fingerprints above), in deck.sp and in a rerun's deck, and
  // shares its supplies over 16.
  CHECK(nlohmann::json::parse(sim.out)["energy"]["shared_by_columns"] == 16);
  const Run netlist =
      w.run({"netlist", "--design", w.path("design/design.json").string(), "-o", w.path("rerun.sp").string()});
  REQUIRE(netlist.status == 0);
  auto rampLoad = [](const std::string& deck) {
    const size_t at = deck.find("\nCLOAD ramp 0 ");
    return at == std::string::npos ? std::string() : deck.substr(at, deck.find('\n', at + 1) - at);
  };
  const std::string designed = rampLoad(testing::slurp(w.path("design/deck.sp")));
  CHECK(!designed.empty());
  CHECK(designed == rampLoad(testing::slurp(w.path("rerun.sp"))));
  // --blocks overrides the design's.
  const Run behavioural =
      w.run({"sim", "--design", w.path("design/design.json").string(), "--blocks", "behavioural", "--format", "json"});
  REQUIRE(behavioural.status == 0);
  CHECK(nlohmann::json::parse(behavioural.out)["blocks"] == "behavioural");
}

TEST_CASE("an infeasible specification exits 1 naming the bound that stopped it", "[design][cli]")
{
  const Workspace w;
  const std::string levels = bundledLevels(w);
  // The bundled technology with comparators of at most 1 µm² (σ ≥ 3.5 mV):
  // no input pair reaches the yield, and auto-zero is not allowed.
  const Run r = w.run({"design", levels, "--tech",
                       technologyWith(w, "comparator_max_input_area:  25 um^2", "comparator_max_input_area:  1 um^2"),
                       "--method", "bs-kmq", "--offset-cancellation", "off", "--samples", "20", "--explore-samples",
                       "300", "-o", w.path("design").string()});
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  CHECK(testing::isOneLine(r.err));
  CHECK(r.err.find("design.comparator_max_input_area") != std::string::npos);
  CHECK(r.err.find("best yield") != std::string::npos);
  const nlohmann::json d = readJson(w.path("design/design.json"));
  CHECK(d["met"] == false);
  CHECK(d["limit"].get<std::string>().find("design.comparator_max_input_area") != std::string::npos);
}

TEST_CASE("an effective-MSE specification no circuit meets tightens the sizing until it gives up", "[design][cli]")
{
  // p95 effective MSE at most 1.0001 times the ideal: every realised
  // threshold would have to be nearly exact, which no tightening reaches.
  const Workspace w;
  const std::string levels = bundledLevels(w);
  const std::vector<std::string> args{
      "design", levels, "--tech", testing::bundledTechnology(), "--method", "bs-kmq", "--data", bundledActivations,
      "--tensor", "conv1.relu", "--max-effective-mse-ratio", "1.0001", "--keep-levels",
      // The set as given reaches 0.981 with the front end's 1.5 mV residual:
      // from 0.9 the sizing tightens at least once before it gives up.
      "--yield", "0.9", "--samples", "20", "--explore-samples", "300", "-o", w.path("design").string()};
  const Run r = w.run(args);
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  CHECK(testing::isOneLine(r.err));
  const nlohmann::json d = readJson(w.path("design/design.json"));
  CHECK(d["met"] == false);
  // Each round asked for a third of the previous failure probability.
  REQUIRE(d["explored"].size() >= 2);
  for (size_t i = 1; i < d["explored"].size(); ++i)
    CHECK(1.0 - d["explored"][i]["sizing_target_yield"].get<double>() ==
          Approx((1.0 - d["explored"][i - 1]["sizing_target_yield"].get<double>()) / 3.0));
  CHECK(d["yield"]["spice"]["effective_mse_ratio_p95"].get<double>() > 1.0001);
}

TEST_CASE("bad specifications exit 2 with one line and nothing written", "[design][cli]")
{
  const Workspace w;
  const std::string levels = bundledLevels(w);
  const std::string dir = w.path("design").string();
  const std::vector<std::string> base{"design",   levels,   "--tech", testing::bundledTechnology(),
                                      "--method", "bs-kmq", "-o",     dir};
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
      {{"--yield", "0"}, "yield:"},
      {{"--yield", "1"}, "yield:"},
      {{"--yield", "1.5"}, "yield:"},
      {{"--columns", "0"}, "columns:"},
      {{"--max-effective-mse-ratio", "-1", "--data", bundledActivations}, "max_effective_mse_ratio:"},
      {{"--max-effective-mse-ratio", "2"}, "--data"},
      {{"--offset-cancellation", "sometimes"}, "offset_cancellation:"},
  };
  for (const auto& [extra, message] : cases) {
    std::vector<std::string> args = base;
    args.insert(args.end(), extra.begin(), extra.end());
    const Run r = w.run(args);
    INFO(extra.front() << ": " << r.err);
    CHECK(r.status == 2);
    CHECK(testing::isOneLine(r.err));
    CHECK(r.err.find(message) != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir));
  }
  // A technology without the design section cannot be designed to a spec.
  std::string tech = testing::slurp(technologyWith(w, "", ""));
  const std::string bare =
      w.writeText("bare.yaml", tech.substr(0, tech.find("\n# The bounds of `nladc design`")) + "\n").string();
  const Run r = w.run({"design", levels, "--tech", bare, "--method", "bs-kmq", "-o", dir});
  CHECK(r.status == 2);
  CHECK(testing::isOneLine(r.err));
  CHECK(r.err.find("no design section") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir));
}

TEST_CASE("a level set that cannot meet the specification is refitted for the circuit, unless --keep-levels",
          "[design][cli]")
{
  const Workspace w;
  const std::string levels = w.path("levels.json").string();
  REQUIRE(w.run({"levels", bundledActivations, "--tensor", "block2.relu6", "--bits", "3", "--method", "bs-kmq", "-o",
                 levels})
              .status == 0);
  // block2's ReLU6 clamp puts a narrow bin high on the ramp, where the
  // columns' gain mismatch alone breaks it: no comparator can save it.
  const std::vector<std::string> args{
      "design",       levels,      "--tech", testing::bundledTechnology(), "--data", bundledActivations, "--tensor",
      "block2.relu6", "--samples", "60",     "--explore-samples",          "1000",   "--jobs",           "2"};
  auto with = [&args](std::vector<std::string> extra) {
    std::vector<std::string> all = args;
    all.insert(all.end(), extra.begin(), extra.end());
    return all;
  };
  const Run kept = w.run(with({"--keep-levels", "-o", w.path("kept").string()}));
  INFO(kept.out << kept.err);
  CHECK(kept.status == 1);
  CHECK(kept.err.find("variation.gain_sigma") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(w.path("kept/levels.json")));

  const Run r = w.run(with({"-o", w.path("refit").string()}));
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  const nlohmann::json d = readJson(w.path("refit/design.json"));
  CHECK(d["met"] == true);
  CHECK(d["inputs"]["method"] == "variation-aware");
  CHECK(d["inputs"]["levels"] == w.path("refit/levels.json").string());
  CHECK(d["knobs"]["level_set"].get<std::string>().find("refitted") != std::string::npos);
  CHECK(d["reasons"]["level_set"].get<std::string>().find("variation.gain_sigma") != std::string::npos);
  // The refitted set is a valid level file, and the design reruns from it.
  const Run mc = w.run({"mc", "--design", w.path("refit/design.json").string(), "--samples", "60", "--jobs", "2", "-o",
                        w.path("rerun").string()});
  INFO(mc.err);
  REQUIRE(mc.status == 0);
  CHECK(readJson(w.path("rerun/summary.json"))["yield_counting_failed"] ==
        readJson(w.path("refit/mc/summary.json"))["yield_counting_failed"]);
}

TEST_CASE("design stopped by SIGINT keeps its finished runs, and --resume completes the same design", "[design][cli]")
{
  const Workspace w;
  const std::string levels = bundledLevels(w);
  const std::vector<std::string> args{
      "design", levels,      "--tech", testing::bundledTechnology(), "--method", "bs-kmq", "--yield",
      "0.95",   "--samples", "60",     "--explore-samples",          "1000"};
  auto with = [&args](std::vector<std::string> extra) {
    std::vector<std::string> all = args;
    all.insert(all.end(), extra.begin(), extra.end());
    return all;
  };
  const std::string whole = w.path("whole").string();
  REQUIRE(w.run(with({"--jobs", "2", "-o", whole})).status == 0);

  // One worker, so the signal lands inside the SPICE confirmation.
  const std::filesystem::path dir = w.path("cut");
  const std::filesystem::path samples = dir / "explore" / "02-spice" / "samples.csv";
  CHECK(w.interrupted(with({"--jobs", "1", "-o", dir.string()}), [&] {
    return std::filesystem::exists(samples) && testing::lineCount(samples) >= 6;
  }) == 128 + SIGINT);
  CHECK(std::filesystem::exists(dir / "explore" / "01-behavioural" / "summary.json"));
  CHECK_FALSE(std::filesystem::exists(dir / "design.json"));
  const std::string before = testing::slurp(samples);

  // A finished run is not started over; the stopped one continues.
  const Run again = w.run(with({"--jobs", "2", "-o", dir.string()}));
  CHECK(again.status == 2);
  CHECK(again.err.find("--resume") != std::string::npos);
  const Run resumed = w.run(with({"--jobs", "2", "--resume", "-o", dir.string()}));
  INFO(resumed.err);
  REQUIRE(resumed.status == 0);
  CHECK(testing::slurp(samples).rfind(before, 0) == 0);
  const nlohmann::json cut = readJson(dir / "design.json");
  const nlohmann::json full = readJson(w.path("whole/design.json"));
  CHECK(cut["knobs"] == full["knobs"]);
  CHECK(cut["yield"] == full["yield"]);
  CHECK(readJson(dir / "mc" / "summary.json")["yield"] == readJson(w.path("whole/mc/summary.json"))["yield"]);
}
