#include "design/DesignFile.hh"

#include "util/BoundedFile.hh"
#include "util/Error.hh"
#include "util/Text.hh"

#include <cmath>
#include <fmt/format.h>
#include <fstream>

namespace nladc::design {

namespace {

// design.json is small; a file far larger is not one.
constexpr std::uintmax_t maxFileBytes = 16 << 20;

class Fields {
public:
  Fields(const std::string& label, const nlohmann::json& object, std::string path)
      : label_(label), object_(object), path_(std::move(path))
  {
    if (!object_.is_object())
      fail("expected an object");
  }

  [[noreturn]] void fail(const std::string& what, std::string_view key = {}) const
  {
    const std::string where = key.empty() ? path_ : (path_.empty() ? std::string(key) : path_ + "." + std::string(key));
    throw InputError(fmt::format("{}: {}: {}", label_, where.empty() ? "top level" : where, what));
  }

  bool has(std::string_view key) const { return object_.contains(key); }

  const nlohmann::json& at(std::string_view key) const
  {
    const auto it = object_.find(key);
    if (it == object_.end())
      fail("missing field", key);
    return *it;
  }

  Fields object(std::string_view key) const
  {
    return Fields(label_, at(key), path_.empty() ? std::string(key) : path_ + "." + std::string(key));
  }

  std::string text(std::string_view key) const
  {
    const nlohmann::json& v = at(key);
    if (!v.is_string())
      fail("expected a string", key);
    return v.get<std::string>();
  }

  std::optional<std::string> optionalText(std::string_view key) const
  {
    return at(key).is_null() ? std::nullopt : std::optional<std::string>(text(key));
  }

  double number(std::string_view key) const
  {
    const nlohmann::json& v = at(key);
    if (!v.is_number())
      fail("expected a number", key);
    return v.get<double>();
  }

  std::optional<double> optionalNumber(std::string_view key) const
  {
    return at(key).is_null() ? std::nullopt : std::optional<double>(number(key));
  }

  bool boolean(std::string_view key) const
  {
    const nlohmann::json& v = at(key);
    if (!v.is_boolean())
      fail("expected true or false", key);
    return v.get<bool>();
  }

private:
  const std::string& label_;
  const nlohmann::json& object_;
  std::string path_;
};

} // namespace

DesignFile readDesignFile(const std::filesystem::path& path)
{
  const std::string label = path.string();
  const std::string text = readBoundedFile(path, maxFileBytes, "design file");
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("{}: not JSON: {}", label, printableExcerpt(e.what(), 200)));
  }
  const Fields top(label, document, "");
  if (top.text("format") != "nladc-design")
    top.fail("expected 'nladc-design'", "format");
  if (top.number("version") != 1)
    top.fail("unsupported version (this nladc reads version 1)", "version");

  DesignFile f;
  f.file = path;
  const Fields inputs = top.object("inputs");
  f.sources.levels = inputs.text("levels");
  f.sources.set = inputs.text("set");
  f.sources.method = inputs.text("method");
  f.sources.technology = inputs.text("technology");
  if (const auto data = inputs.optionalText("data"))
    f.sources.data = *data;
  f.sources.tensor = inputs.optionalText("tensor");

  const Fields spec = top.object("specification");
  f.specification.yield = spec.number("yield");
  const double columns = spec.number("columns");
  if (!(columns >= 1 && columns <= 1024 && columns == std::floor(columns)))
    spec.fail("must be a whole number from 1 to 1024", "columns");
  f.specification.columns = static_cast<int>(columns);
  f.specification.maxEffectiveMseRatio = spec.optionalNumber("max_effective_mse_ratio");
  try {
    f.specification.cancellation = parseCancellation(spec.text("offset_cancellation"));
    validate(f.specification);
  } catch (const InputError& e) {
    spec.fail(e.what());
  }

  const Fields knobs = top.object("knobs");
  f.sizing.fullScale = knobs.number("full_scale_V");
  if (!(f.sizing.fullScale > 0.0))
    knobs.fail("must be positive", "full_scale_V");
  f.sizing.autoZero = knobs.boolean("auto_zero");
  f.sizing.comparatorOffsetSigma = knobs.number("comparator_offset_sigma_V");
  if (!(f.sizing.comparatorOffsetSigma > 0.0))
    knobs.fail("must be positive", "comparator_offset_sigma_V");
  f.met = top.boolean("met");
  const double seed = top.object("monte_carlo").number("confirmation_seed");
  if (!(seed >= 0 && seed < 0x1p64 && seed == std::floor(seed)))
    top.fail("must be a whole number from 0 to 2^64 - 1", "monte_carlo.confirmation_seed");
  f.confirmationSeed = top.at("monte_carlo").at("confirmation_seed").get<uint64_t>();
  // Design files written before the blocks were recorded held the technology's default.
  const Fields monteCarlo = top.object("monte_carlo");
  if (monteCarlo.has("blocks")) {
    f.blocks = adc::parseBlockKind(monteCarlo.text("blocks"));
    if (!f.blocks)
      monteCarlo.fail("expected 'behavioural' or 'transistor'", "blocks");
  }
  return f;
}

} // namespace nladc::design
