#pragma once

#include "adc/BehaviouralModel.hh"
#include "adc/ReferenceColumnDesign.hh"
#include "adc/Technology.hh"

#include <cstdint>
#include <vector>

namespace nladc::adc {

// The σ's of a Monte Carlo run (DESIGN.md §5), from the technology file's
// `variation` section, each overridable on the command line.
struct VariationModel {
  double rramSigmaRel = 0.0;          // 1, lognormal σ of G; G' = G·exp(σ·z), so G is the median
  double rramSigmaAbs = 0.0;          // S, absolute σ of G; when > 0 it replaces the lognormal error
  double pStuckOff = 0.0;             // 1, probability a cell is stuck at OFF (g_off)
  double vthSigma = 0.0;              // V, σ(Vth) of each access transistor (Pelgrom: A_VT/√(W·L))
  double gainSigma = 0.0;             // 1, σ of each column's gain against the ramp's
  double comparatorOffsetMean = 0.0;  // V, the systematic offset every comparator shares
  double comparatorOffsetSigma = 0.0; // V, σ of each column comparator's random offset
  double vreadSpread = 0.0;           // 1, Vread uniform in nominal·(1 ± spread)
  bool vreadTracking = true;          // the Vread draw scales the columns' inputs too
};

// The technology's defaults; σ(Vth) from its access transistor's drawn W·L.
VariationModel variationModel(const Technology& technology);

// What a column of the macro adds to the shared ramp: its input is
// `gain` times the nominal mapping of the activation, and its comparator
// flips when that input exceeds the ramp plus `offset`.
struct ColumnVariation {
  double gain = 1.0;
  double offset = 0.0; // V
};

// One Monte Carlo sample: the reference column as built, and the columns
// that read its ramp.
struct VariationSample {
  ColumnDevices devices;
  std::vector<ColumnVariation> columns;
};

// The nominal sample: every device as designed, ideal columns.
VariationSample nominalSample(const ReferenceColumnDesign& design, int columns);

// Sample `index` of a run seeded with `seed`. Its draws depend only on
// (seed, index) — a counter-based generator — so any worker, in any order,
// draws the same sample. Every variable is drawn whatever its σ, so
// switching one variation off leaves the others' draws unchanged.
VariationSample drawSample(const ReferenceColumnDesign& design, const VariationModel& model, int columns, uint64_t seed,
                           uint64_t index);

} // namespace nladc::adc
