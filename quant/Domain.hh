#pragma once

#include <optional>
#include <span>
#include <vector>

namespace nladc::quant {

// The activation range [lo, hi] a level set covers; it maps to the ADC's
// full scale. Samples outside it are clamped, as the hardware clamps them.
struct Domain {
  double lo = 0.0;
  double hi = 1.0;

  double width() const { return hi - lo; }
  double clamp(double x) const { return x < lo ? lo : (x > hi ? hi : x); }
};

// How the domain is chosen: given bounds win; otherwise min/max of the
// samples, optionally after clipping a percentile off each tail.
struct DomainOptions {
  std::optional<double> lo;
  std::optional<double> hi;
  std::optional<double> clipPercentile; // e.g. 99.9: lo = 0.1th, hi = 99.9th percentile
};

class SortedSamples;

// From sorted samples (unclamped), or from raw samples through them.
Domain chooseDomain(const SortedSamples& samples, const DomainOptions& options);
Domain chooseDomain(std::span<const float> samples, const DomainOptions& options);

} // namespace nladc::quant
