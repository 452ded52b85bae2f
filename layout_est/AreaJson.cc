#include "layout_est/AreaJson.hh"

#include <cmath>

namespace nladc::layout_est {

namespace {

constexpr double um2 = 1e-12;

nlohmann::ordered_json energiesJson(const std::vector<const DesignArea*>& designs)
{
  nlohmann::ordered_json energies = nlohmann::ordered_json::object();
  for (const DesignArea* d : designs)
    if (d->energy)
      energies[d->name] = d->energy->perConversion();
  return energies;
}

} // namespace

void addEnergyJson(nlohmann::ordered_json& entry, const DesignArea& d)
{
  if (!d.energy)
    return;
  nlohmann::ordered_json blocks = nlohmann::ordered_json::object();
  for (const BlockEnergy& b : d.energy->blocks)
    blocks[b.name] = {{"shared_by", b.sharedBy}, {"energy_J", b.energy}, {"energy_J_per_column", b.perColumn()}};
  entry["energy_per_conversion_J"] = d.energy->perConversion();
  entry["energy_blocks"] = blocks;
}

nlohmann::ordered_json energiesJson(const AreaComparison& c)
{
  std::vector<const DesignArea*> designs;
  for (const DesignArea& d : c.designs)
    designs.push_back(&d);
  return energiesJson(designs);
}

nlohmann::ordered_json isoYieldEnergiesJson(const std::vector<IsoYieldDesign>& designs)
{
  std::vector<const DesignArea*> areas;
  for (const IsoYieldDesign& d : designs)
    areas.push_back(&d.area);
  return energiesJson(areas);
}

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
    nlohmann::ordered_json entry{{"name", d.name},        {"bits", d.bits},
                                 {"dac_bits", d.dacBits}, {"area_um2_per_column", d.perColumn() / um2},
                                 {"blocks", blocks},      {"notes", d.notes}};
    addEnergyJson(entry, d);
    designs.push_back(std::move(entry));
  }
  nlohmann::ordered_json out{{"level_set", set.name},
                             {"method", set.method},
                             {"technology", technology},
                             {"columns", comparison.columns},
                             {"step_rule", netlist::stepRuleName(rule)},
                             {"linear_bits", linearBits}};
  const DesignArea& inMemory = comparison.inMemory();
  if (inMemory.energy)
    out["comparator_energy"] = inMemory.energy->comparatorSource;
  out["designs"] = designs;
  out["ratios"] = areaRatiosJson(comparison);
  if (inMemory.energy) {
    nlohmann::ordered_json ratios = nlohmann::ordered_json::object();
    for (size_t i = 1; i < comparison.designs.size(); ++i)
      ratios[comparison.designs[i].name] =
          comparison.designs[i].energy->perConversion() / inMemory.energy->perConversion();
    out["energy_ratios"] = ratios;
  }
  return out;
}

nlohmann::ordered_json isoYieldRatiosJson(const std::vector<IsoYieldDesign>& designs)
{
  nlohmann::ordered_json ratios = nlohmann::ordered_json::object();
  for (size_t i = 1; i < designs.size(); ++i)
    ratios[designs[i].name] = isoYieldRatio(designs, designs[i]);
  return ratios;
}

void addIsoYieldJson(nlohmann::ordered_json& area, const adc::Technology& technology, double yield,
                     const std::vector<IsoYieldDesign>& designs)
{
  area["yield_target"] = yield;
  nlohmann::ordered_json& entries = area.at("designs");
  for (size_t i = 0; i < designs.size(); ++i) {
    const IsoYieldDesign& d = designs[i];
    const double pairArea = technology.comparatorGateArea(d.sizing.comparatorOffsetSigma);
    entries.at(i)["iso_yield"] = {{"sizing",
                                   {{"full_scale_V", d.sizing.fullScale},
                                    {"auto_zero", d.sizing.autoZero},
                                    {"comparator_offset_sigma_V", d.sizing.comparatorOffsetSigma},
                                    {"input_pair_area_um2", pairArea / um2},
                                    {"unit_capacitance_F", d.sizing.unitCapacitance}}},
                                  {"yield", d.yield},
                                  {"met", d.met},
                                  {"limit", d.met ? nlohmann::ordered_json() : nlohmann::ordered_json(d.limit)},
                                  {"um2_per_column", d.area.perColumn() / um2},
                                  {"ratio", isoYieldRatio(designs, d)}};
    addEnergyJson(entries.at(i)["iso_yield"], d.area);
  }
}

} // namespace nladc::layout_est
