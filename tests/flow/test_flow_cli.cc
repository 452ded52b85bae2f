// End-to-end tests of `nladc flow`: the real flow (ngspice through
// libngspice) on the bundled example, every artefact read back and held
// against the commands that make it alone; a stop and --resume; bad input.

#include "quant/LevelFileReader.hh"
#include "tests/flow/DocumentChecks.hh"
#include "tests/support/Workspace.hh"

#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <set>
#include <sys/wait.h>
#include <thread>

namespace fs = std::filesystem;

namespace {

using nladc::testing::countElements;
using nladc::testing::isOneLine;
using nladc::testing::lineCount;
using nladc::testing::Run;
using nladc::testing::slurp;
using nladc::testing::Workspace;
using nladc::testing::XmlDocument;

const std::string examples = NLADC_EXAMPLES_DIR;
const std::string acts = examples + "/activations.npz";
const std::string tech = nladc::testing::bundledTechnology();
const std::vector<std::string> plotKinds = {"distribution", "error", "ramp", "spread", "area", "energy"};

nlohmann::json readJson(const fs::path& file)
{
  INFO(file.string());
  REQUIRE(fs::exists(file));
  return nlohmann::json::parse(slurp(file));
}

double mseOf(const nladc::quant::LevelSet& set)
{
  return set.metrics.at("mse").get<double>();
}

// The baseline (not BS-KMQ, not the kmeans-optimal floor) with the least
// MSE in the level file: the flow's "best baseline", found here on its own.
std::string bestBaseline(const std::vector<nladc::quant::LevelSet>& sets, const std::string& tensor)
{
  const nladc::quant::LevelSet* best = nullptr;
  for (const nladc::quant::LevelSet& set : sets)
    if (set.name == tensor && set.method != "bs-kmq" && set.method != "kmeans-optimal" &&
        (!best || mseOf(set) < mseOf(*best)))
      best = &set;
  REQUIRE(best);
  return best->method;
}

// report.html loads nothing and links only to its own anchors and to files
// that exist beside it.
void checkSelfContained(const XmlDocument& page, const fs::path& dir)
{
  std::set<std::string> ids;
  for (const XmlDocument::Element& e : page.elements())
    if (e.attributes.count("id"))
      ids.insert(e.attributes.at("id"));
  for (const XmlDocument::Element& e : page.elements()) {
    INFO(e.name);
    for (const char* loader : {"script", "link", "iframe", "img", "object", "embed", "image", "use"})
      CHECK(e.name != loader);
    CHECK(e.attributes.count("src") == 0);
    if (e.name == "style") {
      CHECK(e.text.find("url(") == std::string::npos);
      CHECK(e.text.find("@import") == std::string::npos);
    }
    if (e.attributes.count("href")) {
      const std::string href = e.attributes.at("href");
      INFO(href);
      if (href.front() == '#') {
        CHECK(ids.count(href.substr(1)) == 1);
      } else {
        CHECK(href.find(':') == std::string::npos); // no scheme: not http:, not file:
        CHECK(fs::exists(dir / href));
      }
    }
  }
}

} // namespace

TEST_CASE("flow on the bundled example writes every artefact, and they agree with each other and the commands")
{
  Workspace ws;
  const fs::path dir = ws.path("flow-out");
  const Run r = ws.run({"flow", "-o", dir.string()});
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out.rfind("# nladc flow: activations.npz, 3 bits, generic-65nm\n", 0) == 0);
  CHECK(r.out.find("report: " + (dir / "report.html").string()) != std::string::npos);
  CHECK(r.err.empty()); // no progress bar without a terminal

  const nlohmann::json settings = readJson(dir / "flow.json");
  CHECK(settings["format"] == "nladc-flow");
  CHECK(settings["complete"] == true);
  CHECK(settings["settings"]["samples"] == 200);

  // The level file: every method for every tensor, read back by quant's
  // strict reader, and byte for byte what `nladc levels` writes.
  const std::vector<nladc::quant::LevelSet> sets = nladc::quant::readLevelFile(dir / "levels.json");
  REQUIRE(sets.size() == 18);
  REQUIRE(ws.run({"levels", acts, "--bits", "3", "--method", "all", "-o", ws.path("levels.json").string()}).status ==
          0);
  CHECK(slurp(dir / "levels.json") == slurp(ws.path("levels.json")));

  const std::string summary = slurp(dir / "summary.md");
  const std::string report = slurp(dir / "report.html");
  const XmlDocument page(report);
  INFO(page.error());
  REQUIRE(page.wellFormed());
  checkSelfContained(page, dir);
  std::vector<std::string> cells;
  for (const XmlDocument::Element& e : page.elements())
    if (e.name == "td")
      cells.push_back(e.text);
  auto isCell = [&cells](const std::string& text) { return std::count(cells.begin(), cells.end(), text) > 0; };
  // The report opens with the specification, datasheet style.
  CHECK(summary.find("Specification: every ADC designed to a yield of 0.99 over 128 columns") != std::string::npos);
  CHECK((isCell("PASS") || isCell("FAIL")));

  for (const std::string tensor : {"conv1.relu", "block2.relu6", "fc1.relu"}) {
    INFO(tensor);
    const nladc::quant::LevelSet* bsKmq = nullptr;
    for (const nladc::quant::LevelSet& set : sets)
      if (set.name == tensor && set.method == "bs-kmq")
        bsKmq = &set;
    REQUIRE(bsKmq);

    // BS-KMQ's ADC designed to the specification (0.99 over 128 columns):
    // design.json, and the report's specification table says the same.
    const fs::path designDir = dir / "design" / (tensor + ".bs-kmq");
    const nlohmann::json design = readJson(designDir / "design.json");
    CHECK(design["format"] == "nladc-design");
    CHECK(design["specification"]["yield"] == 0.99);
    CHECK(design["specification"]["columns"] == 128);
    CHECK(design["yield"]["spice"]["samples"] == 200);
    const bool met = design["met"].get<bool>();
    CHECK(met ==
          (design["yield"]["spice"]["failed"].get<int>() <= design["yield"]["spice"]["allowed_failures"].get<int>() &&
           design["yield"]["behavioural"]["yield"].get<double>() >= 0.99));
    if (!met)
      CHECK(summary.find("stopped: " + design["limit"].get<std::string>()) != std::string::npos);

    // The deck passes the rule checks and is what `nladc netlist --design` writes.
    const fs::path deck = dir / "netlist" / (tensor + ".bs-kmq.sp");
    const Run check = ws.run({"check", deck.string()});
    CHECK(check.status == 0);
    CHECK(check.out == deck.string() + ": clean\n");
    const fs::path ownDeck = ws.path(tensor + ".sp");
    REQUIRE(
        ws.run({"netlist", "--design", (designDir / "design.json").string(), "--columns", "16", "-o", ownDeck.string()})
            .status == 0);
    CHECK(slurp(deck) == slurp(ownDeck));

    // The nominal transient: the designed thresholds, realised. They are
    // BS-KMQ's own, or the set the search refitted for the circuit, which
    // design.json names.
    const std::vector<nladc::quant::LevelSet> designedSets =
        nladc::quant::readLevelFile(design["inputs"]["levels"].get<std::string>());
    const nladc::quant::LevelSet* designed = nullptr;
    for (const nladc::quant::LevelSet& s : designedSets)
      if (s.name == tensor && s.method == design["inputs"]["method"])
        designed = &s;
    REQUIRE(designed);
    CHECK((designed->method == "bs-kmq" ||
           (designed->method == "variation-aware" && design["knobs"]["level_set"] != "as given")));
    const nlohmann::json sim = readJson(dir / "sim" / (tensor + ".bs-kmq.json"));
    CHECK(sim["format"] == "nladc-sim");
    CHECK(sim["level_set"]["name"] == tensor);
    CHECK(sim["level_set"]["method"] == designed->method);
    REQUIRE(sim["thresholds"].size() == designed->thresholds.size());
    for (size_t j = 0; j < designed->thresholds.size(); ++j)
      CHECK(sim["thresholds"][j]["target"].get<double>() == designed->thresholds[j]);
    CHECK(sim["monotonic"] == true);
    CHECK(sim["codes_match_behavioural"] == true);
    CHECK(sim["data"]["ideal_mse"].get<double>() == Approx(mseOf(*designed)).epsilon(1e-9));
    const fs::path wave = dir / "sim" / (tensor + ".bs-kmq.ramp.csv");
    CHECK(slurp(wave).rfind("time_s,ramp_V\n", 0) == 0);
    CHECK(lineCount(wave) > 100);

    // The area comparison at the fixed budget: `nladc area` on the same
    // level set and data.
    const nlohmann::json area = readJson(dir / "area" / (tensor + ".bs-kmq.json"));
    const Run areaRun = ws.run({"area", (dir / "levels.json").string(), "--set", tensor, "--method", "bs-kmq", "--tech",
                                tech, "--data", acts, "--format", "json"});
    REQUIRE(areaRun.status == 0);
    const nlohmann::json ownArea = nlohmann::json::parse(areaRun.out);
    CHECK(area["designs"][0]["name"] == "in-memory-nl-adc");
    CHECK(area["linear_bits"] == ownArea["linear_bits"]);
    CHECK(area["step_rule"] == ownArea["step_rule"]);
    CHECK(area["ratios"] == ownArea["ratios"]);
    REQUIRE(area["designs"].size() == ownArea["designs"].size());
    // At equal yield the baselines are `area --design --yield` at the
    // target the designed ADC was sized to, on the levels it was designed
    // with; the in-memory one is the design's.
    const Run isoRun =
        ws.run({"area", "--design", (designDir / "design.json").string(), "--data", acts, "--tensor", tensor,
                "--format", "json", "--yield", fmt::format("{:.17g}", design["yield"]["sizing_target"].get<double>())});
    INFO(isoRun.err);
    REQUIRE(isoRun.status == 0);
    const nlohmann::json isoArea = nlohmann::json::parse(isoRun.out);
    for (size_t i = 0; i < area["designs"].size(); ++i) {
      CHECK(area["designs"][i]["name"] == ownArea["designs"][i]["name"]);
      CHECK(area["designs"][i]["area_um2_per_column"] == ownArea["designs"][i]["area_um2_per_column"]);
      CHECK(area["designs"][i]["notes"] == ownArea["designs"][i]["notes"]);
      if (i > 0)
        for (const char* key : {"sizing", "yield", "met", "limit", "um2_per_column"})
          CHECK(area["designs"][i]["iso_yield"][key] == isoArea["designs"][i]["iso_yield"][key]);
    }
    CHECK(area["designs"][0]["iso_yield"]["um2_per_column"].get<double>() ==
          Approx(design["um2_per_column"].get<double>()));

    // The SPICE Monte Carlo of BS-KMQ's and the best baseline's designs:
    // complete, every sample accounted for, on the sets their design.json
    // names: the level file's, or the one the search refitted.
    const std::string baseline = bestBaseline(sets, tensor);
    for (const std::string& method : {std::string("bs-kmq"), baseline}) {
      INFO(method);
      const fs::path designFile = dir / "design" / (tensor + "." + method) / "design.json";
      const nlohmann::json inputs = readJson(designFile)["inputs"];
      const std::string designedMethod = inputs["method"];
      const fs::path levelFile = inputs["levels"].get<std::string>();
      CHECK((levelFile == fs::absolute(dir / "levels.json").lexically_normal() ||
             levelFile == fs::absolute(designFile.parent_path() / "levels.json").lexically_normal()));
      const std::vector<nladc::quant::LevelSet> ownSets = nladc::quant::readLevelFile(levelFile);
      const nladc::quant::LevelSet* set = nullptr;
      for (const nladc::quant::LevelSet& s : ownSets)
        if (s.name == tensor && s.method == designedMethod)
          set = &s;
      REQUIRE(set);
      const fs::path run = designFile.parent_path() / "mc";
      const nlohmann::json runJson = readJson(run / "run.json");
      CHECK(runJson["inputs"]["levels"] == levelFile.string());
      CHECK(runJson["inputs"]["method"] == designedMethod);
      CHECK(runJson["samples"] == 200);
      const nlohmann::json mc = readJson(run / "summary.json");
      CHECK(mc["complete"] == true);
      CHECK(mc["level_set"]["method"] == designedMethod);
      CHECK(mc["samples"]["done"] == 200);
      CHECK(mc["test_columns"] == 128);
      CHECK(mc["samples"]["ok"].get<int>() + mc["samples"]["failed"].get<int>() == 200);
      CHECK(lineCount(run / "samples.csv") == 201);
      CHECK(mc["ideal_mse"].get<double>() == Approx(mseOf(*set)).epsilon(1e-9));

      // summary.md and the report show these numbers, to 4 significant digits.
      const std::string effective = fmt::format("{:.4g}", mc["effective_mse"]["mean"].get<double>());
      CHECK(summary.find(" " + effective + " ") != std::string::npos);
      CHECK(isCell(effective));
    }
    // Only those two ran.
    size_t runs = 0;
    for (const fs::directory_entry& e : fs::directory_iterator(dir / "design"))
      runs += e.path().filename().string().rfind(tensor + ".", 0) == 0 ? 1 : 0;
    CHECK(runs == 2);

    const std::string mse = fmt::format("{:.4g}", mseOf(*bsKmq));
    const size_t section = summary.find("\n## " + tensor + "\n");
    REQUIRE(section != std::string::npos);
    const size_t row = summary.find("| bs-kmq ", section); // the methods table's row
    REQUIRE(row != std::string::npos);
    CHECK(summary.substr(row, summary.find('\n', row) - row).find(" " + mse + " |") != std::string::npos);
    CHECK(isCell(mse));

    // Each plot, as a file of its own, is an SVG document.
    for (const std::string& kind : plotKinds) {
      INFO(kind);
      const XmlDocument svg(slurp(dir / "plots" / (tensor + "." + kind + ".svg")));
      INFO(svg.error());
      CHECK(svg.wellFormed());
      CHECK(svg.rootName() == "svg");
    }
  }
  // Every plot is in the report too.
  CHECK(countElements(page, "figure") == 3 * plotKinds.size());
}

TEST_CASE("flow --blocks transistor designs, confirms and simulates every ADC in the transistor deck")
{
  const Workspace w;
  const fs::path dir = w.path("flow");
  const Run r = w.run({"flow", "--tensor", "conv1.relu", "--blocks", "transistor", "--samples", "10",
                       "--explore-samples", "200", "--jobs", "2", "-o", dir.string()});
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  CHECK(readJson(dir / "flow.json")["settings"]["blocks"] == "transistor");
  const nlohmann::json simulation = readJson(dir / "sim" / "conv1.relu.bs-kmq.json");
  CHECK(simulation["blocks"] == "transistor");
  CHECK(simulation["integrator"]["open_loop_gain"].get<double>() > 1000.0);
  CHECK(slurp(dir / "netlist" / "conv1.relu.bs-kmq.sp").find("transistor blocks\n") != std::string::npos);
  int designs = 0;
  for (const fs::directory_entry& design : fs::directory_iterator(dir / "design")) {
    INFO(design.path().string());
    CHECK(readJson(design.path() / "design.json")["monte_carlo"]["blocks"] == "transistor");
    CHECK(slurp(design.path() / "deck.sp").starts_with("nladc reference-column NL-ADC"));
    CHECK(slurp(design.path() / "deck.sp").find("transistor blocks\n") != std::string::npos);
    ++designs;
  }
  CHECK(designs == 2);
}

TEST_CASE("flow stopped by SIGINT keeps what it finished, and --resume completes it")
{
  Workspace ws;
  const fs::path dir = ws.path("cut");
  const std::vector<std::string> args = {"flow", "--tensor", "fc1.relu", "--samples", "100", "-o", dir.string()};
  auto with = [&args](std::vector<std::string> extra) {
    std::vector<std::string> all = args;
    all.insert(all.end(), extra.begin(), extra.end());
    return all;
  };
  // The first SPICE run of BS-KMQ's design search.
  const fs::path explore = dir / "design" / "fc1.relu.bs-kmq" / "explore";
  auto spiceSamples = [&explore]() -> fs::path {
    std::error_code error;
    for (const fs::directory_entry& e : fs::directory_iterator(explore, error))
      if (e.path().filename().string().find("-spice") != std::string::npos)
        return e.path() / "samples.csv";
    return {};
  };
  // One worker, so the signal lands well inside the SPICE run; the jobs are
  // no setting of the results, and the resumed run uses two.
  fs::path samples;
  CHECK(ws.interrupted(with({"--jobs", "1"}), [&] {
    samples = spiceSamples();
    return !samples.empty() && fs::exists(samples) && lineCount(samples) >= 6;
  }) == 128 + SIGINT);
  REQUIRE(!samples.empty());

  // The level file and the finished runs stay; the report waits for the rest.
  CHECK(fs::exists(dir / "levels.json"));
  CHECK(fs::exists(explore / "01-behavioural" / "summary.json"));
  CHECK(!fs::exists(dir / "report.html"));
  CHECK(readJson(dir / "flow.json")["complete"] == false);
  const nlohmann::json partial = readJson(samples.parent_path() / "summary.json");
  CHECK(partial["complete"] == false);
  const std::string before = slurp(samples);

  // Not started over, and not resumed with other settings.
  Run r = ws.run(args);
  CHECK(r.status == 2);
  CHECK(isOneLine(r.err));
  CHECK(r.err.find("--resume") != std::string::npos);
  std::vector<std::string> other = with({"--resume"});
  other[4] = "101";
  r = ws.run(other);
  CHECK(r.status == 2);
  CHECK(r.err.find("'samples' differs") != std::string::npos);
  CHECK(slurp(samples) == before);

  r = ws.run(with({"--jobs", "2", "--resume"}));
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(slurp(samples).rfind(before, 0) == 0); // the finished samples were kept, not redone
  CHECK(lineCount(samples) == 101);
  CHECK(readJson(samples.parent_path() / "summary.json")["complete"] == true);
  CHECK(readJson(dir / "flow.json")["complete"] == true);
  CHECK(fs::exists(dir / "report.html"));
}

TEST_CASE("flow refuses bad input with one line naming it, before writing anything")
{
  Workspace ws;
  struct Case {
    std::vector<std::string> args;
    std::string named;
  };
  ws.writeText("bad.yaml", "technology: [unclosed\n");
  fs::create_directory(ws.path("full"));
  ws.writeText("full/notes.txt", "mine\n");
  const std::vector<Case> cases = {
      {{"flow", ws.path("missing.npz").string(), "-o", ws.path("o").string()}, "missing.npz"},
      {{"flow", "--tech", ws.path("bad.yaml").string(), "-o", ws.path("o").string()}, "bad.yaml"},
      {{"flow", "--tensor", "no.such.tensor", "-o", ws.path("o").string()}, "no.such.tensor"},
      {{"flow", "--bits", "0", "-o", ws.path("o").string()}, "--bits"},
      {{"flow", "--samples", "0", "-o", ws.path("o").string()}, "--samples"},
      {{"flow", "--yield", "1.5", "-o", ws.path("o").string()}, "yield:"},
      {{"flow", "--columns", "0", "-o", ws.path("o").string()}, "columns:"},
      {{"flow", "--resume", "-o", ws.path("o").string()}, "no flow to resume"},
      {{"flow", "-o", ws.path("full").string()}, "not empty"},
  };
  for (const Case& c : cases) {
    INFO(c.args[1]);
    const Run r = ws.run(c.args);
    CHECK(r.status == 2);
    CHECK(isOneLine(r.err));
    CHECK(r.err.find(c.named) != std::string::npos);
  }
  CHECK(!fs::exists(ws.path("o")));
  CHECK(slurp(ws.path("full/notes.txt")) == "mine\n");
  CHECK(std::distance(fs::directory_iterator(ws.path("full")), fs::directory_iterator()) == 1);

  // Without the bundled examples, the flow says where it looked and what to do.
  setenv("NLADC_EXAMPLES_DIR", ws.path("nowhere").c_str(), 1);
  const Run r = ws.run({"flow", "-o", ws.path("o").string()});
  unsetenv("NLADC_EXAMPLES_DIR");
  CHECK(r.status == 2);
  CHECK(isOneLine(r.err));
  CHECK(r.err.find(ws.path("nowhere").string()) != std::string::npos);
  CHECK(r.err.find("NLADC_EXAMPLES_DIR") != std::string::npos);
}
