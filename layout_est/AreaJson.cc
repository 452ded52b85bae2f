#include "layout_est/AreaJson.hh"

namespace nladc::layout_est {

namespace {

constexpr double um2 = 1e-12;

} // namespace

nlohmann::ordered_json areaRatiosJson(const AreaComparison& c)
{
  nlohmann::ordered_json ratios = nlohmann::ordered_json::object();
  for (size_t i = 1; i < c.designs.size(); ++i)
    ratios[c.designs[i].name] = c.ratio(c.designs[i]);
  return ratios;
}

nlohmann::ordered_json areaJson(const quant::LevelSet& set, const std::string& technology, netlist::StepRule rule,
                                int linearBits, const AreaComparison& comparison)
{
  nlohmann::ordered_json designs = nlohmann::ordered_json::array();
  for (const DesignArea& d : comparison.designs) {
    nlohmann::ordered_json blocks = nlohmann::ordered_json::object();
    for (const BlockArea& b : d.blocks)
      blocks[b.name] = {
          {"shared_by", b.sharedBy}, {"area_um2", b.area / um2}, {"area_um2_per_column", b.perColumn() / um2}};
    designs.push_back({{"name", d.name},
                       {"bits", d.bits},
                       {"dac_bits", d.dacBits},
                       {"area_um2_per_column", d.perColumn() / um2},
                       {"blocks", blocks},
                       {"notes", d.notes}});
  }
  return {{"level_set", set.name},
          {"method", set.method},
          {"technology", technology},
          {"columns", comparison.columns},
          {"step_rule", netlist::stepRuleName(rule)},
          {"linear_bits", linearBits},
          {"designs", designs},
          {"ratios", areaRatiosJson(comparison)}};
}

} // namespace nladc::layout_est
