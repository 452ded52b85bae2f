#pragma once

// The standalone `ngspice -b` on a deck file, for the tests that hold
// nladc's decks against the simulator run outside nladc.

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>
#include <sys/wait.h>

namespace nladc::testing {

// Runs it (REQUIRE: it exits 0) and returns what it printed, stdout and
// stderr, which it also keeps beside the deck as DECK.log.
inline std::string runStandaloneNgspice(const std::filesystem::path& deck)
{
  const std::filesystem::path log = deck.string() + ".log";
  // One thread, as nladc's session runs (NgspiceSession sets num_threads=1):
  // OpenMP's order of summing the devices' currents moves a transistor
  // deck's ramp by a few µV.
  const std::string command = "OMP_NUM_THREADS=1 ngspice -b '" + deck.string() + "' > '" + log.string() + "' 2>&1";
  const int status = std::system(command.c_str());
  std::ifstream in(log);
  const std::string output((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  INFO(output);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  return output;
}

// The value a .meas line printed ("name = value"); REQUIRE: it did.
inline double measuredValue(const std::string& output, const std::string& name)
{
  std::smatch m;
  INFO(name << " in " << output);
  REQUIRE(std::regex_search(output, m, std::regex("(^|\\n)\\s*" + name + "\\s*=\\s*([-+0-9.eE]+)")));
  return std::stod(m[2]);
}

} // namespace nladc::testing
