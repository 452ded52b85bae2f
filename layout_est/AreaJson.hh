#pragma once

#include "layout_est/AreaComparison.hh"
#include "layout_est/IsoYield.hh"
#include "netlist/ThresholdGrid.hh"
#include "quant/LevelSet.hh"

#include <nlohmann/json.hpp>
#include <string>

namespace nladc::layout_est {

// An area comparison as `nladc area --format json` prints it (DESIGN.md §7,
// docs/area.md), without the sweeps: the level set, technology, columns,
// the step rule it was sized with, the MSE-matched SAR's bits, each
// design's per-column area by block and its notes, and each baseline's
// ratio to the in-memory NL-ADC.
nlohmann::ordered_json areaJson(const quant::LevelSet& set, const std::string& technology, netlist::StepRule rule,
                                int linearBits, const AreaComparison& comparison);

// The ratios alone: {"nl-sar": …, …}.
nlohmann::ordered_json areaRatiosJson(const AreaComparison& comparison);

// Where the designs have energies (a technology with an energy section):
// "energy_per_conversion_J" (J per column and conversion) and
// "energy_blocks": {NAME: {"shared_by", "energy_J", "energy_J_per_column"}}
// added to a design's entry. areaJson adds them to each design, the
// comparator energy's source ("comparator_energy") and "energy_ratios"
// (each baseline's energy over the in-memory NL-ADC's); addIsoYieldJson
// adds them to each "iso_yield".
void addEnergyJson(nlohmann::ordered_json& entry, const DesignArea& design);

// The energies per conversion alone: {"in-memory-nl-adc": J, …}; empty
// without energies.
nlohmann::ordered_json energiesJson(const AreaComparison& comparison);
nlohmann::ordered_json isoYieldEnergiesJson(const std::vector<IsoYieldDesign>& designs);

// Adds to an areaJson document the yield every design was sized to
// ("yield_target") and to each design, in the same order, its
// "iso_yield": {"sizing": {"full_scale_V", "auto_zero",
// "comparator_offset_sigma_V", "input_pair_area_um2", "unit_capacitance_F"},
// "yield", "met", "limit" (null when met), "um2_per_column", "ratio"}.
void addIsoYieldJson(nlohmann::ordered_json& area, const adc::Technology& technology, double yield,
                     const std::vector<IsoYieldDesign>& designs);

// The iso-yield ratios alone: {"nl-sar": …, …}.
nlohmann::ordered_json isoYieldRatiosJson(const std::vector<IsoYieldDesign>& designs);

} // namespace nladc::layout_est
