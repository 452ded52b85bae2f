#include "spice/ComparatorReport.hh"

#include <cmath>
#include <fmt/format.h>

namespace nladc::spice {

namespace {

constexpr const char* reportFormat = "nladc-comparator";
constexpr const char* frontEndFormat = "nladc-front-end";

nlohmann::json orNull(double value)
{
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json();
}

nlohmann::json orNull(const NominalValue& value)
{
  return value.value ? nlohmann::json(*value.value) : nlohmann::json();
}

nlohmann::json size(const netlist::TransistorSize& s)
{
  return {{"w_m", s.w}, {"l_m", s.l}};
}

nlohmann::json mismatchOf(double aVt, double aBeta, size_t transistors)
{
  return {{"a_vt_V_m", aVt},
          {"a_beta_m", aBeta},
          {"transistors", transistors},
          {"per_device", "sigma(dVth) = A_VT/sqrt(2 W L), sigma(dbeta/beta) = A_beta/sqrt(2 W L)"}};
}

// The samples' offsets (null where one failed) and the failures' reasons.
std::pair<nlohmann::json, nlohmann::json> offsetsOf(const std::vector<OffsetSample>& samples)
{
  nlohmann::json offsets = nlohmann::json::array();
  nlohmann::json failures = nlohmann::json::array();
  for (const OffsetSample& s : samples) {
    offsets.push_back(s.ok ? nlohmann::json(s.offset) : nlohmann::json());
    if (!s.ok)
      failures.push_back({{"index", s.index}, {"reason", s.reason}});
  }
  return {offsets, failures};
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
  const auto [offsets, failures] = offsetsOf(c.samples);
  const uint64_t done = c.samples.size();
  const double sigma = c.offsetSigma();
  nlohmann::json energy = {{"overdrive_V", c.energyOverdrive}, {"cycles", c.energyCycles}};
  if (!c.energyPerDecision.value)
    energy["failure"] = c.energyPerDecision.reason;
  return {{"format", reportFormat},
          {"version", 1},
          {"complete", c.complete},
          {"technology", c.technology},
          {"input_pair", size(c.input)},
          {"conditions",
           {{"supply_V", k.supply},
            {"common_mode_V", k.commonMode},
            {"clock_period_s", k.clockPeriod},
            {"edge_time_s", k.edgeTime}}},
          {"mismatch", mismatchOf(c.aVt, c.aBeta, c.transistors)},
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

nlohmann::json frontEndReport(const FrontEndCharacterization& c)
{
  const netlist::FrontEndConditions& k = c.conditions;
  const auto [offsets, failures] = offsetsOf(c.samples);
  const uint64_t done = c.samples.size();
  const uint64_t ok = okCount(c.samples);
  const double sigma = offsetSigma(c.samples);
  return {{"format", frontEndFormat},
          {"version", 1},
          {"complete", c.complete},
          {"technology", c.technology},
          {"coupling_F", c.sizing.coupling},
          {"sizes",
           {{"preamp_pair", size(c.sizing.pair)},
            {"preamp_load", size(c.sizing.load)},
            {"preamp_tail", size(c.sizing.tail)},
            {"switches", size(c.sizing.switches)},
            {"comparator_input_pair", size(c.comparatorInput)},
            {"bias_current_A", c.sizing.biasCurrent}}},
          {"conditions",
           {{"supply_V", k.supply},
            {"common_mode_V", k.commonMode},
            {"height_V", k.height},
            {"step_time_s", k.stepTime},
            {"edge_time_s", k.edgeTime}}},
          {"mismatch", mismatchOf(c.aVt, c.aBeta, c.transistors)},
          {"seed", c.seed},
          {"samples_requested", c.requested},
          {"samples", done},
          {"ok", ok},
          {"failed", done - ok},
          {"resolution_V", c.resolution},
          {"offset_mean_V", orNull(offsetMean(c.samples))},
          {"offset_sigma_V", orNull(sigma)},
          {"comparator_offset_sigma_V", c.comparatorSigma},
          {"preamp_pair_offset_sigma_V", c.preampPairSigma},
          {"sigma_over_comparator", orNull(sigma / c.comparatorSigma)},
          {"seconds_per_sample",
           done > 0 ? nlohmann::json(c.monteCarloSeconds / static_cast<double>(done)) : nlohmann::json()},
          {"failures", failures},
          {"offsets_V", offsets}};
}

} // namespace nladc::spice
