// `nladc area`'s energy per conversion end to end: the JSON fields of every
// design (plain, --yield, --sweep), the CSV and table columns, and
// --comparator's characterisation, used and rejected.

#include "tests/support/Synthetic.hh"
#include "tests/support/Workspace.hh"

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;
using nladc::testing::Run;
using nladc::testing::Workspace;

namespace {

const std::string tech65 = nladc::testing::bundledTechnology();

// A 3-bit BS-KMQ level file of the synthetic samples, and the samples.
struct Inputs {
  fs::path activations;
  fs::path levels;
};

Inputs levelFile(const Workspace& ws)
{
  const fs::path acts = ws.writeF32("acts.f32", nladc::testing::reluShaped(20000, 1));
  const fs::path levels = ws.path("levels.json");
  REQUIRE(ws.run({"levels", acts.string(), "--bits", "3", "--method", "bs-kmq", "-o", levels.string()}).status == 0);
  return {acts, levels};
}

// The design's energy is positive and its blocks' shares sum to it.
void checkEnergy(const nlohmann::json& entry)
{
  const double total = entry.at("energy_per_conversion_J").get<double>();
  CHECK(total > 0.0);
  double sum = 0.0;
  for (const auto& [name, b] : entry.at("energy_blocks").items())
    sum += b.at("energy_J_per_column").get<double>();
  CHECK(sum == Approx(total).epsilon(1e-9));
}

} // namespace

TEST_CASE("area reports every design's energy per conversion and its blocks")
{
  Workspace ws;
  const Inputs in = levelFile(ws);
  const Run r = ws.run({"area", in.levels.string(), "--tech", tech65, "--format", "json"});
  REQUIRE(r.status == 0);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  REQUIRE(j.at("designs").size() == 5);
  for (const auto& d : j["designs"])
    checkEnergy(d);
  CHECK(j.at("comparator_energy").get<std::string>().rfind("analytic", 0) == 0);
  for (const char* baseline : {"nl-sar", "nl-flash", "sar", "sar-mse-matched"})
    CHECK(j.at("energy_ratios").at(baseline).get<double>() > 0.0);

  const Run table = ws.run({"area", in.levels.string(), "--tech", tech65});
  REQUIRE(table.status == 0);
  CHECK(table.out.find("pJ/conv") != std::string::npos);
  CHECK(table.out.find("comparator energy: analytic") != std::string::npos);
  const Run csv = ws.run({"area", in.levels.string(), "--tech", tech65, "--format", "csv"});
  REQUIRE(csv.status == 0);
  CHECK(csv.out.find("ratio,energy_per_conversion_J\n") != std::string::npos);
}

TEST_CASE("area reports energy at equal yield and in the sweeps")
{
  Workspace ws;
  const Inputs in = levelFile(ws);
  const Run r = ws.run({"area", in.levels.string(), "--tech", tech65, "--format", "json", "--yield", "0.9", "--sweep",
                        "--data", in.activations.string()});
  REQUIRE(r.status == 0);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  for (const auto& d : j.at("designs")) {
    checkEnergy(d);
    checkEnergy(d.at("iso_yield"));
  }
  for (const char* sweep : {"columns", "bits"}) {
    REQUIRE(!j.at("sweep").at(sweep).empty());
    for (const auto& p : j["sweep"][sweep]) {
      CHECK(p.at("energy_per_conversion_J").size() == 5);
      CHECK(p.at("iso_yield_energy_per_conversion_J").size() == 5);
    }
  }
}

TEST_CASE("area uses a comparator characterisation's energy and rejects another technology's")
{
  Workspace ws;
  const Inputs in = levelFile(ws);
  // A comparator.json as `characterize comparator` writes it, in the parts nladc reads back.
  const auto characterisation = [](const std::string& technology, const std::string& energy) {
    return R"({"format": "nladc-comparator", "version": 1, "complete": true, "technology": ")" + technology +
           R"(", "input_pair": {"w_m": 1.4e-6, "l_m": 3.5e-7}, "analytic_offset_sigma_V": 0.005,
               "offset_sigma_V": 0.005, "offset_mean_V": 0.0, "energy_per_decision_J": )" +
           energy + "}";
  };
  const fs::path good = ws.writeText("comparator.json", characterisation("generic-65nm", "2.5e-14"));
  const Run r =
      ws.run({"area", in.levels.string(), "--tech", tech65, "--format", "json", "--comparator", good.string()});
  REQUIRE(r.status == 0);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  CHECK(j.at("comparator_energy").get<std::string>().rfind("characterised", 0) == 0);
  // The in-memory column decides once per slot: 8 decisions at 3 bits.
  CHECK(j["designs"][0]["energy_blocks"]["comparator"]["energy_J"].get<double>() == Approx(8 * 2.5e-14));

  const fs::path other = ws.writeText("other.json", characterisation("generic-16nm", "1e-15"));
  const fs::path noEnergy = ws.writeText("none.json", characterisation("generic-65nm", "null"));
  const fs::path notJson = ws.writeText("bad.json", "energy");
  for (const auto& [file, says] :
       {std::pair{other, "technology"}, std::pair{noEnergy, "energy_per_decision_J"}, std::pair{notJson, "not JSON"}}) {
    const Run bad = ws.run({"area", in.levels.string(), "--tech", tech65, "--comparator", file.string()});
    CHECK(bad.status == 2);
    CHECK(nladc::testing::isOneLine(bad.err));
    CHECK(bad.err.find(file.string()) != std::string::npos);
    CHECK(bad.err.find(says) != std::string::npos);
    CHECK(bad.out.empty());
  }
}
