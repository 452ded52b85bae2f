// Names nladc takes from its inputs (file stems, array names, level-set names)
// never bring a control block, a shell command or an extra device into a
// deck: hostile names are sanitised where nladc makes a name and refused
// where a file gives one (docs/bad-input.md lists the refusals).

#include "netlist/SpiceReader.hh"
#include "quant/LevelFileReader.hh"
#include "tests/support/Synthetic.hh"
#include "tests/support/Workspace.hh"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

using nladc::testing::Run;
using nladc::testing::Workspace;

const std::string tech = nladc::testing::bundledTechnology();

// The deck nladc writes for the activations saved under `stem`.f32.
struct Written {
  std::string setName;
  std::string deck;
};

Written deckFor(const Workspace& ws, const std::string& stem, const std::vector<float>& samples)
{
  const fs::path acts = ws.writeF32(stem + ".f32", samples);
  const fs::path levels = ws.path("levels.json");
  const fs::path deck = ws.path("adc.sp");
  Run r = ws.run({"levels", acts.string(), "--bits", "2", "--method", "linear", "-o", levels.string()});
  REQUIRE(r.status == 0);
  r = ws.run({"netlist", levels.string(), "--tech", tech, "--columns", "2", "-o", deck.string()});
  REQUIRE(r.status == 0);
  return {nladc::quant::readLevelFile(levels).at(0).name, nladc::testing::slurp(deck)};
}

size_t deviceCount(const nladc::netlist::Circuit& circuit)
{
  size_t count = circuit.devices.size();
  for (const auto& subcircuit : circuit.subcircuits)
    count += subcircuit.devices.size();
  return count;
}

// Lines that start a control block or run a program, in any case.
bool hasControlLine(const std::string& deck)
{
  std::istringstream in(deck);
  for (std::string line; std::getline(in, line);) {
    std::transform(line.begin(), line.end(), line.begin(), [](unsigned char c) { return std::tolower(c); });
    for (const char* word : {".control", ".endc", "shell", "system", "exec"})
      if (line.starts_with(word))
        return true;
  }
  return false;
}

} // namespace

TEST_CASE("hostile file stems become safe level-set names and decks with the benign deck's devices")
{
  const std::vector<float> samples = nladc::testing::reluShaped(5000, 9);
  Workspace benignSpace;
  const Written benign = deckFor(benignSpace, "benign", samples);
  const nladc::netlist::Circuit benignCircuit = nladc::netlist::readSpice(benign.deck, "benign.sp");

  const std::vector<std::string> hostile{
      "x\n.control\nshell rm -rf ~\n.endc",
      "x\r\nR99 in 0 1",
      ".control",
      "* comment",
      "a;shell touch pwned",
      "system",
      "q'uo\"te",
      "ünïcødé-名前",
      std::string(200, 'n'),
      "+R98 a b 1",
  };
  for (const std::string& stem : hostile) {
    INFO(stem);
    Workspace ws;
    const Written written = deckFor(ws, stem, samples);
    CHECK(written.setName.size() <= 64);
    CHECK(std::all_of(written.setName.begin(), written.setName.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == ':' || c == '-';
    }));
    CHECK(!hasControlLine(written.deck));
    const nladc::netlist::Circuit circuit = nladc::netlist::readSpice(written.deck, "hostile.sp");
    CHECK(deviceCount(circuit) == deviceCount(benignCircuit));
    CHECK(circuit.subcircuits.size() == benignCircuit.subcircuits.size());
    CHECK(circuit.analyses == benignCircuit.analyses);
  }
}

TEST_CASE("a hostile --tensor or --set is quoted on one line, never echoed raw")
{
  Workspace ws;
  const fs::path acts = ws.writeF32("acts.f32", nladc::testing::reluShaped(5000, 10));
  const fs::path levels = ws.path("levels.json");
  REQUIRE(ws.run({"levels", acts.string(), "--bits", "2", "--method", "linear", "-o", levels.string()}).status == 0);
  for (const std::string& name : {std::string("x\n.control"), std::string("a\rshell"), std::string(500, 'z')}) {
    INFO(name);
    Run r = ws.run({"levels", acts.string(), "--tensor", name, "--bits", "2", "--method", "linear"});
    CHECK(r.status == 2);
    CHECK(nladc::testing::isOneLine(r.err));
    r = ws.run({"netlist", levels.string(), "--tech", tech, "--set", name});
    CHECK(r.status == 2);
    CHECK(nladc::testing::isOneLine(r.err));
  }
}
