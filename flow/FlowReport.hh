#pragma once

#include "flow/ArtefactLayout.hh"
#include "flow/Flow.hh"

namespace nladc::flow {

// Writes what a designer reads of a finished flow (docs/flow.md):
//   report.html  one self-contained page: every plot inline, the tables behind them, links to the artefacts
//   summary.md   the overview and each tensor's main tables, for terminals and reviews
//   plots/       each plot as an SVG file of its own
// Every file is written atomically.
void writeFlowReport(const FlowResult& flow, const ArtefactLayout& layout);

} // namespace nladc::flow
