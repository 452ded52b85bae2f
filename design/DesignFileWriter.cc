#include "design/DesignFile.hh"

#include "layout_est/AdcArea.hh"

#include <cmath>

namespace nladc::design {

namespace {

nlohmann::json optionalNumber(const std::optional<double>& v)
{
  return v ? nlohmann::json(*v) : nlohmann::json();
}

nlohmann::json evidenceJson(const std::optional<MonteCarloEvidence>& e, const Specification& spec,
                            const std::filesystem::path& root)
{
  if (!e)
    return nullptr;
  nlohmann::json j = {{"samples", e->samples},
                      {"failed", e->failed},
                      {"yield", e->yield},
                      {"effective_mse_ratio_p95", optionalNumber(e->effectiveMseRatio)},
                      {"directory", e->directory.lexically_relative(root).string()}};
  if (e->engine == spice::Engine::spice)
    j["allowed_failures"] = allowedFailures(spec.yield, e->samples);
  return j;
}

nlohmann::json sizingJson(const layout_est::Sizing& s, const adc::Technology& technology)
{
  return {{"full_scale_V", s.fullScale},
          {"auto_zero", s.autoZero},
          {"comparator_offset_sigma_V", s.comparatorOffsetSigma},
          {"input_pair_area_um2", technology.comparatorGateArea(s.comparatorOffsetSigma) * 1e12}};
}

nlohmann::json candidateJson(const Candidate& c, const adc::Technology& technology, const Specification& spec,
                             const std::filesystem::path& root)
{
  return {{"knobs", sizingJson(c.sized.sizing, technology)},
          {"sizing_target_yield", c.sizingTarget},
          {"analytic_yield", c.sized.yield},
          {"um2_per_column", c.sized.area.perColumn() * 1e12},
          {"behavioural", evidenceJson(c.behavioural, spec, root)},
          {"spice", evidenceJson(c.spice, spec, root)}};
}

} // namespace

nlohmann::json designJson(const DesignOutcome& o, const DesignSources& given, const SearchOptions& options)
{
  // A refitted design's levels are the design directory's level file.
  DesignSources sources = given;
  if (o.levelFile) {
    sources.levels = std::filesystem::absolute(*o.levelFile).lexically_normal();
    sources.method = o.design.levels.method;
  }
  const Specification& spec = options.specification;
  const std::filesystem::path& root = options.directory;
  const adc::Technology& t = o.technology;
  const layout_est::Sizing& s = o.chosen.sized.sizing;

  nlohmann::json knobs = sizingJson(s, t);
  knobs["offset_sigma_in_monte_carlo_V"] = s.autoZero ? t.design->autoZeroResidualSigma : s.comparatorOffsetSigma;
  knobs["c_int_F"] = o.design.cInt;
  knobs["g_min_S"] = t.rram.gMin;
  knobs["g_max_S"] = t.rram.gMax;
  knobs["cells"] = o.design.cellCount();
  knobs["level_set"] = o.levelFile ? "refitted for the circuit (variation-aware)" : "as given";

  nlohmann::json reasons = nlohmann::json::object();
  for (const auto& [knob, why] : o.reasons)
    reasons[knob] = why;
  nlohmann::json blocks = nlohmann::json::object();
  for (const layout_est::BlockArea& b : o.chosen.sized.area.blocks)
    blocks[b.name] = b.perColumn() * 1e12;
  nlohmann::json explored = nlohmann::json::array();
  for (const Candidate& c : o.explored)
    explored.push_back(candidateJson(c, t, spec, root));

  nlohmann::json cheaper = nullptr;
  if (o.cheaper) {
    cheaper = candidateJson(*o.cheaper, t, spec, root);
    cheaper["short_of_yield_by"] = spec.yield - o.cheaper->behavioural->yield;
  }

  const nlohmann::json comparatorSigma = {{"source", options.comparatorSigma.source},
                                          {"characterised_over_analytic", options.comparatorSigma.ratio}};
  return {{"format", "nladc-design"},
          {"version", 1},
          {"inputs",
           {{"levels", sources.levels.string()},
            {"set", sources.set},
            {"method", sources.method},
            {"technology", sources.technology.string()},
            {"data", sources.data ? nlohmann::json(sources.data->string()) : nlohmann::json()},
            {"tensor", sources.tensor ? nlohmann::json(*sources.tensor) : nlohmann::json()}}},
          {"specification",
           {{"yield", spec.yield},
            {"columns", spec.columns},
            {"max_effective_mse_ratio", optionalNumber(spec.maxEffectiveMseRatio)},
            {"offset_cancellation", cancellationName(spec.cancellation)}}},
          {"met", o.met},
          {"monte_carlo",
           {{"seed", options.seed},
            {"confirmation_seed", confirmationSeed(options.seed)},
            {"blocks", adc::blockKindName(o.blocks)}}},
          {"limit", o.met ? nlohmann::json() : nlohmann::json(o.limit)},
          {"knobs", knobs},
          {"comparator_sigma", comparatorSigma},
          {"reasons", reasons},
          {"yield",
           {{"sizing_target", o.chosen.sizingTarget},
            {"analytic", o.chosen.sized.yield},
            {"behavioural", evidenceJson(o.chosen.behavioural, spec, root)},
            {"spice", evidenceJson(o.chosen.spice, spec, root)}}},
          {"um2_per_column", o.chosen.sized.area.perColumn() * 1e12},
          {"blocks_um2_per_column", blocks},
          {"cheaper_candidate", cheaper},
          {"explored", explored}};
}

} // namespace nladc::design
