#include "adc/Quantity.hh"
#include "adc/TechnologyReader.hh"
#include "util/Error.hh"

#include "tests/support/StandaloneNgspice.hh"
#include "tests/support/TempDir.hh"
#include <algorithm>

#include <catch2/catch.hpp>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace nladc::adc;
namespace fs = std::filesystem;

namespace {

const fs::path techDir = fs::path(NLADC_EXAMPLES_DIR) / "tech";

std::string slurp(const fs::path& path)
{
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void spit(const fs::path& path, const std::string& text)
{
  std::ofstream out(path, std::ios::binary);
  out << text;
}

class TempDir : public nladc::testing::TempDir {
public:
  TempDir() : nladc::testing::TempDir("nladc-tech") {}
};

// `text` with its one occurrence of `from` replaced by `to`.
std::string replaced(std::string text, const std::string& from, const std::string& to)
{
  const size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  REQUIRE(text.find(from, at + 1) == std::string::npos);
  return text.replace(at, from.size(), to);
}

// `text` without the one line that starts with `prefix`.
std::string withoutLine(const std::string& text, const std::string& prefix)
{
  std::istringstream in(text);
  std::string out;
  int removed = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(prefix, 0) == 0) {
      ++removed;
      continue;
    }
    out += line + "\n";
  }
  REQUIRE(removed == 1);
  return out;
}

// Writes `text` as tech.yaml next to a copy of the 65 nm model file, reads
// it, and returns the InputError's message without the "FILE: " prefix.
std::string errorOf(const std::string& text, const TempDir& dir)
{
  const fs::path file = dir.path() / "tech.yaml";
  fs::copy_file(techDir / "generic-65nm.lib", dir.path() / "generic-65nm.lib", fs::copy_options::overwrite_existing);
  spit(file, text);
  try {
    readTechnology(file);
  } catch (const nladc::InputError& e) {
    const std::string message = e.what();
    if (message.find('\n') != std::string::npos)
      return "MULTI-LINE: " + message;
    const std::string prefix = file.string() + ": ";
    if (message.rfind(prefix, 0) != 0)
      return "NO FILE PREFIX: " + message;
    return message.substr(prefix.size());
  }
  return "no error";
}

std::string errorOf(const std::string& text)
{
  const TempDir dir;
  return errorOf(text, dir);
}

const std::string& valid65()
{
  static const std::string text = slurp(techDir / "generic-65nm.yaml");
  return text;
}

std::string lower(std::string s)
{
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// The parameters of card `model` in a SPICE model file: '+' lines joined,
// "name=value" pairs, names lower-cased. Empty when the card is absent.
std::map<std::string, std::string> modelCard(const fs::path& file, const std::string& model)
{
  std::istringstream in(slurp(file));
  std::vector<std::string> statements;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] == '+' && !statements.empty())
      statements.back() += " " + line.substr(1);
    else
      statements.push_back(line);
  }
  for (std::string statement : statements) {
    std::replace_if(
        statement.begin(), statement.end(), [](char c) { return c == '(' || c == ')'; }, ' ');
    std::istringstream words(statement);
    std::string directive, name, type;
    words >> directive >> name >> type;
    if (lower(directive) != ".model" || lower(name) != lower(model))
      continue;
    std::map<std::string, std::string> params{{"type", lower(type)}};
    for (std::string word; words >> word;) {
      const size_t eq = word.find('=');
      if (eq != std::string::npos)
        params[lower(word.substr(0, eq))] = word.substr(eq + 1);
    }
    return params;
  }
  return {};
}

} // namespace

TEST_CASE("quantities parse with SI prefixes and a dimension check")
{
  CHECK(parseQuantity("0.2 V", Dimension::voltage) == Approx(0.2));
  CHECK(parseQuantity("0.2V", Dimension::voltage) == Approx(0.2));
  CHECK(parseQuantity("  150 mV ", Dimension::voltage) == Approx(0.15));
  CHECK(parseQuantity("100 uS", Dimension::conductance) == Approx(1e-4));
  CHECK(parseQuantity("100 \u00b5S", Dimension::conductance) == Approx(1e-4));
  CHECK(parseQuantity("100 \u03bcS", Dimension::conductance) == Approx(1e-4));
  CHECK(parseQuantity("2 mS", Dimension::conductance) == Approx(2e-3));
  CHECK(parseQuantity("1e-3 A", Dimension::current) == Approx(1e-3));
  CHECK(parseQuantity("10 kohm", Dimension::resistance) == Approx(1e4));
  CHECK(parseQuantity("10 k\u03a9", Dimension::resistance) == Approx(1e4));
  CHECK(parseQuantity("1 Mohm", Dimension::resistance) == Approx(1e6));
  CHECK(parseQuantity("20 pF", Dimension::capacitance) == Approx(20e-12));
  CHECK(parseQuantity("10 ns", Dimension::time) == Approx(10e-9));
  CHECK(parseQuantity("2 ms", Dimension::time) == Approx(2e-3));
  CHECK(parseQuantity("65 nm", Dimension::length) == Approx(65e-9));
  CHECK(parseQuantity("1 m", Dimension::length) == Approx(1.0));
  CHECK(parseQuantity("1 mm", Dimension::length) == Approx(1e-3));
  CHECK(parseQuantity("1.66 um^2", Dimension::area) == Approx(1.66e-12));
  CHECK(parseQuantity("1.66 \u00b5m\u00b2", Dimension::area) == Approx(1.66e-12));
  CHECK(parseQuantity("3.5 mV*um", Dimension::voltageLength) == Approx(3.5e-9));
  CHECK(parseQuantity("3.5 mV\u00b7\u00b5m", Dimension::voltageLength) == Approx(3.5e-9));
  CHECK(parseQuantity("2 fF/um^2", Dimension::capacitanceDensity) == Approx(2e-3));
  CHECK(parseQuantity("0 fF/um^2", Dimension::capacitanceDensity) == 0.0);
  CHECK(parseQuantity("0.5 fF/um", Dimension::capacitancePerWidth) == Approx(0.5e-9));
  CHECK(parseQuantity("3.6 fJ", Dimension::energy) == Approx(3.6e-15));
  CHECK_THROWS_AS(parseQuantity("0.5 fF/um^2", Dimension::capacitancePerWidth), QuantityError);
  CHECK(parseQuantity("1e4", Dimension::none) == Approx(1e4));
  CHECK(parseQuantity("-0.01", Dimension::none) == Approx(-0.01));

  const auto error = [](std::string_view text, Dimension dimension) -> std::string {
    try {
      parseQuantity(text, dimension);
    } catch (const QuantityError& e) {
      return e.what();
    }
    return "no error";
  };
  CHECK(error("100 V", Dimension::conductance) == "expected a conductance (S, mS, uS, nS), got '100 V'");
  CHECK(error("1.2", Dimension::voltage) == "expected a voltage (V, mV, uV), got '1.2'");
  CHECK(error("1e4 V", Dimension::none) == "expected a plain number, got '1e4 V'");
  CHECK(error("10 s", Dimension::conductance) == "expected a conductance (S, mS, uS, nS), got '10 s'");
  CHECK(error("1 MS", Dimension::time) == "expected a time (s, us, ns, ps), got '1 MS'");
  CHECK(error("1 xV", Dimension::voltage) == "expected a voltage (V, mV, uV), got '1 xV'");
  CHECK(error("1 um", Dimension::area) == "expected an area (um^2, nm^2), got '1 um'");
  CHECK(error("V", Dimension::voltage) == "expected a voltage (V, mV, uV), got 'V'");
  CHECK(error("0..2 V", Dimension::voltage) == "expected a voltage (V, mV, uV), got '0..2 V'");
  CHECK(error("inf V", Dimension::voltage) == "expected a voltage (V, mV, uV), got 'inf V'");
  CHECK(error("nan", Dimension::none) == "expected a plain number, got 'nan'");
  CHECK(error("1e999 V", Dimension::voltage) == "expected a voltage (V, mV, uV), got '1e999 V'");
  CHECK(error("0.2 V V", Dimension::voltage) == "expected a voltage (V, mV, uV), got '0.2 V V'");
  CHECK(error("3.5 mV*", Dimension::voltageLength) == "expected a voltage times a length (mV*um), got '3.5 mV*'");
  CHECK(error("1\n.control", Dimension::none) == "expected a plain number, got '1\\n.control'");
}

TEST_CASE("the bundled 65 nm technology loads with the values of its file")
{
  const Technology t = readTechnology(techDir / "generic-65nm.yaml");
  CHECK(t.name == "generic-65nm");
  CHECK(t.file == fs::absolute(techDir / "generic-65nm.yaml").lexically_normal());
  CHECK(t.featureSize == Approx(65e-9));
  CHECK(t.supply == Approx(1.2));
  CHECK(t.readVoltage.nominal == Approx(0.2));
  CHECK(t.readVoltage.min == Approx(0.15));
  CHECK(t.readVoltage.max == Approx(0.25));
  CHECK(t.fullScale == Approx(0.5));
  CHECK(t.stepTime == Approx(10e-9));
  CHECK(t.edgeTime == Approx(50e-12));
  CHECK(t.wordLineHigh == Approx(1.2));
  CHECK(t.rram.gMin == Approx(1e-6));
  CHECK(t.rram.gMax == Approx(100e-6));
  CHECK(t.rram.levels == 0);
  CHECK(t.rram.gOff == Approx(1e-8));
  CHECK(t.calibration.cells == 5);
  CHECK(t.calibration.lsbConductance == Approx(1e-6));
  CHECK(t.accessTransistor.model == "nacc65");
  CHECK(t.accessTransistor.w == Approx(0.3e-6));
  CHECK(t.accessTransistor.l == Approx(65e-9));
  CHECK(t.integrator.opampGain == Approx(1e4));
  CHECK(t.integrator.cIntMin == Approx(10e-15));
  CHECK(t.integrator.cIntMax == Approx(20e-12));
  CHECK(t.comparator.gain == Approx(1e4));
  CHECK(t.comparator.offset == 0.0);
  CHECK(t.wire.bitlineResistancePerCell == Approx(1.0));
  CHECK(t.variation.rramSigmaRel == Approx(0.03));
  CHECK(t.variation.rramSigmaAbs == 0.0);
  CHECK(t.variation.pStuckOff == 0.0);
  CHECK(t.variation.aVt == Approx(3.5e-9));
  CHECK(t.variation.gainSigma == Approx(0.005));
  CHECK(t.variation.comparatorOffsetSigma == Approx(5e-3));
  CHECK(t.variation.vreadSpread == Approx(0.10));
  CHECK(t.variation.vreadTracking);
  CHECK(t.area.cellF2 == Approx(33));
  CHECK(t.area.gatePitch == Approx(220e-9));
  CHECK(t.area.widthFactor == Approx(1.0));
  CHECK(t.area.momDensity == Approx(1.5e-3));
  CHECK(t.area.mimDensity == Approx(2e-3));
  CHECK(t.area.nand2Area == Approx(1.66e-12));
  CHECK(t.area.dffArea == Approx(9.4e-12));
  CHECK(t.area.routingFactor == Approx(1.4));
  REQUIRE(t.energy);
  CHECK(t.energy->gateCapacitance == Approx(18.7e-3));
  CHECK(t.energy->junctionCapacitance == Approx(0.5e-9));
  CHECK(t.energy->inverterEnergy == Approx(3.6e-15));
  CHECK(t.energy->dffEnergy == Approx(30.6e-15));
  CHECK(t.energy->unitResistance == Approx(5e3));
}

TEST_CASE("the bundled 16 nm technology loads with the values of its file")
{
  const Technology t = readTechnology(techDir / "generic-16nm.yaml");
  CHECK(t.name == "generic-16nm");
  CHECK(t.featureSize == Approx(16e-9));
  CHECK(t.supply == Approx(0.8));
  CHECK(t.fullScale == Approx(0.4));
  CHECK(t.stepTime == Approx(5e-9));
  CHECK(t.wordLineHigh == Approx(0.8));
  CHECK(t.accessTransistor.model == "nacc16");
  CHECK(t.accessTransistor.w == Approx(0.32e-6));
  CHECK(t.accessTransistor.l == Approx(20e-9));
  CHECK(t.integrator.opampGain == Approx(1e3));
  CHECK(t.wire.bitlineResistancePerCell == Approx(5.0));
  CHECK(t.variation.aVt == Approx(1.5e-9));
  CHECK(t.area.cellF2 == Approx(190));
  CHECK(t.area.gatePitch == Approx(90e-9));
  CHECK(t.area.widthFactor == Approx(0.59));
  CHECK(t.area.mimDensity == 0.0);
  CHECK(t.area.nand2Area == Approx(0.17e-12));
  CHECK(t.area.dffArea == Approx(0.86e-12));
}

TEST_CASE("the model path resolves to an existing absolute file next to the technology file")
{
  for (const char* name : {"generic-65nm", "generic-16nm"}) {
    const Technology t = readTechnology(techDir / (std::string(name) + ".yaml"));
    INFO(name);
    CHECK(t.models.directive == ModelDirective::include);
    CHECK(t.models.path.is_absolute());
    CHECK(fs::is_regular_file(t.models.path));
    CHECK(fs::equivalent(t.models.path, techDir / (std::string(name) + ".lib")));
    CHECK(t.models.section.empty());
    CHECK(t.models.spiceLine() == ".include " + t.models.path.string());
    // The card the technology names is in the file, level 1 without body effect.
    const auto card = modelCard(t.models.path, t.accessTransistor.model);
    REQUIRE(!card.empty());
    CHECK(card.at("type") == "nmos");
    CHECK(card.at("level") == "1");
    CHECK(std::stod(card.at("gamma")) == 0.0);
  }

  // A technology file given by a relative path resolves against its own directory.
  const TempDir dir;
  fs::create_directory(dir.path() / "sub");
  fs::copy_file(techDir / "generic-65nm.lib", dir.path() / "sub" / "generic-65nm.lib");
  spit(dir.path() / "sub" / "tech.yaml", valid65());
  const fs::path before = fs::current_path();
  fs::current_path(dir.path());
  const Technology t = readTechnology("sub/tech.yaml");
  fs::current_path(before);
  CHECK(t.models.path == fs::absolute(dir.path() / "sub" / "generic-65nm.lib").lexically_normal());
}

TEST_CASE("a PDK referenced by .lib and section")
{
  const TempDir dir;
  const std::string text = replaced(valid65(), "  include: generic-65nm.lib", "  lib: generic-65nm.lib\n  section: tt");
  fs::copy_file(techDir / "generic-65nm.lib", dir.path() / "generic-65nm.lib");
  spit(dir.path() / "tech.yaml", text);
  const Technology t = readTechnology(dir.path() / "tech.yaml");
  CHECK(t.models.directive == ModelDirective::lib);
  CHECK(t.models.section == "tt");
  CHECK(t.models.spiceLine() == ".lib " + (dir.path() / "generic-65nm.lib").lexically_normal().string() + " tt");

  // An absolute path is taken as it is.
  const std::string absolute =
      replaced(valid65(), "  include: generic-65nm.lib", "  include: " + (techDir / "generic-65nm.lib").string());
  spit(dir.path() / "abs.yaml", absolute);
  CHECK(readTechnology(dir.path() / "abs.yaml").models.path == (techDir / "generic-65nm.lib").lexically_normal());
}

TEST_CASE("unknown, duplicate and missing keys are errors naming the key")
{
  const std::string& v = valid65();
  CHECK(errorOf(replaced(v, "  g_off: 0.01 uS", "  g_off: 0.01 uS\n  g_of: 1 uS")) ==
        "rram.g_of: unknown key (known keys: g_min, g_max, levels, g_off)");
  CHECK(errorOf(v + "colour: blue\n").rfind("colour: unknown key (known keys: format, version, name, ", 0) == 0);
  CHECK(errorOf(replaced(v, "supply: 1.2 V ", "supply: 1.2 V\nsupply: 1.0 V ")) == "supply: duplicate key");
  CHECK(errorOf(withoutLine(v, "  g_max:")) == "rram.g_max: missing key");
  CHECK(errorOf(withoutLine(withoutLine(v, "wire:"), "  bitline_resistance_per_cell:")) == "wire: missing key");
  CHECK(errorOf(withoutLine(v, "supply:")) == "supply: missing key");
  CHECK(errorOf(withoutLine(v, "  rram_sigma_abs:")) == "variation.rram_sigma_abs: missing key");
  CHECK(errorOf(replaced(v, "supply: 1.2 V ", "supply: ")) == "supply: missing value");
  CHECK(errorOf(replaced(v, "supply: 1.2 V ", "supply: {volts: 1.2} ")) == "supply: expected a value, got a mapping");
  CHECK(errorOf(replaced(v, "supply: 1.2 V ", "supply: [1.2 V] ")) == "supply: expected a value, got a list");
  CHECK(errorOf(replaced(withoutLine(v, "  bitline_resistance_per_cell:"), "wire:", "wire: 1 ohm")) ==
        "wire: expected a mapping of keys");
  CHECK(errorOf(withoutLine(v, "  latch_energy:")) == "energy.latch_energy: missing key");
  CHECK(errorOf(replaced(v, "  dff_energy: 30.6 fJ", "  dff_energy: 30.6 fF")) ==
        "energy.dff_energy: expected an energy (J, pJ, fJ), got '30.6 fF'");
}

TEST_CASE("wrong units and unparsable numbers are errors naming the key")
{
  const std::string& v = valid65();
  CHECK(errorOf(replaced(v, "g_max: 100 uS", "g_max: 100 V")) ==
        "rram.g_max: expected a conductance (S, mS, uS, nS), got '100 V'");
  CHECK(errorOf(replaced(v, "supply: 1.2 V ", "supply: 1.2 ")) == "supply: expected a voltage (V, mV, uV), got '1.2'");
  CHECK(errorOf(replaced(v, "step_time: 10 ns", "step_time: ten ns")) ==
        "step_time: expected a time (s, us, ns, ps), got 'ten ns'");
  CHECK(errorOf(replaced(v, "a_vt: 3.5 mV*um", "a_vt: 3.5 mV")) ==
        "variation.a_vt: expected a voltage times a length (mV*um), got '3.5 mV'");
  CHECK(errorOf(replaced(v, "mom_density: 1.5 fF/um^2", "mom_density: 1.5 fF")) ==
        "area.mom_density: expected a capacitance per area (fF/um^2), got '1.5 fF'");
  CHECK(errorOf(replaced(v, "opamp_gain: 1e4", "opamp_gain: 1e4 V")) ==
        "integrator.opamp_gain: expected a plain number, got '1e4 V'");
  CHECK(errorOf(replaced(v, "  levels: 0 ", "  levels: 1.5 ")) == "rram.levels: expected an integer, got '1.5'");
  CHECK(errorOf(replaced(v, "vread_tracking: true", "vread_tracking: yes")) ==
        "variation.vread_tracking: expected true or false, got 'yes'");
}

TEST_CASE("impossible values are errors naming the key")
{
  const std::string& v = valid65();
  CHECK(errorOf(replaced(v, "g_min: 1 uS", "g_min: 200 uS")) ==
        "rram.g_min: must be below rram.g_max ('100 uS'), got '200 uS'");
  CHECK(errorOf(replaced(v, "g_min: 1 uS", "g_min: 100 uS")) ==
        "rram.g_min: must be below rram.g_max ('100 uS'), got '100 uS'");
  CHECK(errorOf(replaced(v, "g_off: 0.01 uS", "g_off: 2 uS")) ==
        "rram.g_off: must be below rram.g_min ('1 uS'), got '2 uS'");
  CHECK(errorOf(replaced(v, "  levels: 0 ", "  levels: 1 ")) ==
        "rram.levels: must be 0 (continuous) or 2 to 65536 levels, got '1'");
  CHECK(errorOf(replaced(v, "nominal: 0.2 V", "nominal: 0.3 V")) ==
        "read_voltage.nominal: must not exceed read_voltage.max ('0.25 V'), got '0.3 V'");
  CHECK(errorOf(replaced(v, "nominal: 0.2 V", "nominal: 0.1 V")) ==
        "read_voltage.nominal: must not be below read_voltage.min ('0.15 V'), got '0.1 V'");
  CHECK(errorOf(replaced(v, "max: 0.25 V", "max: 1.5 V")) ==
        "read_voltage.max: must not exceed supply ('1.2 V'), got '1.5 V'");
  CHECK(errorOf(replaced(v, "full_scale: 0.5 V", "full_scale: 1.5 V")) ==
        "full_scale: must be below supply ('1.2 V'), got '1.5 V'");
  CHECK(errorOf(replaced(v, "feature_size: 65 nm", "feature_size: -65 nm")) ==
        "feature_size: must be positive, got '-65 nm'");
  CHECK(errorOf(replaced(v, "step_time: 10 ns", "step_time: 0 ns")) == "step_time: must be positive, got '0 ns'");
  CHECK(errorOf(replaced(v, "edge_time: 50 ps", "edge_time: 6 ns")) ==
        "edge_time: must be below half of step_time ('10 ns'), got '6 ns'");
  CHECK(errorOf(replaced(v, "  cells: 5 ", "  cells: 9 ")) == "calibration.cells: must be 0 to 8, got '9'");
  CHECK(errorOf(replaced(v, "lsb_conductance: 1 uS", "lsb_conductance: 0.5 uS")) ==
        "calibration.lsb_conductance: must lie in [rram.g_min, rram.g_max] = ['1 uS', '100 uS'], got '0.5 uS'");
  CHECK(errorOf(replaced(v, "c_int_min: 10 fF", "c_int_min: 30 pF")) ==
        "integrator.c_int_min: must be below integrator.c_int_max ('20 pF'), got '30 pF'");
  CHECK(errorOf(replaced(v, "opamp_gain: 1e4", "opamp_gain: 0.5")) ==
        "integrator.opamp_gain: must be above 1, got '0.5'");
  CHECK(errorOf(replaced(v, "offset: 0 V", "offset: -2 V")) ==
        "comparator.offset: must be smaller in magnitude than supply ('1.2 V'), got '-2 V'");
  CHECK(errorOf(replaced(v, "p_stuck_off: 0 ", "p_stuck_off: 1 ")) ==
        "variation.p_stuck_off: must be at least 0 and below 1, got '1'");
  CHECK(errorOf(replaced(v, "vread_spread: 0.10", "vread_spread: -0.1")) ==
        "variation.vread_spread: must be at least 0 and below 1, got '-0.1'");
  CHECK(errorOf(replaced(v, "rram_sigma_rel: 0.03", "rram_sigma_rel: -0.01")) ==
        "variation.rram_sigma_rel: must not be negative, got '-0.01'");
  CHECK(errorOf(replaced(v, "comparator_offset_sigma: 5 mV", "comparator_offset_sigma: -5 mV")) ==
        "variation.comparator_offset_sigma: must not be negative, got '-5 mV'");
  CHECK(errorOf(replaced(v, "w: 0.3 um", "w: 0 um")) == "access_transistor.w: must be positive, got '0 um'");
  CHECK(errorOf(replaced(v, "routing_factor: 1.4", "routing_factor: 0.9")) ==
        "area.routing_factor: must be at least 1, got '0.9'");
  CHECK(errorOf(replaced(v, "bitline_resistance_per_cell: 1 ohm", "bitline_resistance_per_cell: -1 ohm")) ==
        "wire.bitline_resistance_per_cell: must not be negative, got '-1 ohm'");
  // Allowed edge values: no absolute RRAM σ, an ideal wire, no MIM, L = 2 levels.
  CHECK(errorOf(replaced(replaced(replaced(v, "mim_density: 2 fF/um^2", "mim_density: 0 fF/um^2"),
                                  "bitline_resistance_per_cell: 1 ohm", "bitline_resistance_per_cell: 0 ohm"),
                         "  levels: 0 ", "  levels: 2 ")) == "no error");
}

TEST_CASE("the model source: one of include and lib, a section only with lib, the file must exist")
{
  const std::string& v = valid65();
  const std::string include = "  include: generic-65nm.lib";
  CHECK(errorOf(replaced(v, include, include + "\n  lib: generic-65nm.lib")) ==
        "models: give either include or lib, not both");
  CHECK(errorOf(replaced(v, include, "  lib: generic-65nm.lib")) ==
        "models.section: missing key (a .lib file is read by section, e.g. tt)");
  CHECK(errorOf(replaced(v, include, include + "\n  section: tt")) == "models.section: only allowed with lib");
  CHECK(errorOf(replaced(v, include, "  section: tt")) == "models.include: missing key (or give lib and section)");

  const TempDir dir;
  CHECK(errorOf(replaced(v, include, "  include: nothere.lib"), dir) ==
        "models.include: model file '" + (dir.path() / "nothere.lib").string() + "' not found");
  CHECK(errorOf(replaced(v, include, "  include: ."), dir) ==
        "models.include: model file '" + dir.path().string() + "/' is not a regular file");
}

TEST_CASE("model names and paths cannot inject into a SPICE deck")
{
  const std::string& v = valid65();
  const std::string nameRule =
      " is not a valid SPICE name (a SPICE name is a letter or '_' followed by letters, digits, '_', '.', ':' or "
      "'-', at most 64 characters)";
  const std::string pathRule = " cannot be written into a SPICE deck (" + std::string(spicePathRule) + ")";

  const auto withModel = [&](const std::string& yamlValue) {
    return errorOf(replaced(v, "model: nacc65 ", "model: " + yamlValue + " "));
  };
  CHECK(withModel(R"("nacc65\n.control")") == "access_transistor.model: 'nacc65\\n.control'" + nameRule);
  CHECK(withModel(R"(".control")") == "access_transistor.model: '.control'" + nameRule);
  CHECK(withModel("nacc65; shell rm -rf x") == "access_transistor.model: 'nacc65; shell rm -rf x'" + nameRule);
  CHECK(withModel(R"("nacc'65")") == "access_transistor.model: 'nacc'65'" + nameRule);
  CHECK(withModel(R"('nacc"65')") == "access_transistor.model: 'nacc\"65'" + nameRule);
  CHECK(withModel(R"("nacc 65")") == "access_transistor.model: 'nacc 65'" + nameRule);
  CHECK(withModel(R"("")") == "access_transistor.model: ''" + nameRule);
  CHECK(withModel(std::string(65, 'n')) == "access_transistor.model: '" + std::string(65, 'n') + "'" + nameRule);
  CHECK(withModel(std::string(64, 'n')) == "no error"); // 64 characters are a valid name
  CHECK(errorOf(replaced(v, "  include: generic-65nm.lib", "  lib: generic-65nm.lib\n  section: \".control\"")) ==
        "models.section: '.control'" + nameRule);

  const auto withInclude = [&](const std::string& yamlValue) {
    return errorOf(replaced(v, "include: generic-65nm.lib", "include: " + yamlValue));
  };
  CHECK(withInclude(R"("generic-65nm.lib\n.control")") == "models.include: 'generic-65nm.lib\\n.control'" + pathRule);
  CHECK(withInclude("x.lib; shell rm -rf x") == "models.include: 'x.lib; shell rm -rf x'" + pathRule);
  CHECK(withInclude("x.lib;shell") == "models.include: 'x.lib;shell'" + pathRule);
  CHECK(withInclude("$HOME/x.lib") == "models.include: '$HOME/x.lib'" + pathRule);
  CHECK(withInclude(R"("gen\"eric.lib")") == "models.include: 'gen\"eric.lib'" + pathRule);
  CHECK(withInclude(R"("gen'eric.lib")") == "models.include: 'gen'eric.lib'" + pathRule);
  CHECK(withInclude(R"("my models.lib")") == "models.include: 'my models.lib'" + pathRule);
  CHECK(withInclude(R"("gen\teric.lib")") == "models.include: 'gen\\teric.lib'" + pathRule);
  CHECK(withInclude("-generic.lib") == "models.include: '-generic.lib'" + pathRule);

  // A safe relative path in a directory whose name has a space.
  const TempDir dir;
  const fs::path spaced = dir.path() / "my tech";
  fs::create_directory(spaced);
  fs::copy_file(techDir / "generic-65nm.lib", spaced / "generic-65nm.lib");
  spit(spaced / "tech.yaml", v);
  try {
    readTechnology(spaced / "tech.yaml");
    FAIL("no error");
  } catch (const nladc::InputError& e) {
    CHECK(std::string(e.what()) == (spaced / "tech.yaml").string() + ": models.include: the resolved path '" +
                                       (spaced / "generic-65nm.lib").string() + "'" + pathRule);
  }
}

TEST_CASE("the file itself: format, version, name, YAML syntax, not a mapping, unreadable")
{
  const std::string& v = valid65();
  CHECK(errorOf(replaced(v, "format: nladc-technology", "format: nladc-levels")) ==
        "format: expected 'nladc-technology', got 'nladc-levels'");
  CHECK(errorOf(withoutLine(v, "format:")) == "format: missing key");
  CHECK(errorOf(replaced(v, "version: 1", "version: 2")) ==
        "version: unsupported version 2 (this nladc reads version 1)");
  CHECK(errorOf(replaced(v, "version: 1", "version: one")) == "version: expected an integer, got 'one'");
  CHECK(errorOf(replaced(v, "name: generic-65nm", "name: generic 65nm")) ==
        "name: 'generic 65nm' is not a valid name (letters, digits, '_', '.', ':' or '-', 1 to 64 characters)");
  // The format is checked before unknown keys, so another kind of file is named as such.
  CHECK(errorOf("{\"format\": \"nladc-levels\", \"version\": 1, \"levels\": [0, 1]}") ==
        "format: expected 'nladc-technology', got 'nladc-levels'");

  // YAML syntax errors name the line and column.
  const size_t supplyAt = v.find("supply: 1.2 V ");
  const long supplyLine = 1 + std::count(v.begin(), v.begin() + static_cast<long>(supplyAt), '\n');
  CHECK(errorOf(replaced(v, "supply: 1.2 V ", "supply: 1.2 V: x ")) ==
        "line " + std::to_string(supplyLine) + ", column 14: invalid YAML: illegal map value");
  const std::string unbalanced = errorOf(replaced(v, "rram:\n", "rram: [\n"));
  CHECK(unbalanced.rfind("line ", 0) == 0);
  CHECK(unbalanced.find("invalid YAML: end of sequence flow not found") != std::string::npos);
  const std::string tabbed = errorOf(replaced(v, "  g_max: 100 uS", "\tg_max: 100 uS"));
  CHECK(tabbed.rfind("line ", 0) == 0);
  CHECK(tabbed.find("invalid YAML: ") != std::string::npos);

  CHECK(errorOf("") == "empty file, expected a nladc-technology mapping");
  CHECK(errorOf("# only a comment\n") == "empty file, expected a nladc-technology mapping");
  CHECK(errorOf("- a\n- b\n") == "expected a mapping of keys at the top level (a nladc-technology file)");
  CHECK(errorOf(v + "---\n" + v) == "expected one YAML document, found 2");

  try {
    readTechnology("/nonexistent/tech.yaml");
    FAIL("no error");
  } catch (const nladc::InputError& e) {
    CHECK(std::string(e.what()).rfind("/nonexistent/tech.yaml: cannot read: ", 0) == 0);
  }
}

// Runs one access transistor of a bundled technology in ngspice (.op at
// Vgs = word_line_high, Vds = nominal read voltage) and compares the drain
// current with the level-1 formula evaluated from the card's own numbers:
// the file runs, and the card is the model it says it is.
TEST_CASE("the bundled access-transistor cards run in ngspice and are the level-1 model they say")
{
  for (const char* name : {"generic-65nm", "generic-16nm"}) {
    INFO(name);
    const Technology t = readTechnology(techDir / (std::string(name) + ".yaml"));
    const auto card = modelCard(t.models.path, t.accessTransistor.model);
    REQUIRE(!card.empty());
    REQUIRE(card.at("level") == "1");
    REQUIRE(std::stod(card.at("gamma")) == 0.0);
    CHECK(card.count("ld") == 0); // no LD: L in the formula is the drawn L
    const double vto = std::stod(card.at("vto"));
    const double kp = std::stod(card.at("kp"));
    const double lambda = std::stod(card.at("lambda"));
    const double w = t.accessTransistor.w;
    const double l = t.accessTransistor.l;
    const double vgs = t.wordLineHigh;
    const double vds = t.readVoltage.nominal;
    REQUIRE(vds < vgs - vto); // linear region
    const double expected = kp * w / l * ((vgs - vto) * vds - vds * vds / 2) * (1 + lambda * vds);

    const TempDir dir;
    std::ostringstream deck;
    deck.precision(17);
    deck << "* nladc technology check: " << t.name << "\n"
         << t.models.spiceLine() << "\n"
         << "M1 d g 0 0 " << t.accessTransistor.model << " W=" << w << " L=" << l << "\n"
         << "Vd d 0 " << vds << "\n"
         << "Vg g 0 " << vgs << "\n"
         << ".control\n"
         << "op\n"
         << "let id = abs(i(vd))\n"
         << "echo \"NLADC_ID=$&id\"\n"
         << "quit\n"
         << ".endc\n"
         << ".end\n";
    spit(dir.path() / "check.sp", deck.str());
    const std::string output = nladc::testing::runStandaloneNgspice(dir.path() / "check.sp");
    INFO(output);
    const size_t at = output.find("NLADC_ID=");
    REQUIRE(at != std::string::npos);
    CHECK(output.find("rror") == std::string::npos);
    const double simulated = std::stod(output.substr(at + 9));
    CHECK(simulated == Approx(expected).epsilon(1e-5));
    // And the current is what a 1T1R cell at the design point needs: ≈ 0.1 mA through ≈ 0.9 kΩ.
    CHECK(vds / simulated == Approx(900).epsilon(0.15));
  }
}

TEST_CASE("the front end's optional preamplifier fields parse, and are refused when not positive")
{
  const TempDir dir;
  fs::copy_file(techDir / "generic-65nm.lib", dir.path() / "generic-65nm.lib");
  const std::string anchor = "  common_mode: 0.35 V";
  spit(dir.path() / "tech.yaml",
       replaced(valid65(), anchor,
                "  preamp_load_width: 260 nm\n  preamp_load_length: 1 um\n  preamp_current: 3 uA\n" + anchor));
  const Technology t = readTechnology(dir.path() / "tech.yaml");
  REQUIRE(t.blocks);
  CHECK(t.blocks->preampLoadWidth == Approx(260e-9));
  CHECK(t.blocks->preampLoadLength == Approx(1e-6));
  CHECK(t.blocks->preampCurrent == Approx(3e-6));
  // Absent: 0, the netlist's defaults.
  CHECK(readTechnology(techDir / "generic-65nm.yaml").blocks->preampCurrent == 0.0);
  CHECK(errorOf(replaced(valid65(), anchor, "  preamp_current: 0 uA\n" + anchor)) ==
        "blocks.preamp_current: must be positive, got '0 uA'");
  CHECK(errorOf(replaced(valid65(), anchor, "  preamp_current: 2 uV\n" + anchor)) ==
        "blocks.preamp_current: expected a current (A, mA, uA, nA), got '2 uV'");
}
