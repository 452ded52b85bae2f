#include "adc/ComparatorReportReader.hh"

#include "util/BoundedFile.hh"
#include "util/Error.hh"
#include "util/Text.hh"

#include <cmath>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace nladc::adc {

namespace {

// A comparator.json is small; its size is checked before it is read.
constexpr std::uintmax_t maxReportBytes = 16 << 20;

class Fields {
public:
  Fields(const std::filesystem::path& file, const nlohmann::json& document) : file_(file.string()), document_(document)
  {
  }

  [[noreturn]] void fail(const std::string& message) const { throw InputError(fmt::format("{}: {}", file_, message)); }

  const nlohmann::json& at(const nlohmann::json& object, const char* key, const char* path) const
  {
    if (!object.is_object() || !object.contains(key))
      fail(fmt::format("'{}' is missing", path));
    return object[key];
  }

  double positive(const nlohmann::json& object, const char* key, const char* path) const
  {
    const nlohmann::json& v = at(object, key, path);
    if (!v.is_number() || !(v.get<double>() > 0.0) || !std::isfinite(v.get<double>()))
      fail(fmt::format("'{}' must be a number above 0", path));
    return v.get<double>();
  }

  // Null where the characterisation could not measure it.
  std::optional<double> measured(const char* key, bool mustBePositive) const
  {
    const nlohmann::json& v = at(document_, key, key);
    if (v.is_null())
      return std::nullopt;
    if (!v.is_number() || !std::isfinite(v.get<double>()) || (mustBePositive && !(v.get<double>() > 0.0)))
      fail(fmt::format("'{}' must be {} or null", key, mustBePositive ? "a number above 0" : "a number"));
    return v.get<double>();
  }

private:
  std::string file_;
  const nlohmann::json& document_;
};

double measuredOrFail(const std::optional<double>& value, const std::filesystem::path& file, const char* field)
{
  if (!value)
    throw InputError(fmt::format("{}: {}: not measured (null)", file.string(), field));
  return *value;
}

} // namespace

double CharacterizedComparator::sigma() const
{
  return measuredOrFail(offsetSigma, file, "offset_sigma_V");
}

double CharacterizedComparator::mean() const
{
  return measuredOrFail(offsetMean, file, "offset_mean_V");
}

double CharacterizedComparator::energy() const
{
  return measuredOrFail(energyPerDecision, file, "energy_per_decision_J");
}

CharacterizedComparator readComparatorReport(const std::filesystem::path& file)
{
  return parseComparatorReport(readBoundedFile(file, maxReportBytes, "comparator characterisation"), file);
}

CharacterizedComparator parseComparatorReport(std::string_view text, const std::filesystem::path& file)
{
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("{}: not JSON: {}", file.string(), printableExcerpt(e.what(), 200)));
  }
  const Fields f(file, j);
  if (f.at(j, "format", "format") != "nladc-comparator")
    f.fail("'format' is not nladc-comparator");
  if (f.at(j, "version", "version") != 1)
    f.fail(fmt::format("'version' {} is not supported (1 is)", printableExcerpt(j["version"].dump(), 40)));
  if (f.at(j, "complete", "complete") != true)
    f.fail("the characterisation was stopped before it finished ('complete' is false)");
  const nlohmann::json& technology = f.at(j, "technology", "technology");
  if (!technology.is_string())
    f.fail("'technology' must be a string");
  const nlohmann::json& pair = f.at(j, "input_pair", "input_pair");
  CharacterizedComparator c;
  c.file = file;
  c.technology = technology.get<std::string>();
  c.inputWidth = f.positive(pair, "w_m", "input_pair.w_m");
  c.inputLength = f.positive(pair, "l_m", "input_pair.l_m");
  c.analyticOffsetSigma = f.positive(j, "analytic_offset_sigma_V", "analytic_offset_sigma_V");
  c.offsetSigma = f.measured("offset_sigma_V", true);
  c.offsetMean = f.measured("offset_mean_V", false);
  c.energyPerDecision = f.measured("energy_per_decision_J", true);
  return c;
}

} // namespace nladc::adc
