// The SPICE writer, reader and token rules: round trips, refusals with line
// numbers, injection attempts, and a written deck in the standalone ngspice.

#include "netlist/SpiceReader.hh"
#include "netlist/SpiceToken.hh"
#include "netlist/SpiceWriter.hh"
#include "util/Error.hh"

#include "tests/support/StandaloneNgspice.hh"
#include "tests/support/TempDir.hh"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

using namespace nladc::netlist;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
namespace fs = std::filesystem;

namespace {

// Every device kind, a model of each kind used, and a subcircuit with a parameter.
Circuit everyKind()
{
  Circuit c;
  c.title = "nladc io test: every device kind";
  c.models = {{"nch", "nmos", {{"level", "1"}, {"vto", "0.4"}, {"kp", "200u"}}},
              {"sw1", "sw", {{"vt", "0.6"}, {"vh", "0.1"}, {"ron", "1"}, {"roff", "1e9"}}}};
  c.subcircuits = {{"cell",
                    {"bl", "wl", "sl"},
                    {{"M1", DeviceKind::mosfet, {"bl", "wl", "mid", "sl"}, "nch", "", {{"W", "1u"}, {"L", "100n"}}},
                     {"R1", DeviceKind::resistor, {"mid", "sl"}, "", "{r}", {}}},
                    {{"r", "10k"}}}};
  c.devices = {
      {"V1", DeviceKind::voltageSource, {"vdd", "0"}, "", "DC 1.2", {}},
      {"V2", DeviceKind::voltageSource, {"wl", "0"}, "", "PULSE(0 1.2 1n 10p 10p 5n 10n)", {}},
      {"V3", DeviceKind::voltageSource, {"in", "0"}, "", "PWL(0 0 10n 0.5 20n 1)", {}},
      {"R1", DeviceKind::resistor, {"vdd", "bl"}, "", "1k", {}},
      {"X1", DeviceKind::instance, {"bl", "wl", "0"}, "cell", "", {{"r", "5k"}}},
      {"C1", DeviceKind::capacitor, {"bl", "0"}, "", "1p", {}},
      {"E1", DeviceKind::vcvs, {"out", "0", "in", "0"}, "", "2", {}},
      {"B1", DeviceKind::behavioural, {"bout", "0"}, "", "V=V(in)*2 + 0.1", {}},
      {"R2", DeviceKind::resistor, {"out", "0"}, "", "1k", {}},
      {"R3", DeviceKind::resistor, {"bout", "0"}, "", "1k", {}},
      {"S1", DeviceKind::vswitch, {"bl", "sw", "wl", "0"}, "sw1", "", {}},
      {"R4", DeviceKind::resistor, {"sw", "vdd"}, "", "1meg", {}},
      {"I1", DeviceKind::currentSource, {"0", "iout"}, "", "DC 1m", {}},
      {"R5", DeviceKind::resistor, {"iout", "0"}, "", "1k", {}},
  };
  c.options = {"reltol=1e-4"};
  c.analyses = {".tran 0.1n 20n"};
  c.measures = {".meas tran vout FIND v(out) AT=15n", ".meas tran vbout FIND v(bout) AT=15n",
                ".meas tran viout FIND v(iout) AT=15n"};
  return c;
}

std::string readError(const std::string& deck)
{
  try {
    readSpice(deck, "t.sp");
  } catch (const nladc::InputError& e) {
    return e.what();
  }
  return "(no error)";
}

std::string writeError(const std::function<void(Circuit&)>& spoil)
{
  Circuit c = everyKind();
  spoil(c);
  try {
    writeSpice(c);
  } catch (const nladc::InputError& e) {
    return e.what();
  }
  return "(no error)";
}

} // namespace

TEST_CASE("a circuit with every device kind survives write, read, write")
{
  const Circuit original = everyKind();
  const std::string deck = writeSpice(original);
  const Circuit read = readSpice(deck, "t.sp");
  CHECK(writeSpice(read) == deck);

  CHECK(read.title == original.title);
  REQUIRE(read.devices.size() == original.devices.size());
  for (std::size_t i = 0; i < read.devices.size(); ++i) {
    const Device& a = original.devices[i];
    const Device& b = read.devices[i];
    INFO(a.name);
    CHECK(b.name == a.name);
    CHECK(b.kind == a.kind);
    CHECK(b.nets == a.nets);
    CHECK(b.model == a.model);
    CHECK(b.value == a.value);
    CHECK(b.params == a.params);
  }
  REQUIRE(read.subcircuits.size() == 1);
  CHECK(read.subcircuits[0].ports == original.subcircuits[0].ports);
  CHECK(read.subcircuits[0].params == original.subcircuits[0].params);
  CHECK(read.subcircuits[0].devices[1].value == "{r}");
  REQUIRE(read.models.size() == 2);
  CHECK(read.models[1].params == original.models[1].params);
  CHECK(read.options == original.options);
  CHECK(read.analyses == original.analyses);
  CHECK(read.measures == original.measures);
}

TEST_CASE("includes and libs round trip, and the deck has the documented layout")
{
  Circuit c = everyKind();
  c.includes = {"models/generic.lib", "/opt/pdk/cells.sp"};
  c.libs = {{"../pdk/corners.lib", "tt"}};
  const std::string deck = writeSpice(c);
  CHECK_THAT(deck, StartsWith("nladc io test: every device kind\n.include models/generic.lib\n"
                              ".include /opt/pdk/cells.sp\n.lib ../pdk/corners.lib tt\n"
                              ".model nch nmos (level=1 vto=0.4 kp=200u)\n"));
  CHECK_THAT(deck, Contains("\n.subckt cell bl wl sl r=10k\nM1 bl wl mid sl nch W=1u L=100n\nR1 mid sl {r}\n"
                            ".ends cell\n"));
  CHECK_THAT(deck, Contains("\nB1 bout 0 V=V(in)*2 + 0.1\n"));
  CHECK_THAT(deck, Contains("\n.options reltol=1e-4\n.tran 0.1n 20n\n.meas tran vout FIND v(out) AT=15n\n"));
  CHECK_THAT(deck, Contains("\n.end\n"));
  const Circuit read = readSpice(deck, "t.sp");
  CHECK(read.includes == c.includes);
  CHECK(read.libs == c.libs);
  CHECK(writeSpice(read) == deck);
}

TEST_CASE("long cards continue on '+' lines and read back whole")
{
  Circuit c = everyKind();
  std::string pwl = "PWL(";
  for (int i = 0; i < 200; ++i)
    pwl += (i ? " " : "") + std::to_string(i) + "n " + std::to_string(i % 7) + ".25";
  c.devices[2].value = pwl + ")";
  const std::string deck = writeSpice(c);
  std::istringstream lines(deck);
  int continuations = 0;
  for (std::string line; std::getline(lines, line);) {
    CHECK(line.size() <= 100);
    continuations += line.starts_with("+ ");
  }
  CHECK(continuations > 10);
  const Circuit read = readSpice(deck, "t.sp");
  CHECK(read.devices[2].value == c.devices[2].value);
  CHECK(writeSpice(read) == deck);
}

TEST_CASE("the reader takes comments, blank lines, continuations, any case and CRLF")
{
  const std::string deck = "* a hand-written deck\r\n"
                           "\r\n"
                           ".MODEL NCH NMOS LEVEL=1 VTO = 0.4\r\n"
                           "* a comment between cards\r\n"
                           "v1 vdd 0\r\n"
                           "+ dc 1.2\r\n"
                           "\tR1 vdd d 10k\r\n"
                           "m1 d g 0 0 nch w=1u\r\n"
                           "+ l=100n\r\n"
                           "Vg g 0 DC 0.8\r\n"
                           ".Subckt LOAD a b PARAMS: r=1k\r\n"
                           "R1 a b {r}\r\n"
                           ".ENDS\r\n"
                           "X1 d 0 load\r\n"
                           ".OP\r\n"
                           ".END\r\n"
                           "* only comments after .end\r\n";
  const Circuit c = readSpice(deck, "t.sp");
  CHECK(c.title == "a hand-written deck");
  REQUIRE(c.models.size() == 1);
  CHECK(c.models[0].type == "NMOS");
  CHECK(c.models[0].params == std::vector<std::pair<std::string, std::string>>{{"LEVEL", "1"}, {"VTO", "0.4"}});
  REQUIRE(c.devices.size() == 5);
  CHECK(c.devices[0].value == "dc 1.2");
  CHECK(c.devices[2].kind == DeviceKind::mosfet);
  CHECK(c.devices[2].params == std::vector<std::pair<std::string, std::string>>{{"w", "1u"}, {"l", "100n"}});
  CHECK(c.devices[4].kind == DeviceKind::instance);
  CHECK(c.devices[4].model == "load");
  REQUIRE(c.subcircuits.size() == 1);
  CHECK(c.subcircuits[0].params.size() == 1);
  CHECK(c.analyses == std::vector<std::string>{".OP"});
}

TEST_CASE("the reader refuses what it does not read, naming the file and line")
{
  struct Case {
    std::string deck;
    std::string where;
    std::string mention;
  };
  const std::vector<Case> cases{
      {"t\nR1 a 0 1k\n.control\nshell rm -rf /\n.endc\n.end\n", "t.sp:3: ", ".control"},
      {"t\nR1 a 0 1k\n.endc\n", "t.sp:3: ", ".endc"},
      {"t\nshell rm -rf /\n", "t.sp:2: ", "shell"},
      {"t\nR1 a 0 1k\n\n.exec rm\n", "t.sp:4: ", "unsupported directive .exec"},
      {"t\n.param r=1k\n", "t.sp:2: ", "unsupported directive .param"},
      {"t\nL1 a 0 1n\n", "t.sp:2: ", "unknown device letter"},
      {"t\nR1 a 0 1k\n.end\n.control\necho hi\n.endc\n", "t.sp:4: ", "after .end"},
      {"*ng_script\necho hi\n", "t.sp:1: ", "*ng_script"},
      {"t\n* comment \x07 bell\n", "t.sp:2: ", "control character 0x07"},
      {"t\nR1 a 0 1k;shell rm\n", "t.sp:2: ", "';'"},
      {"t\nR1 a 0 `rm`\n", "t.sp:2: ", "'`'"},
      {"t\nV1 a 0 DC {1+2}\n", "t.sp:2: ", "braces"},
      {"t\n.include \"x.lib\"\n", "t.sp:2: ", "'\"'"},
      {"t\n.subckt s a b\nR1 a b 1k\n", "t.sp:2: ", "no .ends"},
      {"t\n.subckt s a b\n.subckt u c\n", "t.sp:3: ", "nesting"},
      {"t\n.subckt s a b\n.model m nmos\n.ends\n", "t.sp:3: ", "inside .subckt s"},
      {"t\n+ 1k\n", "t.sp:2: ", "continuation"},
      {"t\nB1 a 0 a*2\n", "t.sp:2: ", "V=expression"},
      {"t\nM1 d g s nch\n", "t.sp:2: ", "the 4 nets and one model name"},
      {"t\n.tran 1n 10n .control\n", "t.sp:2: ", "directive"},
      {"t\nR1 a 0 1k\n.end extra\n", "t.sp:3: ", ".end takes no arguments"},
      {"", "t.sp:1: ", "empty"},
  };
  for (const Case& c : cases) {
    INFO(c.deck);
    const std::string error = readError(c.deck);
    CHECK_THAT(error, StartsWith(c.where));
    CHECK_THAT(error, Contains(c.mention));
    CHECK(error.find('\n') == std::string::npos);
  }
}

TEST_CASE("the writer refuses every string that could inject a card or a command")
{
  using Spoil = std::function<void(Circuit&)>;
  const std::vector<std::pair<Spoil, std::string>> cases{
      {[](Circuit& c) { c.devices[3].name = "R1\n.control"; }, "a newline"},
      {[](Circuit& c) { c.devices[3].nets[1] = "bl\n.control\nshell rm -rf /\n.endc"; }, "a newline"},
      {[](Circuit& c) { c.devices[3].nets[1] = "b l"; }, "a space"},
      {[](Circuit& c) { c.devices[3].nets[1] = ".control"; }, "starts with a letter"},
      {[](Circuit& c) { c.models[0].name = "nch; shell rm -rf /"; }, "';'"},
      {[](Circuit& c) { c.subcircuits[0].devices[0].model = "nch`rm -rf /`"; }, "'`'"},
      {[](Circuit& c) { c.devices[10].name = "shell"; }, "reserved"},
      {[](Circuit& c) { c.devices[3].value = "1k\n.endc"; }, "a newline"},
      {[](Circuit& c) { c.devices[3].value = "1k; shell rm"; }, "';'"},
      {[](Circuit& c) { c.devices[3].value = "1k $ comment"; }, "'$'"},
      {[](Circuit& c) { c.devices[3].value = "{1+2}"; }, "braces"},
      {[](Circuit& c) { c.devices[2].value = "PWL(0 0 1n 1) .control"; }, "directive"},
      {[](Circuit& c) { c.devices[2].value = "PWL(0 0 1n 1) shell"; }, "unknown word 'shell'"},
      {[](Circuit& c) { c.devices[7].value = "V=V(in)*2 + \"x\""; }, "'\"'"},
      {[](Circuit& c) { c.devices[7].value = "V=V(in\n.control)"; }, "a newline"},
      {[](Circuit& c) { c.devices[4].params[0].second = "5k\n.control"; }, "a newline"},
      {[](Circuit& c) { c.subcircuits[0].params[0].second = "10k 20k"; }, "one word"},
      {[](Circuit& c) { c.includes = {"models lib.sp"}; }, "a space"},
      {[](Circuit& c) { c.includes = {"\"models.lib\""}; }, "'\"'"},
      {[](Circuit& c) { c.includes = {"-rf"}; }, "'-'"},
      {[](Circuit& c) { c.includes = {".control"}; }, "./ or ../"},
      {[](Circuit& c) { c.includes = {"a;b"}; }, "';'"},
      {[](Circuit& c) { c.includes = {"$HOME/x.lib"}; }, "'$'"},
      {[](Circuit& c) {
         c.libs = {{"x.lib", "tt\n.control"}};
       },
       "a newline"},
      {[](Circuit& c) { c.title = "title\n.control"; }, "a newline"},
      {[](Circuit& c) { c.title = "*ng_script"; }, "'*'"},
      {[](Circuit& c) { c.options = {"reltol=1e-4\n.control"}; }, "a newline"},
      {[](Circuit& c) { c.analyses = {".tran 1n 10n\nshell rm"}; }, "a newline"},
      {[](Circuit& c) { c.analyses = {".control"}; }, "does not start with .tran"},
      {[](Circuit& c) { c.measures = {".meas tran x FIND v(a) AT=1n `ls`"}; }, "'`'"},
      {[](Circuit& c) { c.measures = {".tran 1n 10n"}; }, "does not start with .meas"},
      {[](Circuit& c) { c.devices[3].name = "C9"; }, "a resistor's name starts with R"},
      {[](Circuit& c) { c.devices[3].nets.push_back("x"); }, "a resistor has 2"},
  };
  for (const auto& [spoil, mention] : cases) {
    const std::string error = writeError(spoil);
    INFO(error);
    CHECK_THAT(error, Contains(mention));
    CHECK(error.find('\n') == std::string::npos);
  }
}

TEST_CASE("values: numbers, sources, expressions and parameters")
{
  for (const char* good :
       {"10k", "1.2e-9", ".5", "5meg", "1.2V", "DC 0.2", "dc -1", "PWL(0 0 1n 1.2)", "PULSE(0 1.2 0 10p 10p 5n 10n)",
        "SIN(0 1 1meg)", "V(a)*2 + 0.1", "V(a,b)/2", "0.6*(1+tanh(1e4*(V(inp)-V(inn))))", "{r}", "2*{r}", "V(x1.n-3)"})
    CHECK_NOTHROW(validateValue(good, "value"));
  for (const char* bad : {"", "1k2", "1.2.3", "10 k", "V(a", "V(a,b,c)", "(1", "1)", "{r+1}", "{}", "shell", "exec(1)",
                          ".5.5", "a=1", "V(a) # x", "1 \\", "1\t2"})
    CHECK_THROWS_AS(validateValue(bad, "value"), nladc::InputError);
  CHECK(referencedNodes("V(in)*2 + V(a, b) - v(in)") == std::vector<std::string>{"in", "a", "b", "in"});
  CHECK(referencedParameters("{r}*2+{c}") == std::vector<std::string>{"r", "c"});
  CHECK(cardWords("  W = 1u\tL= 2u  m=1 ") == std::vector<std::string>{"W=1u", "L=2u", "m=1"});
}

TEST_CASE("names and paths follow the documented character sets")
{
  for (const char* good : {"R1", "x1.mid", "vin-", "_n", "0", "layer3.relu:a"})
    CHECK_NOTHROW(validateName(good, "name"));
  for (const char* bad : {"", "-a", ".a", "a b", "a=b", "a(b)", "a,b", "Shell", "a\x01"})
    CHECK_THROWS_AS(validateName(bad, "name"), nladc::InputError);
  CHECK_THROWS_WITH(validateName(std::string(65, 'a'), "name"), Contains("longer than 64"));
  for (const char* good : {"models.lib", "./m.lib", "../pdk/m.lib", "/opt/pdk-1.2/m+x~@:.lib"})
    CHECK_NOTHROW(validatePath(good, "path"));
  for (const char* bad : {"", ".hidden", "-x", "a b", "a'b", "a\\b", "a{b}", "a|b", "a\nb"})
    CHECK_THROWS_AS(validatePath(bad, "path"), nladc::InputError);
}

TEST_CASE("writeSpiceFile writes the deck atomically and readSpiceFile names the file")
{
  const nladc::testing::TempDir scratch("nladc_spice_io");
  const fs::path& dir = scratch.path();
  const fs::path deck = dir / "deck.sp";
  writeSpiceFile(deck, everyKind());
  CHECK(readSpiceFile(deck).devices.size() == everyKind().devices.size());
  CHECK_THROWS_WITH(readSpiceFile(dir / "missing.sp"), StartsWith((dir / "missing.sp").string() + ": cannot read"));
  Circuit bad = everyKind();
  bad.title = "x\ny";
  CHECK_THROWS_AS(writeSpiceFile(dir / "bad.sp", bad), nladc::InputError);
  CHECK(!fs::exists(dir / "bad.sp"));
  fs::remove_all(dir);
}

TEST_CASE("library scan: models, sections, nested includes, binned models, problems")
{
  const nladc::testing::TempDir scratch("nladc_library_scan");
  const fs::path& dir = scratch.path();
  std::ofstream(dir / "corners.lib") << "* corners\n"
                                        ".lib tt\n"
                                        ".model NCH_TT nmos (level=1\n+ vto=0.4)\n"
                                        ".include sub/cells.sp ; the cells\n"
                                        ".endl tt\n"
                                        ".lib ff\n"
                                        ".model nch_ff nmos level=1\n"
                                        ".endl\n";
  fs::create_directories(dir / "sub");
  std::ofstream(dir / "sub" / "cells.sp") << ".subckt inv in out vdd vss params: w=1u\n"
                                             ".model local nmos\n"
                                             ".ends\n"
                                             ".model pch.1 pmos level=1\n";
  LibraryDefinitions defs;
  scanLibrary(dir / "corners.lib", "tt", defs);
  CHECK(defs.problems.empty());
  CHECK(defs.models == std::set<std::string>{"nch_tt", "pch.1", "pch"});
  CHECK(defs.subcircuits == std::map<std::string, std::size_t>{{"inv", 4}});

  scanLibrary(dir / "corners.lib", "ss", defs);
  scanLibrary(dir / "absent.lib", "", defs);
  REQUIRE(defs.problems.size() == 2);
  CHECK_THAT(defs.problems[0], Contains("no .lib section ss"));
  CHECK_THAT(defs.problems[1], Contains("cannot read"));
  fs::remove_all(dir);
}

TEST_CASE("a written deck runs in the standalone ngspice")
{
  const nladc::testing::TempDir scratch("nladc_ngspice");
  const fs::path& dir = scratch.path();
  const fs::path deck = dir / "every_kind.sp";
  writeSpiceFile(deck, everyKind());
  const std::string output = nladc::testing::runStandaloneNgspice(deck);
  INFO(output);
  // At 15 ns V3 stands at 0.75 V: E1 doubles it, B1 doubles it and adds 0.1 V.
  CHECK_THAT(output, Contains("vout                =  1.500000e+00"));
  CHECK_THAT(output, Contains("vbout               =  1.600000e+00"));
  // I1 drives 1 mA from ground into iout, through R5's 1 kΩ: 1 V.
  CHECK_THAT(output, Contains("viout               =  1.000000e+00"));
  CHECK(output.find("rror") == std::string::npos);
  fs::remove_all(dir);
}
