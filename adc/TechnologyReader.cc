#include "adc/TechnologyReader.hh"

#include "adc/Quantity.hh"
#include "util/BoundedFile.hh"
#include "util/Error.hh"
#include "util/Text.hh"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <fstream>
#include <map>
#include <sstream>
#include <utility>
#include <vector>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

namespace nladc::adc {

namespace {

constexpr std::string_view formatName = "nladc-technology";
constexpr long long supportedVersion = 1;
constexpr std::uintmax_t maxFileBytes = 1 << 20;

// What the file said for each key read so far, by full key path, so that a
// cross-check message can quote the other value as written.
using RawValues = std::map<std::string, std::string>;

std::string shown(std::string_view text)
{
  return quotedForMessage(text);
}

// One YAML mapping of the file: its keys, read with checks, each failure an
// InputError "FILE: prefix.key: what".
class Section {
public:
  Section(const std::string& label, RawValues& raw, const YAML::Node& node, std::string path,
          std::vector<std::string_view> known)
      : label_(label), raw_(raw), path_(std::move(path)), known_(std::move(known))
  {
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (!it->first.IsScalar())
        failHere("a key must be a plain name");
      const std::string key = it->first.Scalar();
      for (const auto& entry : entries_)
        if (entry.first == key)
          fail(key, "duplicate key");
      entries_.emplace_back(key, it->second);
    }
  }

  [[noreturn]] void fail(std::string_view key, const std::string& what) const
  {
    // An unknown key is the file's text: it may span lines.
    throw InputError(fmt::format("{}: {}: {}", label_, printableExcerpt(keyPath(key), 200), what));
  }

  [[noreturn]] void failHere(const std::string& what) const
  {
    if (path_.empty())
      throw InputError(fmt::format("{}: {}", label_, what));
    throw InputError(fmt::format("{}: {}: {}", label_, path_, what));
  }

  std::string keyPath(std::string_view key) const
  {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }

  // Every key must be known.
  void rejectUnknown() const
  {
    for (const auto& [key, value] : entries_) {
      bool isKnown = false;
      for (std::string_view k : known_)
        isKnown = isKnown || k == key;
      if (!isKnown)
        fail(key, fmt::format("unknown key (known keys: {})", fmt::join(known_, ", ")));
    }
  }

  bool has(std::string_view key) const { return find(key) != nullptr; }

  // The required scalar value of `key`, as written.
  std::string text(std::string_view key) const
  {
    const YAML::Node* node = find(key);
    if (node == nullptr)
      fail(key, "missing key");
    if (node->IsNull())
      fail(key, "missing value");
    if (node->IsMap())
      fail(key, "expected a value, got a mapping");
    if (node->IsSequence())
      fail(key, "expected a value, got a list");
    raw_[keyPath(key)] = node->Scalar();
    return node->Scalar();
  }

  double quantity(std::string_view key, Dimension dimension) const
  {
    const std::string value = text(key);
    try {
      return parseQuantity(value, dimension);
    } catch (const QuantityError& e) {
      fail(key, e.what());
    }
  }

  double positive(std::string_view key, Dimension dimension) const
  {
    const double value = quantity(key, dimension);
    if (!(value > 0))
      fail(key, "must be positive, got " + shown(raw(key)));
    return value;
  }

  double nonNegative(std::string_view key, Dimension dimension) const
  {
    const double value = quantity(key, dimension);
    if (value < 0)
      fail(key, "must not be negative, got " + shown(raw(key)));
    return value;
  }

  // A plain number in [0, 1).
  double fraction(std::string_view key) const
  {
    const double value = quantity(key, Dimension::none);
    if (!(value >= 0 && value < 1))
      fail(key, "must be at least 0 and below 1, got " + shown(raw(key)));
    return value;
  }

  long long integer(std::string_view key) const
  {
    const std::string value = text(key);
    long long result = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), result);
    if (value.empty() || error != std::errc() || end != value.data() + value.size())
      fail(key, "expected an integer, got " + shown(value));
    return result;
  }

  bool boolean(std::string_view key) const
  {
    const std::string value = text(key);
    if (value == "true")
      return true;
    if (value == "false")
      return false;
    fail(key, "expected true or false, got " + shown(value));
  }

  Section section(std::string_view key, std::vector<std::string_view> known) const
  {
    const YAML::Node* node = find(key);
    if (node == nullptr)
      fail(key, "missing key");
    if (!node->IsMap())
      fail(key, "expected a mapping of keys");
    Section result(label_, raw_, *node, keyPath(key), std::move(known));
    result.rejectUnknown();
    return result;
  }

  const std::string& raw(std::string_view key) const { return raw_.at(keyPath(key)); }
  const std::string& rawAt(const std::string& fullPath) const { return raw_.at(fullPath); }

private:
  const YAML::Node* find(std::string_view key) const
  {
    for (const auto& entry : entries_)
      if (entry.first == key)
        return &entry.second;
    return nullptr;
  }

  const std::string& label_;
  RawValues& raw_;
  std::string path_;
  std::vector<std::string_view> known_;
  std::vector<std::pair<std::string, YAML::Node>> entries_;
};

// Technology and section names: [A-Za-z0-9_.:-]{1,64}, as level-set names (DESIGN.md §3).
bool isPlainName(std::string_view name)
{
  if (name.empty() || name.size() > 64)
    return false;
  for (char c : name) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
                    c == '.' || c == ':' || c == '-';
    if (!ok)
      return false;
  }
  return true;
}

constexpr std::string_view spiceNameRule =
    "a SPICE name is a letter or '_' followed by letters, digits, '_', '.', ':' or '-', at most 64 characters";

std::string spiceName(const Section& s, std::string_view key)
{
  const std::string value = s.text(key);
  if (!isSpiceName(value))
    s.fail(key, fmt::format("{} is not a valid SPICE name ({})", shown(value), spiceNameRule));
  return value;
}

ModelSource readModels(const Section& s, const std::filesystem::path& baseDir)
{
  ModelSource models;
  const bool include = s.has("include");
  const bool lib = s.has("lib");
  if (include && lib)
    s.failHere("give either include or lib, not both");
  if (!include && !lib)
    s.fail("include", "missing key (or give lib and section)");
  const std::string_view key = include ? "include" : "lib";
  models.directive = include ? ModelDirective::include : ModelDirective::lib;
  if (include && s.has("section"))
    s.fail("section", "only allowed with lib");
  if (lib) {
    if (!s.has("section"))
      s.fail("section", "missing key (a .lib file is read by section, e.g. tt)");
    models.section = spiceName(s, "section");
  }

  const std::string written = s.text(key);
  // The written path is relative to the file (".", "../pdk" are fine); the
  // resolved absolute one is what reaches the deck and meets the whole rule.
  if (written.empty() || written.front() == '-' || !std::all_of(written.begin(), written.end(), isSpicePathCharacter))
    s.fail(key, fmt::format("{} cannot be written into a SPICE deck ({})", shown(written), spicePathRule));
  const std::filesystem::path resolved = std::filesystem::absolute(baseDir / written).lexically_normal();
  if (!isSafeSpicePath(resolved.string()))
    s.fail(key, fmt::format("the resolved path {} cannot be written into a SPICE deck ({})", shown(resolved.string()),
                            spicePathRule));
  std::error_code error;
  const auto status = std::filesystem::status(resolved, error);
  if (!std::filesystem::exists(status))
    s.fail(key, fmt::format("model file {} not found", shown(resolved.string())));
  if (!std::filesystem::is_regular_file(status))
    s.fail(key, fmt::format("model file {} is not a regular file", shown(resolved.string())));
  models.path = resolved;
  return models;
}

// The variation keys of `s`: every one of them (`all`), or those it gives.
void readVariation(const Section& s, bool all, Variation& v)
{
  auto given = [&](std::string_view key) { return all || s.has(key); };
  if (given("rram_sigma_rel"))
    v.rramSigmaRel = s.nonNegative("rram_sigma_rel", Dimension::none);
  if (given("rram_sigma_abs"))
    v.rramSigmaAbs = s.nonNegative("rram_sigma_abs", Dimension::conductance);
  if (given("p_stuck_off"))
    v.pStuckOff = s.fraction("p_stuck_off");
  if (given("a_vt"))
    v.aVt = s.nonNegative("a_vt", Dimension::voltageLength);
  if (given("gain_sigma"))
    v.gainSigma = s.nonNegative("gain_sigma", Dimension::none);
  if (given("comparator_offset_sigma"))
    v.comparatorOffsetSigma = s.nonNegative("comparator_offset_sigma", Dimension::voltage);
  if (given("vread_spread"))
    v.vreadSpread = s.fraction("vread_spread");
  if (given("vread_tracking"))
    v.vreadTracking = s.boolean("vread_tracking");
}

Technology build(const YAML::Node& root, const std::string& label, const std::filesystem::path& baseDir)
{
  RawValues raw;
  if (!root.IsMap())
    throw InputError(label + ": expected a mapping of keys at the top level (a nladc-technology file)");
  Section top(
      label, raw, root, "",
      {"format",     "version",    "name",           "feature_size", "supply",      "read_voltage", "full_scale",
       "step_time",  "edge_time",  "word_line_high", "rram",         "calibration", "models",       "access_transistor",
       "integrator", "comparator", "wire",           "variation",    "area",        "design",       "blocks",
       "energy"});

  // The format first, so that another kind of file is named as such.
  const std::string format = top.text("format");
  if (format != formatName)
    top.fail("format", fmt::format("expected '{}', got {}", formatName, shown(format)));
  const long long version = top.integer("version");
  if (version != supportedVersion)
    top.fail("version", fmt::format("unsupported version {} (this nladc reads version {})", version, supportedVersion));
  top.rejectUnknown();

  Technology t;
  t.name = top.text("name");
  if (!isPlainName(t.name))
    top.fail("name", fmt::format("{} is not a valid name (letters, digits, '_', '.', ':' or '-', 1 to 64 characters)",
                                 shown(t.name)));
  t.featureSize = top.positive("feature_size", Dimension::length);
  t.supply = top.positive("supply", Dimension::voltage);

  {
    const Section s = top.section("read_voltage", {"nominal", "min", "max"});
    ReadVoltage& v = t.readVoltage;
    v.nominal = s.positive("nominal", Dimension::voltage);
    v.min = s.positive("min", Dimension::voltage);
    v.max = s.positive("max", Dimension::voltage);
    if (v.nominal < v.min)
      s.fail("nominal", fmt::format("must not be below read_voltage.min ({}), got {}", shown(s.raw("min")),
                                    shown(s.raw("nominal"))));
    if (v.nominal > v.max)
      s.fail("nominal", fmt::format("must not exceed read_voltage.max ({}), got {}", shown(s.raw("max")),
                                    shown(s.raw("nominal"))));
    if (v.max > t.supply)
      s.fail("max", fmt::format("must not exceed supply ({}), got {}", shown(top.raw("supply")), shown(s.raw("max"))));
  }

  t.fullScale = top.positive("full_scale", Dimension::voltage);
  if (t.fullScale >= t.supply)
    top.fail("full_scale",
             fmt::format("must be below supply ({}), got {}", shown(top.raw("supply")), shown(top.raw("full_scale"))));
  t.stepTime = top.positive("step_time", Dimension::time);
  t.edgeTime = top.positive("edge_time", Dimension::time);
  if (t.edgeTime >= t.stepTime / 2)
    top.fail("edge_time", fmt::format("must be below half of step_time ({}), got {}", shown(top.raw("step_time")),
                                      shown(top.raw("edge_time"))));
  t.wordLineHigh = top.positive("word_line_high", Dimension::voltage);

  {
    const Section s = top.section("rram", {"g_min", "g_max", "levels", "g_off"});
    Rram& r = t.rram;
    r.gMin = s.positive("g_min", Dimension::conductance);
    r.gMax = s.positive("g_max", Dimension::conductance);
    if (r.gMin >= r.gMax)
      s.fail("g_min",
             fmt::format("must be below rram.g_max ({}), got {}", shown(s.raw("g_max")), shown(s.raw("g_min"))));
    const long long levels = s.integer("levels");
    if (levels != 0 && (levels < 2 || levels > 65536))
      s.fail("levels", fmt::format("must be 0 (continuous) or 2 to 65536 levels, got {}", shown(s.raw("levels"))));
    r.levels = static_cast<int>(levels);
    r.gOff = s.nonNegative("g_off", Dimension::conductance);
    if (r.gOff >= r.gMin)
      s.fail("g_off",
             fmt::format("must be below rram.g_min ({}), got {}", shown(s.raw("g_min")), shown(s.raw("g_off"))));
  }

  {
    const Section s = top.section("calibration", {"cells", "lsb_conductance"});
    const long long cells = s.integer("cells");
    if (cells < 0 || cells > 8)
      s.fail("cells", fmt::format("must be 0 to 8, got {}", shown(s.raw("cells"))));
    t.calibration.cells = static_cast<int>(cells);
    const double lsb = s.positive("lsb_conductance", Dimension::conductance);
    if (lsb < t.rram.gMin || lsb > t.rram.gMax)
      s.fail("lsb_conductance",
             fmt::format("must lie in [rram.g_min, rram.g_max] = [{}, {}], got {}", shown(s.rawAt("rram.g_min")),
                         shown(s.rawAt("rram.g_max")), shown(s.raw("lsb_conductance"))));
    t.calibration.lsbConductance = lsb;
  }

  t.models = readModels(top.section("models", {"include", "lib", "section"}), baseDir);

  {
    const Section s = top.section("access_transistor", {"model", "w", "l"});
    t.accessTransistor.model = spiceName(s, "model");
    t.accessTransistor.w = s.positive("w", Dimension::length);
    t.accessTransistor.l = s.positive("l", Dimension::length);
  }

  {
    const Section s = top.section("integrator", {"opamp_gain", "c_int_min", "c_int_max"});
    Integrator& i = t.integrator;
    i.opampGain = s.quantity("opamp_gain", Dimension::none);
    if (!(i.opampGain > 1))
      s.fail("opamp_gain", "must be above 1, got " + shown(s.raw("opamp_gain")));
    i.cIntMin = s.positive("c_int_min", Dimension::capacitance);
    i.cIntMax = s.positive("c_int_max", Dimension::capacitance);
    if (i.cIntMin >= i.cIntMax)
      s.fail("c_int_min", fmt::format("must be below integrator.c_int_max ({}), got {}", shown(s.raw("c_int_max")),
                                      shown(s.raw("c_int_min"))));
  }

  {
    const Section s = top.section("comparator", {"gain", "offset"});
    t.comparator.gain = s.quantity("gain", Dimension::none);
    if (!(t.comparator.gain > 1))
      s.fail("gain", "must be above 1, got " + shown(s.raw("gain")));
    t.comparator.offset = s.quantity("offset", Dimension::voltage);
    if (std::abs(t.comparator.offset) >= t.supply)
      s.fail("offset", fmt::format("must be smaller in magnitude than supply ({}), got {}", shown(top.raw("supply")),
                                   shown(s.raw("offset"))));
  }

  {
    const Section s = top.section("wire", {"bitline_resistance_per_cell"});
    t.wire.bitlineResistancePerCell = s.nonNegative("bitline_resistance_per_cell", Dimension::resistance);
  }

  readVariation(top.section("variation", variationKeys()), true, t.variation);

  {
    const Section s =
        top.section("area", {"cell_f2", "gate_pitch", "gate_extension", "diffusion_extension", "diffusion_spacing",
                             "width_factor", "mom_density", "mim_density", "inverter_area", "nand2_area", "xor2_area",
                             "mux2_area", "latch_area", "dff_area", "routing_factor", "min_width", "unit_capacitance",
                             "unit_capacitor_mismatch", "unit_resistor_area"});
    AreaRules& a = t.area;
    a.cellF2 = s.positive("cell_f2", Dimension::none);
    a.gatePitch = s.positive("gate_pitch", Dimension::length);
    a.gateExtension = s.nonNegative("gate_extension", Dimension::length);
    a.diffusionExtension = s.positive("diffusion_extension", Dimension::length);
    a.diffusionSpacing = s.nonNegative("diffusion_spacing", Dimension::length);
    a.widthFactor = s.positive("width_factor", Dimension::none);
    a.momDensity = s.positive("mom_density", Dimension::capacitanceDensity);
    a.mimDensity = s.nonNegative("mim_density", Dimension::capacitanceDensity);
    a.inverterArea = s.positive("inverter_area", Dimension::area);
    a.nand2Area = s.positive("nand2_area", Dimension::area);
    a.xor2Area = s.positive("xor2_area", Dimension::area);
    a.mux2Area = s.positive("mux2_area", Dimension::area);
    a.latchArea = s.positive("latch_area", Dimension::area);
    a.dffArea = s.positive("dff_area", Dimension::area);
    a.routingFactor = s.quantity("routing_factor", Dimension::none);
    if (!(a.routingFactor >= 1))
      s.fail("routing_factor", "must be at least 1, got " + shown(s.raw("routing_factor")));
    a.minWidth = s.positive("min_width", Dimension::length);
    a.unitCapacitance = s.positive("unit_capacitance", Dimension::capacitance);
    a.unitCapacitorMismatch = s.positive("unit_capacitor_mismatch", Dimension::none);
    a.unitResistorArea = s.positive("unit_resistor_area", Dimension::area);
  }

  if (top.has("design")) {
    const Section s = top.section("design", {"comparator_a_vt", "comparator_max_input_area", "max_full_scale",
                                             "auto_zero_capacitance", "auto_zero_residual_sigma"});
    DesignBounds d;
    d.comparatorAVt = s.positive("comparator_a_vt", Dimension::voltageLength);
    d.comparatorMaxInputArea = s.positive("comparator_max_input_area", Dimension::area);
    d.maxFullScale = s.positive("max_full_scale", Dimension::voltage);
    if (d.maxFullScale >= t.supply)
      s.fail("max_full_scale", fmt::format("must be below supply ({}), got {}", shown(top.raw("supply")),
                                           shown(s.raw("max_full_scale"))));
    if (d.maxFullScale < t.fullScale)
      s.fail("max_full_scale", fmt::format("must not be below full_scale ({}), got {}", shown(top.raw("full_scale")),
                                           shown(s.raw("max_full_scale"))));
    d.autoZeroCapacitance = s.positive("auto_zero_capacitance", Dimension::capacitance);
    d.autoZeroResidualSigma = s.positive("auto_zero_residual_sigma", Dimension::voltage);
    t.design = d;
  }

  if (top.has("blocks")) {
    const Section s = top.section("blocks", {"default", "nmos", "pmos", "a_beta", "common_mode", "max_full_scale",
                                             "preamp_load_width", "preamp_load_length", "preamp_current"});
    TransistorBlocks b;
    const std::string kind = s.text("default");
    if (const std::optional<BlockKind> parsed = parseBlockKind(kind))
      b.defaultKind = *parsed;
    else
      s.fail("default", "expected 'behavioural' or 'transistor', got " + shown(kind));
    b.nmos = spiceName(s, "nmos");
    b.pmos = spiceName(s, "pmos");
    b.aBeta = s.nonNegative("a_beta", Dimension::length);
    b.commonMode = s.positive("common_mode", Dimension::voltage);
    if (b.commonMode + t.fullScale >= t.supply)
      s.fail("common_mode",
             fmt::format("plus full_scale ({}) must stay below supply ({}), got {}", shown(top.raw("full_scale")),
                         shown(top.raw("supply")), shown(s.raw("common_mode"))));
    b.maxFullScale = s.positive("max_full_scale", Dimension::voltage);
    if (b.maxFullScale < t.fullScale || b.commonMode + b.maxFullScale >= t.supply)
      s.fail("max_full_scale", fmt::format("must be at least full_scale ({}) and stay below supply ({}) minus "
                                           "common_mode ({}), got {}",
                                           shown(top.raw("full_scale")), shown(top.raw("supply")),
                                           shown(s.raw("common_mode")), shown(s.raw("max_full_scale"))));
    if (s.has("preamp_load_width"))
      b.preampLoadWidth = s.positive("preamp_load_width", Dimension::length);
    if (s.has("preamp_load_length"))
      b.preampLoadLength = s.positive("preamp_load_length", Dimension::length);
    if (s.has("preamp_current"))
      b.preampCurrent = s.positive("preamp_current", Dimension::current);
    t.blocks = b;
  }

  if (top.has("energy")) {
    const Section s =
        top.section("energy", {"gate_capacitance", "junction_capacitance", "inverter_energy", "nand2_energy",
                               "xor2_energy", "mux2_energy", "latch_energy", "dff_energy", "unit_resistance"});
    EnergyRules e;
    e.gateCapacitance = s.positive("gate_capacitance", Dimension::capacitanceDensity);
    e.junctionCapacitance = s.nonNegative("junction_capacitance", Dimension::capacitancePerWidth);
    e.inverterEnergy = s.positive("inverter_energy", Dimension::energy);
    e.nand2Energy = s.positive("nand2_energy", Dimension::energy);
    e.xor2Energy = s.positive("xor2_energy", Dimension::energy);
    e.mux2Energy = s.positive("mux2_energy", Dimension::energy);
    e.latchEnergy = s.positive("latch_energy", Dimension::energy);
    e.dffEnergy = s.positive("dff_energy", Dimension::energy);
    e.unitResistance = s.positive("unit_resistance", Dimension::resistance);
    t.energy = e;
  }
  return t;
}

// Counts the documents of a YAML stream, up to maxDocumentsCounted: yaml-cpp
// 0.7's LoadAll loops forever on some malformed input, its parser reporting
// one empty document after another (tests/data/fuzz/ holds such an input).
constexpr std::size_t maxDocumentsCounted = 16;

class DocumentCounter : public YAML::EventHandler {
public:
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

std::size_t documentCount(const std::string& text)
{
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentCounter counter;
  std::size_t documents = 0;
  while (documents < maxDocumentsCounted && parser.HandleNextDocument(counter))
    ++documents;
  return documents;
}

} // namespace

const std::vector<std::string_view>& variationKeys()
{
  static const std::vector<std::string_view> keys = {"rram_sigma_rel", "rram_sigma_abs", "p_stuck_off",
                                                     "a_vt",           "gain_sigma",     "comparator_offset_sigma",
                                                     "vread_spread",   "vread_tracking"};
  return keys;
}

Technology parseTechnology(std::string_view text, const std::string& fileLabel, const std::filesystem::path& baseDir)
{
  const std::string source(text);
  YAML::Node document;
  try {
    const std::size_t documents = documentCount(source);
    if (documents > 1)
      throw InputError(fmt::format("{}: expected one YAML document, found {}{}", fileLabel, documents,
                                   documents == maxDocumentsCounted ? " or more" : ""));
    if (documents == 1)
      document = YAML::Load(source);
  } catch (const YAML::Exception& e) {
    // yaml-cpp's message may end in the offending character itself: a newline.
    const std::string what = printableExcerpt(e.msg, 200);
    if (e.mark.is_null())
      throw InputError(fmt::format("{}: invalid YAML: {}", fileLabel, what));
    throw InputError(
        fmt::format("{}: line {}, column {}: invalid YAML: {}", fileLabel, e.mark.line + 1, e.mark.column + 1, what));
  }
  if (!document.IsDefined() || document.IsNull())
    throw InputError(fileLabel + ": empty file, expected a nladc-technology mapping");
  return build(document, fileLabel, baseDir);
}

void readVariationOverrides(const YAML::Node& node, const std::string& label, const std::string& path,
                            const std::vector<std::string_view>& otherKeys, Variation& variation)
{
  if (!node.IsMap())
    throw InputError(fmt::format("{}: {}: expected a mapping of keys", label, path));
  RawValues raw;
  std::vector<std::string_view> known = variationKeys();
  known.insert(known.end(), otherKeys.begin(), otherKeys.end());
  const Section s(label, raw, node, path, known);
  s.rejectUnknown();
  readVariation(s, false, variation);
}

Technology readTechnology(const std::filesystem::path& path)
{
  const std::string text = readBoundedFile(path, maxFileBytes, "technology file");
  std::filesystem::path dir = path.parent_path();
  if (dir.empty())
    dir = ".";
  Technology t = parseTechnology(text, path.string(), dir);
  t.file = std::filesystem::absolute(path).lexically_normal();
  return t;
}

} // namespace nladc::adc
