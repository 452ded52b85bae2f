#pragma once

#include "layout_est/AreaComparison.hh"
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

} // namespace nladc::layout_est
