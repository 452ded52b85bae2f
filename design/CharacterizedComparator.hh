#pragma once

#include "adc/ComparatorReportReader.hh"
#include "adc/Technology.hh"

#include <string>

namespace nladc::design {

// Where the σ the search sizes the comparator with comes from: Pelgrom's
// analytic A_VT/√(W·L), or a SPICE characterisation (comparator.json)
// that scales it by its characterised/analytic ratio.
struct ComparatorSigmaSource {
  std::string source = "analytic"; // "analytic", or the comparator.json's path
  double ratio = 1.0;              // characterised σ / analytic σ at the characterised sizes
};

// The technology the search sizes with when a characterisation is given:
// design.comparator_a_vt scaled by the characterisation's σ ratio. Every
// device's Pelgrom σ scales as 1/√(W·L), so the ratio holds at every size
// the search tries — as far as the input pair dominates the offset (the
// latch devices do not grow with it; docs/comparator.md). InputError
// naming the file unless it was made for this technology (its name) and
// for the input pair this technology's sizing gives, or without the
// technology's design section.
adc::Technology withCharacterizedComparator(adc::Technology technology,
                                            const adc::CharacterizedComparator& characterization,
                                            ComparatorSigmaSource& source);

// The technology a Monte Carlo draws the comparators from when a
// characterisation is given (`mc --comparator`): each column's offset is
// drawn from the characterised σ and mean in place of
// variation.comparator_offset_sigma and comparator.offset. The same
// InputErrors for another technology or input pair.
adc::Technology withCharacterizedOffset(adc::Technology technology,
                                        const adc::CharacterizedComparator& characterization);

} // namespace nladc::design
