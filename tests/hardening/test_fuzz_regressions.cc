// Every input the fuzz targets (fuzz/) found a crash, a hang or an escaping
// exception with lives in tests/data/fuzz/, named after its reader. Each must
// now be refused with the one-line InputError, and quickly.

#include "adc/TechnologyReader.hh"
#include "netlist/SpiceReader.hh"
#include "quant/ActivationReader.hh"
#include "quant/LevelFileReader.hh"
#include "util/Error.hh"

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <string>

namespace fs = std::filesystem;

namespace {

// Runs the reader the file's name prefix names, on the file.
void readWithItsReader(const fs::path& file)
{
  const std::string name = file.filename().string();
  if (name.starts_with("level_"))
    nladc::quant::readLevelFile(file);
  else if (name.starts_with("technology_"))
    nladc::adc::readTechnology(file);
  else if (name.starts_with("spice_"))
    nladc::netlist::readSpiceFile(file);
  else if (name.starts_with("activations_"))
    nladc::quant::readActivations(file, {});
  else
    FAIL("tests/data/fuzz/" << name << ": no reader for this name prefix");
}

} // namespace

TEST_CASE("the inputs the fuzzers found are refused with one line, within a second")
{
  size_t inputs = 0;
  for (const fs::directory_entry& entry : fs::directory_iterator(fs::path(NLADC_TEST_DATA_DIR) / "fuzz")) {
    INFO(entry.path().filename().string());
    ++inputs;
    const auto start = std::chrono::steady_clock::now();
    try {
      readWithItsReader(entry.path());
      FAIL("accepted");
    } catch (const nladc::InputError& e) {
      const std::string message = e.what();
      CHECK(message.starts_with(entry.path().string() + ": "));
      CHECK(message.find_first_of("\n\r") == std::string::npos);
    }
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
  }
  CHECK(inputs >= 2);
}
