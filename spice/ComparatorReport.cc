#include "spice/ComparatorReport.hh"

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

} // namespace nladc::spice
