#pragma once

#include "flow/Flow.hh"

#include <string>
#include <vector>

namespace nladc::flow {

// One plot of the report, as an SVG document.
struct FlowPlot {
  std::string kind;    // its file name part: plots/<tensor>.<kind>.svg
  std::string caption; // what it shows and how to read it
  std::string svg;
};

// The plots of one tensor (docs/flow.md):
//   distribution  the activation histogram (log counts) above each method's levels and thresholds
//   error         each method's ideal MSE; the effective MSE after Monte Carlo of BS-KMQ and the best baseline
//   ramp          the SPICE ramp of BS-KMQ's design against its ideal staircase
//   spread        each threshold's Monte Carlo error, mean ± σ in units of its local step
//   area          the per-column area of every design, stacked by block
//   energy        every design's energy per conversion against its area (technologies with an energy section)
std::vector<FlowPlot> tensorPlots(const TensorResult& tensor);

} // namespace nladc::flow
