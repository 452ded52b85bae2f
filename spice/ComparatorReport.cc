#include "spice/ComparatorReport.hh"

#include "util/BoundedFile.hh"
#include "util/Error.hh"

#include <cmath>
#include <fmt/format.h>

namespace nladc::spice {

namespace {

constexpr const char* reportFormat = "nladc-comparator";

nlohmann::json orNull(double value)
{
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json();
}

nlohmann::json orNull(const NominalValue& value)
{
  return value.value ? nlohmann::json(*value.value) : nlohmann::json();
}

} // namespace

nlohmann::json comparatorReport(const ComparatorCharacterization& c)
{
  const netlist::ComparatorConditions& k = c.conditions;
  nlohmann::json decisionTimes = nlohmann::json::array();
  for (size_t i = 0; i < c.overdrives.size(); ++i) {
    nlohmann::json row = {{"overdrive_V", c.overdrives[i]}, {"time_s", orNull(c.decisionTimes[i])}};
    if (!c.decisionTimes[i].value)
      row["failure"] = c.decisionTimes[i].reason;
    decisionTimes.push_back(row);
  }
  nlohmann::json offsets = nlohmann::json::array();
  nlohmann::json failures = nlohmann::json::array();
  for (const OffsetSample& s : c.samples) {
    offsets.push_back(s.ok ? nlohmann::json(s.offset) : nlohmann::json());
    if (!s.ok)
      failures.push_back({{"index", s.index}, {"reason", s.reason}});
  }
  const uint64_t done = c.samples.size();
  const double sigma = c.offsetSigma();
  nlohmann::json energy = {{"overdrive_V", c.energyOverdrive}, {"cycles", c.energyCycles}};
  if (!c.energyPerDecision.value)
    energy["failure"] = c.energyPerDecision.reason;
  return {{"format", reportFormat},
          {"version", 1},
          {"complete", c.complete},
          {"technology", c.technology},
          {"input_pair", {{"w_m", c.input.w}, {"l_m", c.input.l}}},
          {"conditions",
           {{"supply_V", k.supply},
            {"common_mode_V", k.commonMode},
            {"clock_period_s", k.clockPeriod},
            {"edge_time_s", k.edgeTime}}},
          {"mismatch",
           {{"a_vt_V_m", c.aVt},
            {"a_beta_m", c.aBeta},
            {"transistors", c.transistors},
            {"per_device", "sigma(dVth) = A_VT/sqrt(2 W L), sigma(dbeta/beta) = A_beta/sqrt(2 W L)"}}},
          {"seed", c.seed},
          {"samples_requested", c.requested},
          {"samples", done},
          {"ok", c.okCount()},
          {"failed", done - c.okCount()},
          {"resolution_V", c.resolution},
          {"trial_window_s", c.trialWindow},
          {"offset_mean_V", orNull(c.offsetMean())},
          {"offset_sigma_V", orNull(sigma)},
          {"analytic_offset_sigma_V", c.analyticSigma},
          {"sigma_ratio", orNull(sigma / c.analyticSigma)},
          {"decision_time_s", decisionTimes},
          {"energy_per_decision_J", orNull(c.energyPerDecision)},
          {"energy", energy},
          {"input_referred_noise_V", nullptr},
          {"noise", "not measured: ngspice has no device noise in a transient, and a clocked comparator has no "
                    "small-signal operating point for .noise"},
          {"seconds_per_sample",
           done > 0 ? nlohmann::json(c.monteCarloSeconds / static_cast<double>(done)) : nlohmann::json()},
          {"failures", failures},
          {"offsets_V", offsets}};
}

CharacterizedComparator readComparatorReport(const std::filesystem::path& file)
{
  // A comparator.json is small; its size is checked before it is read, as
  // layout_est's reader of the same file does (16 MiB).
  const std::string text = readBoundedFile(file, 16 << 20, "comparator characterisation");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception&) {
    throw InputError(fmt::format("{}: not valid JSON", file.string()));
  }
  auto field = [&](const nlohmann::json& object, const char* key, const char* path) -> const nlohmann::json& {
    if (!object.is_object() || !object.contains(key))
      throw InputError(fmt::format("{}: '{}' is missing", file.string(), path));
    return object[key];
  };
  auto positive = [&](const nlohmann::json& object, const char* key, const char* path) {
    const nlohmann::json& v = field(object, key, path);
    if (!v.is_number() || !(v.get<double>() > 0.0) || !std::isfinite(v.get<double>()))
      throw InputError(fmt::format("{}: '{}' must be a number above 0", file.string(), path));
    return v.get<double>();
  };
  if (field(j, "format", "format") != reportFormat)
    throw InputError(fmt::format("{}: 'format' is not {}", file.string(), reportFormat));
  if (field(j, "version", "version") != 1)
    throw InputError(fmt::format("{}: 'version' {} is not supported (1 is)", file.string(), j["version"].dump()));
  if (field(j, "complete", "complete") != true)
    throw InputError(
        fmt::format("{}: the characterisation was stopped before it finished ('complete' is false)", file.string()));
  const nlohmann::json& technology = field(j, "technology", "technology");
  if (!technology.is_string())
    throw InputError(fmt::format("{}: 'technology' must be a string", file.string()));
  const nlohmann::json& pair = field(j, "input_pair", "input_pair");
  const nlohmann::json& mean = field(j, "offset_mean_V", "offset_mean_V");
  if (!mean.is_number() || !std::isfinite(mean.get<double>()))
    throw InputError(fmt::format("{}: 'offset_mean_V' must be a number", file.string()));
  return {file,
          technology.get<std::string>(),
          positive(pair, "w_m", "input_pair.w_m"),
          positive(pair, "l_m", "input_pair.l_m"),
          positive(j, "offset_sigma_V", "offset_sigma_V"),
          positive(j, "analytic_offset_sigma_V", "analytic_offset_sigma_V"),
          mean.get<double>()};
}

} // namespace nladc::spice
