#include "adc/ThresholdJitter.hh"

#include "util/Error.hh"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace nladc::adc {

ThresholdJitter::ThresholdJitter(const Technology& technology)
    : variation_(variationModel(technology)), fullScale_(technology.fullScale)
{
  if (variation_.rramSigmaAbs > 0.0)
    throw InputError(fmt::format("{}: variation.rram_sigma_abs: the threshold sigma of a technology needs the RRAM "
                                 "error relative to G (rram_sigma_rel); an absolute one depends on the conductances "
                                 "a design chooses",
                                 technology.file.empty() ? technology.name : technology.file.string()));
}

double ThresholdJitter::sigmaVolts(double volts, size_t levelCount) const
{
  const double gain = variation_.gainSigma * volts;
  // Vread uniform in ±spread has σ = spread/√3; it cancels when it scales
  // the columns' inputs as it scales the ramp.
  const double vread = variation_.vreadTracking ? 0.0 : variation_.vreadSpread / std::sqrt(3.0) * volts;
  // The ramp reaches v after about (K − 1)·v/V_FS steps (equal steps, as
  // if the levels were linear); each step's rise errs by σ_rel of its own
  // height v/n, independently, so their sum errs by σ_rel·v/√n. At least
  // one step: below the first step's end the ramp is that step's part.
  const double steps = std::max(1.0, static_cast<double>(levelCount - 1) * volts / fullScale_);
  const double ramp = variation_.rramSigmaRel * volts / std::sqrt(steps);
  const double comparator = variation_.comparatorOffsetSigma;
  return std::sqrt(comparator * comparator + gain * gain + vread * vread + ramp * ramp);
}

quant::ThresholdSigma ThresholdJitter::sigma(const quant::Domain& domain, size_t levelCount) const
{
  const double activationPerVolt = domain.width() / fullScale_;
  return [jitter = *this, domain, levelCount, activationPerVolt](double t) {
    return jitter.sigmaVolts((t - domain.lo) / activationPerVolt, levelCount) * activationPerVolt;
  };
}

void useThresholdJitterOf(const Technology& technology, quant::FitOptions& options)
{
  options.thresholdSigmaModel = [jitter = ThresholdJitter(technology)](const quant::Domain& domain, size_t levelCount) {
    return jitter.sigma(domain, levelCount);
  };
  options.thresholdSigmaSource = technology.name;
}

} // namespace nladc::adc
