#pragma once

#include "adc/ReferenceColumnDesign.hh"
#include "adc/Technology.hh"
#include "layout_est/AdcArea.hh"
#include "layout_est/ComparatorEnergy.hh"
#include "netlist/ThresholdGrid.hh"

#include <string>
#include <vector>

namespace nladc::layout_est {

// Every design of DESIGN.md §6, sized from one level set and technology,
// and their per-column areas against the in-memory NL-ADC's.
struct AreaComparison {
  int columns = 0;
  // in-memory-nl-adc first, then nl-sar, nl-flash, sar (the level set's
  // bits) and sar-mse-matched (the bits a linear set needs to match the
  // level set's MSE).
  std::vector<DesignArea> designs;

  const DesignArea& inMemory() const { return designs.front(); }
  // A design's per-column area over the in-memory NL-ADC's: how many
  // times smaller the proposed design is.
  double ratio(const DesignArea& design) const { return design.perColumn() / inMemory().perColumn(); }
};

// `design` is the level set's reference column (adc::designReferenceColumn);
// `columns` share its ramp; `linearBits` sizes sar-mse-matched
// (MatchedLinearBits.hh); `rule` reads "the smallest step" for the NL-SAR's
// DAC and the hold capacitor (netlist/ThresholdGrid.hh). Where the
// technology has an energy section, each design also gets its energy per
// conversion (AdcEnergy.hh) with `comparator`'s energy per decision.
AreaComparison compareAreas(const adc::ReferenceColumnDesign& design, const adc::Technology& technology, int columns,
                            int linearBits, netlist::StepRule rule = netlist::StepRule::smallest,
                            const ComparatorEnergy& comparator = {});

} // namespace nladc::layout_est
