#pragma once

#include "adc/Technology.hh"
#include "adc/VariationModel.hh"
#include "quant/Domain.hh"
#include "quant/ExpectedError.hh"
#include "quant/Method.hh"

#include <cstddef>

namespace nladc::adc {

// The σ of the in-memory NL-ADC's realised thresholds before the thresholds
// are known (DESIGN.md §8): what `levels` and `compare --tech` fit to and
// measure with. A threshold at v volts of [0, V_FS] errs by the column's
// comparator offset, its gain error (−v·g, as in ThresholdYield) and the
// ramp's accumulated RRAM programming error, independently:
//   σ_v(v)² = σ_cmp² + (gain_sigma·v)² [+ (vread_spread/√3·v)² when Vread
//   does not track] + σ_ramp(v)².
// Access-transistor Vth mismatch and stuck-at-OFF cells are left to the
// behavioural model, as in ThresholdYield's estimate; a systematic
// comparator offset shifts every threshold alike and is no jitter.
class ThresholdJitter {
public:
  // InputError naming the technology file when its RRAM error is absolute
  // (rram_sigma_abs > 0): that σ depends on the conductances the design
  // chooses, unknown while the levels are fitted.
  explicit ThresholdJitter(const Technology& technology);

  // σ_v of a threshold at `volts` of a ramp of levelCount levels, in volts.
  double sigmaVolts(double volts, size_t levelCount) const;

  // σ(t) in activation units of a level set of levelCount levels on
  // `domain`, which the design maps linearly onto [0, V_FS]:
  // σ(t) = σ_v(v(t))·(hi − lo)/V_FS with v(t) = (t − lo)/(hi − lo)·V_FS.
  quant::ThresholdSigma sigma(const quant::Domain& domain, size_t levelCount) const;

private:
  VariationModel variation_;
  double fullScale_ = 0.0; // V
};

// Makes `options` fit to and measure with the threshold jitter of
// `technology` (its ThresholdJitter), recording the technology's name as
// where the σ came from.
void useThresholdJitterOf(const Technology& technology, quant::FitOptions& options);

} // namespace nladc::adc
