#include "adc/ThresholdYield.hh"

#include "adc/BehaviouralModel.hh"
#include "adc/ConversionMeasurement.hh"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

namespace nladc::adc {

namespace {

// Beyond ±8σ a normal variable's density is below 1e-15 of its peak.
constexpr double span = 8.0;
// Composite 4-point Gauss–Legendre over 24 panels of the range: the
// integrands are smooth inside the range where a column can pass at all,
// and Gauss–Legendre never evaluates a panel's ends, where they may jump.
// The quadrature error stays far below the failure probabilities a yield
// of 0.99 over 1024 columns resolves (1e-5; tests/adc/test_threshold_yield.cc
// holds the result against closed forms and brute force).
constexpr int panels = 24;
constexpr double nodes[] = {-0.8611363115940526, -0.3399810435848563, 0.3399810435848563, 0.8611363115940526};
constexpr double weights[] = {0.3478548451374538, 0.6521451548625461, 0.6521451548625461, 0.3478548451374538};

double normalCdf(double z)
{
  return 0.5 * std::erfc(-z / std::numbers::sqrt2);
}

double normalDensity(double z)
{
  return std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi);
}

// ∫ φ(z)·f(z) dz over the standard normal z ∈ [lo, hi] ∩ [−8, 8].
template <class F> double expectation(double lo, double hi, F&& f)
{
  lo = std::max(lo, -span);
  hi = std::min(hi, span);
  if (!(hi > lo))
    return 0.0;
  const double h = (hi - lo) / panels;
  double sum = 0.0;
  for (int i = 0; i < panels; ++i)
    for (int k = 0; k < 4; ++k) {
      const double z = lo + h * (i + 0.5 * (1.0 + nodes[k]));
      sum += weights[k] * normalDensity(z) * f(z);
    }
  return sum * h / 2.0;
}

// P(|m + r| < h) for r ~ N(0, s²).
double windowProbability(double m, double h, double s)
{
  if (s <= 0.0)
    return std::abs(m) < h ? 1.0 : 0.0;
  return std::max(0.0, normalCdf((h - m) / s) - normalCdf((-h - m) / s));
}

// The column's pass probability at a fixed gain error g.
double passAtGain(std::span<const double> volts, std::span<const double> bias, std::span<const double> halfWindow,
                  const ColumnErrors& e, double g)
{
  // The offsets o every threshold's window admits, before the independent
  // errors: |b_j + o − v_j·g| < h_j.
  double lo = -INFINITY;
  double hi = INFINITY;
  for (size_t j = 0; j < volts.size(); ++j) {
    const double centre = volts[j] * g - bias[j];
    lo = std::max(lo, centre - halfWindow[j]);
    hi = std::min(hi, centre + halfWindow[j]);
  }
  const bool independent =
      std::any_of(e.independentSigma.begin(), e.independentSigma.end(), [](double s) { return s > 0.0; });
  if (!independent) {
    if (!(hi > lo))
      return 0.0;
    if (e.offsetSigma <= 0.0)
      return lo < 0.0 && 0.0 < hi ? 1.0 : 0.0;
    return normalCdf(hi / e.offsetSigma) - normalCdf(lo / e.offsetSigma);
  }
  const auto given = [&](double o) {
    double p = 1.0;
    for (size_t j = 0; j < volts.size() && p > 0.0; ++j)
      p *= windowProbability(bias[j] + o - volts[j] * g, halfWindow[j], e.independentSigma[j]);
    return p;
  };
  if (e.offsetSigma <= 0.0)
    return given(0.0);
  // Only offsets within every window of a zero-σ threshold can pass, and
  // none beyond 8 independent σ's of the windows' common part: the
  // quadrature spans just the offsets that matter, however small the
  // independent errors are against the offset.
  const double widest = *std::max_element(e.independentSigma.begin(), e.independentSigma.end());
  double oLo = lo - span * widest;
  double oHi = hi + span * widest;
  for (size_t j = 0; j < volts.size(); ++j)
    if (e.independentSigma[j] <= 0.0) {
      const double centre = volts[j] * g - bias[j];
      oLo = std::max(oLo, centre - halfWindow[j]);
      oHi = std::min(oHi, centre + halfWindow[j]);
    }
  return expectation(oLo / e.offsetSigma, oHi / e.offsetSigma, [&](double z) { return given(z * e.offsetSigma); });
}

// The gain errors g at which a column without independent errors can pass
// at all: every threshold's window of offsets |b_j + o − v_j·g| < h_j must
// overlap every other's (and, with no offset, hold o = 0). Outside, the
// integrand is 0; restricting the quadrature to it keeps the integrand's
// steep edges at the ends of the range, which Gauss–Legendre never evaluates.
std::pair<double, double> passableGains(std::span<const double> volts, std::span<const double> bias,
                                        std::span<const double> halfWindow, bool noOffset)
{
  double lo = -INFINITY;
  double hi = INFINITY;
  // a·g > c, for each constraint.
  const auto require = [&](double a, double c) {
    if (a > 0.0)
      lo = std::max(lo, c / a);
    else if (a < 0.0)
      hi = std::min(hi, c / a);
    else if (!(0.0 > c))
      hi = -INFINITY; // never
  };
  for (size_t i = 0; i < volts.size(); ++i)
    for (size_t j = 0; j < volts.size(); ++j)
      if (i != j) // the upper end of i's window above the lower end of j's
        require(volts[i] - volts[j], bias[i] - bias[j] - halfWindow[i] - halfWindow[j]);
  if (noOffset)
    for (size_t j = 0; j < volts.size(); ++j) {
      require(volts[j], bias[j] - halfWindow[j]);   // v_j·g − b_j + h_j > 0
      require(-volts[j], -bias[j] - halfWindow[j]); // v_j·g − b_j − h_j < 0
    }
  return {lo, hi};
}

} // namespace

double columnPassProbability(std::span<const double> volts, std::span<const double> bias,
                             std::span<const double> halfWindow, const ColumnErrors& errors)
{
  if (errors.gainSigma <= 0.0)
    return passAtGain(volts, bias, halfWindow, errors, 0.0);
  double lo = -span;
  double hi = span;
  if (std::none_of(errors.independentSigma.begin(), errors.independentSigma.end(), [](double s) { return s > 0.0; })) {
    const auto [gLo, gHi] = passableGains(volts, bias, halfWindow, errors.offsetSigma <= 0.0);
    lo = std::max(lo, gLo / errors.gainSigma);
    hi = std::min(hi, gHi / errors.gainSigma);
  }
  return expectation(lo, hi,
                     [&](double z) { return passAtGain(volts, bias, halfWindow, errors, z * errors.gainSigma); });
}

double allColumnsPassProbability(std::span<const double> volts, std::span<const double> bias,
                                 std::span<const double> halfWindow, const ColumnErrors& errors, int columns)
{
  return std::pow(std::clamp(columnPassProbability(volts, bias, halfWindow, errors), 0.0, 1.0), columns);
}

std::vector<double> halfLocalSteps(const quant::LevelSet& set, double fullScale)
{
  std::vector<double> half;
  for (size_t j = 0; j < set.thresholds.size(); ++j)
    half.push_back(0.5 * localStep(set, j) / set.domain.width() * fullScale);
  return half;
}

double inMemoryYieldEstimate(const ReferenceColumnDesign& design, const VariationModel& variation, int columns,
                             int rampDraws)
{
  const quant::LevelSet& set = design.levels;
  const std::vector<double> ramp = rampLevels(design.parameters, nominalDevices(design));
  std::vector<double> volts;
  std::vector<double> nominalBias;
  // A systematic comparator offset moves every column's thresholds alike.
  for (size_t j = 0; j < set.thresholds.size(); ++j) {
    volts.push_back(design.toVolts(set.thresholds[j]));
    nominalBias.push_back(ramp[j + 1] + variation.comparatorOffsetMean - volts.back());
  }
  const std::vector<double> half = halfLocalSteps(set, design.parameters.fullScale);
  const ColumnErrors column{variation.comparatorOffsetSigma, variation.gainSigma, {}};

  // σ of each ramp step's rise: its cells' programming errors, averaged
  // over the cells in parallel.
  std::vector<double> stepSigma;
  for (size_t j = 0; j < design.steps.size(); ++j) {
    const RampStep& step = design.steps[j];
    const double rise = ramp[j + 1] - ramp[j];
    const double relative =
        variation.rramSigmaAbs > 0.0 ? variation.rramSigmaAbs / step.conductance : variation.rramSigmaRel;
    stepSigma.push_back(std::abs(rise) * relative / std::sqrt(static_cast<double>(step.cells)));
  }
  // A Vread that does not track scales the ramp and not the columns.
  const double vreadSpread = variation.vreadTracking ? 0.0 : variation.vreadSpread;
  const bool rampVaries =
      vreadSpread > 0.0 || std::any_of(stepSigma.begin(), stepSigma.end(), [](double s) { return s > 0.0; });
  if (!rampVaries || rampDraws <= 0)
    return allColumnsPassProbability(volts, nominalBias, half, column, columns);

  // A fixed seed: the estimate is a deterministic function of the design.
  std::mt19937_64 generator(20260406);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> uniform(-1.0, 1.0);
  double sum = 0.0;
  std::vector<double> bias(nominalBias.size());
  for (int draw = 0; draw < rampDraws; ++draw) {
    const double vreadError = vreadSpread * uniform(generator);
    double accumulated = 0.0;
    for (size_t j = 0; j < bias.size(); ++j) {
      accumulated += stepSigma[j] * normal(generator);
      bias[j] = nominalBias[j] + accumulated + ramp[j + 1] * vreadError;
    }
    sum += allColumnsPassProbability(volts, bias, half, column, columns);
  }
  return sum / rampDraws;
}

} // namespace nladc::adc
