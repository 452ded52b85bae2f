#pragma once

#include "adc/Technology.hh"

#include <filesystem>
#include <string>

namespace nladc::layout_est {

// The supply energy of one decision of the StrongARM comparator
// (netlist::strongArmComparator), analytic: every clock cycle precharges
// and discharges its internal nodes xp and xn, its tail node, one of its
// two outputs and its clock input, each C·VDD², and the SR latch makes one
// NAND2 transition. C from the devices' sizes (netlist::comparatorSizing):
// C_ox·W·L of every gate on the node, junction capacitance × W of every
// drain or source (the technology's energy section). The full swing of the
// tail node makes it an upper bound; the input pair's kickback on its
// inputs is left out. InputError without the energy section.
double analyticComparatorEnergy(const adc::Technology& technology);

// Which comparator energy the estimate uses: the analytic one, or a SPICE
// characterisation's (`nladc characterize comparator`'s comparator.json).
// A characterisation holds at the sizes it was made for; at another
// sizing (a design sized to a yield) its energy is scaled by the analytic
// ratio of the two sizes.
class ComparatorEnergy {
public:
  ComparatorEnergy() = default; // analytic

  // The characterisation `file` measured `joules` per decision at the sizes
  // `technology` gives.
  ComparatorEnergy(double joules, const adc::Technology& technology, std::filesystem::path file);

  // J per decision of the comparator `technology` sizes.
  double perDecision(const adc::Technology& technology) const;

  // What the estimate used, for the output: "analytic (C·V² of the
  // StrongARM's switched nodes)" or "characterised (FILE: E J per decision)".
  const std::string& source() const { return source_; }

private:
  double characterisedOverAnalytic_ = 1.0;
  std::string source_ = "analytic (C·V² of the StrongARM's switched nodes)";
};

// A comparator characterisation's energy for `technology`
// (adc::readComparatorReport): InputError naming the file and the field
// unless it names `technology` and measured energy_per_decision_J.
ComparatorEnergy readComparatorEnergy(const std::filesystem::path& file, const adc::Technology& technology);

} // namespace nladc::layout_est
