#include "layout_est/IsoYield.hh"

#include "adc/ColumnParameters.hh"
#include "adc/ThresholdYield.hh"
#include "adc/VariationModel.hh"
#include "layout_est/AreaComparison.hh"
#include "netlist/AnalogBlocks.hh"
#include "netlist/SarAdcCircuit.hh"
#include "util/Error.hh"

#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <optional>

namespace nladc::layout_est {

namespace {

// The order of AreaComparison::designs.
enum class Kind { inMemory, nlSar, nlFlash, sar, sarMseMatched };
constexpr std::array<const char*, 5> kindNames{"in-memory-nl-adc", "nl-sar", "nl-flash", "sar", "sar-mse-matched"};

Kind parseKind(const std::string& name)
{
  for (size_t i = 0; i < kindNames.size(); ++i)
    if (name == kindNames[i])
      return static_cast<Kind>(i);
  throw InputError(fmt::format("unknown design '{}'", name));
}

// Geometric bisection stops when the bracket is within 0.5 %: far finer
// than the 10 % the knobs' neighbours are checked at, and a few yield
// evaluations per knob.
constexpr double tolerance = 1.005;
// A SAR's pair σ is traded against its unit capacitor at this many pair
// sizes, evenly in log σ, before the best is refined.
constexpr int pairCandidates = 6;
// Doublings of C_u before the DAC is taken as unable to meet a yield its
// ideal counterpart meets (2^40 × unit_capacitance: never reached).
constexpr int maxUnitDoublings = 40;

const adc::DesignBounds& boundsOf(const adc::Technology& t)
{
  if (!t.design)
    throw InputError(fmt::format("{}: sizing to a yield needs the technology's design section (design.comparator_a_vt, "
                                 "design.comparator_max_input_area, design.max_full_scale, design.auto_zero_*)",
                                 t.file.string()));
  return *t.design;
}

// The largest x in [lo, hi] that passes, given that lo passes and hi does not.
template <class Pass> double largestPassing(double lo, double hi, Pass pass)
{
  while (hi / lo > tolerance) {
    const double mid = std::sqrt(lo * hi);
    (pass(mid) ? lo : hi) = mid;
  }
  return lo;
}

// The smallest x in [lo, hi] that passes, given that hi passes and lo does not.
template <class Pass> double smallestPassing(double lo, double hi, Pass pass)
{
  while (hi / lo > tolerance) {
    const double mid = std::sqrt(lo * hi);
    (pass(mid) ? hi : lo) = mid;
  }
  return hi;
}

// Which random errors a yield counts: the limit's diagnosis drops them.
struct Counted {
  bool offset = true;
  bool gain = true;
  bool ramp = true; // the in-memory ramp's programming error
  bool dac = true;  // a SAR DAC's unit-capacitor mismatch
};

// A baseline's thresholds at V_FS = 1 V (every term scales with V_FS):
// where each lies, its static error, half its local step, and for a SAR its
// DAC code m of gridSteps = 2^R.
struct Thresholds {
  std::vector<double> position;
  std::vector<double> bias;
  std::vector<double> half;
  std::vector<long> codes;
  long gridSteps = 0;
  double narrowestStep = 0.0; // the DAC's sampled step, for its kT/C floor
};

// A linear SAR of `bits` bits: thresholds m/2^b, windows half an LSB.
Thresholds uniformThresholds(int bits)
{
  Thresholds t;
  t.gridSteps = 1L << bits;
  for (long m = 1; m < t.gridSteps; ++m) {
    t.position.push_back(static_cast<double>(m) / t.gridSteps);
    t.bias.push_back(0.0);
    t.half.push_back(0.5 / t.gridSteps);
    t.codes.push_back(m);
  }
  t.narrowestStep = 1.0 / t.gridSteps;
  return t;
}

Thresholds setThresholds(const quant::LevelSet& set)
{
  Thresholds t;
  for (const double x : set.thresholds) {
    t.position.push_back((x - set.domain.lo) / set.domain.width());
    t.bias.push_back(0.0);
  }
  t.half = adc::halfLocalSteps(set, 1.0);
  return t;
}

// The NL-SAR's thresholds on its R-bit grid: the rounding is the bias.
Thresholds gridThresholds(const quant::LevelSet& set, netlist::StepRule rule)
{
  Thresholds t = setThresholds(set);
  const netlist::ThresholdGrid grid = netlist::thresholdGrid(set, rule);
  t.gridSteps = 1L << grid.bits;
  t.codes = grid.codes;
  for (size_t j = 0; j < t.position.size(); ++j)
    t.bias[j] = static_cast<double>(t.codes[j]) / t.gridSteps - t.position[j];
  t.narrowestStep = netlist::narrowestStep(set, rule);
  return t;
}

// One design's yield and area as functions of its sizing.
class DesignModel {
public:
  DesignModel(Kind kind, const quant::LevelSet& set, const adc::Technology& t, int columns, int linearBits,
              netlist::StepRule rule, const ComparatorEnergy& comparator = {})
      : kind_(kind), set_(set), technology_(t), columns_(columns), linearBits_(linearBits), rule_(rule),
        comparator_(comparator)
  {
    boundsOf(t);
    switch (kind) {
    case Kind::inMemory: break;
    case Kind::nlSar: thresholds_ = gridThresholds(set, rule); break;
    case Kind::nlFlash: thresholds_ = setThresholds(set); break;
    case Kind::sar: thresholds_ = uniformThresholds(set.bits); break;
    case Kind::sarMseMatched: thresholds_ = uniformThresholds(linearBits); break;
    }
  }

  const adc::Technology& technology() const { return technology_; }
  bool hasDac() const { return thresholds_.gridSteps > 0; }
  // An in-memory column with a front end: its pair is not sized below
  // the front end's residual (inMemoryPairSigmaRange).
  bool frontEnd() const { return kind_ == Kind::inMemory && technology_.blocks.has_value(); }
  PairSigmaRange pairRange() const
  {
    return kind_ == Kind::inMemory ? inMemoryPairSigmaRange(technology_) : pairSigmaRange(technology_);
  }

  // The smallest unit capacitor the SAR's circuit draws at this V_FS:
  // unit_capacitance, or larger where netlist/SarAdcCircuit's matching rule
  // or its DAC's kT/C noise asks for more.
  double unitFloor(double fullScale) const
  {
    const double sampled = netlist::samplingCapacitance(thresholds_.narrowestStep * fullScale) /
                           static_cast<double>(thresholds_.gridSteps);
    return std::max(netlist::dacUnitCapacitance(technology_.area, static_cast<int>(std::log2(thresholds_.gridSteps))),
                    sampled);
  }

  double yield(const Sizing& s, const Counted& counted = {}) const
  {
    const adc::Technology sized = sizedTechnology(technology_, s);
    adc::VariationModel variation = adc::variationModel(sized);
    if (!counted.offset)
      variation.comparatorOffsetSigma = 0.0;
    if (!counted.gain)
      variation.gainSigma = 0.0;
    if (kind_ == Kind::inMemory) {
      if (!counted.ramp)
        variation.rramSigmaRel = variation.rramSigmaAbs = 0.0;
      return adc::inMemoryYieldEstimate(referenceColumn(sized), variation, columns_);
    }
    const Thresholds& t = thresholds_;
    const double v = s.fullScale;
    std::vector<double> volts, bias, half;
    for (size_t j = 0; j < t.position.size(); ++j) {
      volts.push_back(t.position[j] * v);
      bias.push_back(t.bias[j] * v);
      half.push_back(t.half[j] * v);
    }
    adc::ColumnErrors errors{0.0, variation.gainSigma, {}};
    if (kind_ == Kind::nlFlash) {
      // K−1 comparators, each its own offset; the ladder's taps are exact.
      errors.independentSigma.assign(volts.size(), variation.comparatorOffsetSigma);
    } else {
      // One comparator shared by every threshold; the DAC's mismatch at
      // code m of N: σ_u·√(m(N − m)/N) LSB (docs/area.md).
      errors.offsetSigma = variation.comparatorOffsetSigma;
      const double n = static_cast<double>(t.gridSteps);
      const double unitSigma = counted.dac ? sized.area.unitCapacitorMismatch : 0.0;
      for (const long code : t.codes) {
        const double m = static_cast<double>(code);
        errors.independentSigma.push_back(unitSigma * std::sqrt(m * (n - m) / n) * v / n);
      }
    }
    return adc::allColumnsPassProbability(volts, bias, half, errors, columns_);
  }

  DesignArea area(const Sizing& s) const
  {
    const adc::Technology sized = sizedTechnology(technology_, s);
    return compareAreas(referenceColumn(sized), sized, columns_, linearBits_, rule_, comparator_)
        .designs[static_cast<size_t>(kind_)];
  }

private:
  // The reference column depends on the technology through V_FS alone here.
  const adc::ReferenceColumnDesign& referenceColumn(const adc::Technology& sized) const
  {
    auto found = referenceColumns_.find(sized.fullScale);
    if (found == referenceColumns_.end())
      found = referenceColumns_.emplace(sized.fullScale, adc::designReferenceColumn(set_, adc::columnParameters(sized)))
                  .first;
    return found->second;
  }

  Kind kind_;
  const quant::LevelSet& set_;
  const adc::Technology& technology_;
  int columns_;
  int linearBits_;
  netlist::StepRule rule_;
  ComparatorEnergy comparator_;
  Thresholds thresholds_;
  mutable std::map<double, adc::ReferenceColumnDesign> referenceColumns_;
};

struct Point {
  Sizing sizing;
  double yield = 0.0;
  double area = 0.0; // m² per column
};

Point evaluate(const DesignModel& m, const Sizing& s)
{
  return {s, m.yield(s), m.area(s).perColumn()};
}

// The smallest C_u at which the SAR meets `target` with its other knobs
// as in `s`; nullopt when even an ideal DAC would not.
std::optional<double> smallestUnit(const DesignModel& m, Sizing s, double target)
{
  const auto meets = [&](double unit) {
    s.unitCapacitance = unit;
    return m.yield(s) >= target;
  };
  const double floor = m.unitFloor(s.fullScale);
  if (meets(floor))
    return floor;
  if (m.yield(s, Counted{.dac = false}) < target)
    return std::nullopt;
  double hi = 2.0 * floor;
  for (int i = 0; !meets(hi); ++i, hi *= 2.0)
    if (i == maxUnitDoublings)
      return std::nullopt;
  return smallestPassing(hi / 2.0, hi, meets);
}

// The smallest-area sizing at one V_FS and auto-zero choice that meets
// `target`: the pair at its largest σ that does (auto-zero: the pair its
// residual was measured with), and for a SAR the C_u traded against it.
std::optional<Point> sizeAt(const DesignModel& m, double fullScale, bool autoZero, double target)
{
  const PairSigmaRange pair = m.pairRange();
  const double largest = autoZero ? autoZeroPairSigma(m.technology()) : pair.largest;
  const Sizing base{fullScale, autoZero, largest, 0.0};
  const auto withPair = [&](double sigma, double unit) {
    Sizing s = base;
    s.comparatorOffsetSigma = sigma;
    s.unitCapacitance = unit;
    return s;
  };
  // The largest pair σ that meets `target`, with `counted`, at unit `unit`.
  const auto largestSigma = [&](double lo, double unit, const Counted& counted) -> std::optional<double> {
    const auto meets = [&](double sigma) { return m.yield(withPair(sigma, unit), counted) >= target; };
    if (meets(largest))
      return largest;
    if (autoZero || !meets(lo))
      return std::nullopt;
    return largestPassing(lo, largest, meets);
  };

  if (!m.hasDac()) {
    const std::optional<double> sigma = largestSigma(pair.smallest, 0.0, {});
    return sigma ? std::optional<Point>(evaluate(m, withPair(*sigma, 0.0))) : std::nullopt;
  }
  // With an ideal DAC the offset alone bounds the pair σ; below that bound
  // the DAC takes what the offset leaves, so trade the two.
  const std::optional<double> offsetBound = largestSigma(pair.smallest, 0.0, Counted{.dac = false});
  if (!offsetBound)
    return std::nullopt;
  std::vector<double> candidates;
  if (autoZero || *offsetBound == largest)
    candidates.push_back(*offsetBound);
  for (int k = 0; !autoZero && k < pairCandidates; ++k)
    candidates.push_back(pair.smallest *
                         std::pow(*offsetBound / pair.smallest, static_cast<double>(k) / pairCandidates));
  std::optional<Point> best;
  for (const double sigma : candidates) {
    const std::optional<double> unit = smallestUnit(m, withPair(sigma, 0.0), target);
    if (!unit)
      continue;
    const Point p = evaluate(m, withPair(sigma, *unit));
    if (!best || p.area < best->area)
      best = p;
  }
  if (!best)
    return std::nullopt;
  // At the chosen unit the pair may grow smaller still (a larger σ).
  const std::optional<double> sigma =
      largestSigma(best->sizing.comparatorOffsetSigma, best->sizing.unitCapacitance, {});
  return evaluate(m, withPair(sigma.value_or(best->sizing.comparatorOffsetSigma), best->sizing.unitCapacitance));
}

// The bound that stopped a design whose strongest sizing `s` (at
// design.max_full_scale) misses `target` (IsoYieldDesign::limit).
std::string limitOf(const DesignModel& m, const Sizing& s, double target)
{
  Counted counted{.offset = false, .dac = false};
  if (m.yield(s, counted) >= target)
    return m.frontEnd() && boundsOf(m.technology()).autoZeroResidualSigma >= pairSigmaRange(m.technology()).smallest
               ? "design.auto_zero_residual_sigma"
               : "design.comparator_max_input_area";
  counted.gain = false;
  if (m.yield(s, counted) >= target)
    return "variation.gain_sigma";
  counted.ramp = false;
  if (m.yield(s, counted) >= target)
    return "variation.rram_sigma_rel";
  return "levels";
}

std::vector<bool> autoZeroOptions(AutoZeroChoice choice)
{
  switch (choice) {
  case AutoZeroChoice::always: return {true};
  case AutoZeroChoice::never: return {false};
  case AutoZeroChoice::cheaper: break;
  }
  return {false, true};
}

IsoYieldDesign sizeToYield(const DesignModel& m, const std::string& name, double target, AutoZeroChoice choice)
{
  std::optional<Point> best;
  for (const double fullScale : fullScaleGrid(m.technology()))
    for (const bool autoZero : autoZeroOptions(choice))
      if (const std::optional<Point> p = sizeAt(m, fullScale, autoZero, target); p && (!best || p->area < best->area))
        best = p;
  IsoYieldDesign d;
  d.name = name;
  if (best) {
    d.sizing = best->sizing;
    d.yield = best->yield;
    d.met = true;
  } else {
    // The smallest offset the bounds allow, at the largest V_FS; a SAR's
    // unit where its DAC costs at most 1 % of that sizing's yield.
    const adc::Technology& t = m.technology();
    const PairSigmaRange pair = m.pairRange();
    const std::vector<bool> options = autoZeroOptions(choice);
    // On a tie (a front end's pair floored at its residual) the auto-zero:
    // the same offset with the pair as drawn.
    const bool autoZero = options.size() == 1 ? options.front() : boundsOf(t).autoZeroResidualSigma <= pair.smallest;
    d.sizing = {fullScaleGrid(t).back(), autoZero, autoZero ? autoZeroPairSigma(t) : pair.smallest, 0.0};
    if (m.hasDac())
      d.sizing.unitCapacitance = smallestUnit(m, d.sizing, 0.99 * m.yield(d.sizing, Counted{.dac = false}))
                                     .value_or(m.unitFloor(d.sizing.fullScale));
    d.yield = m.yield(d.sizing);
    d.limit = limitOf(m, d.sizing, target);
  }
  d.area = m.area(d.sizing);
  d.area.name = name;
  return d;
}

void checkSpecification(int columns, double yield)
{
  if (!(yield > 0.0 && yield < 1.0))
    throw InputError(fmt::format("yield must be above 0 and below 1, got {}", yield));
  if (columns < 1)
    throw InputError(fmt::format("columns must be at least 1, got {}", columns));
}

} // namespace

adc::Technology sizedTechnology(const adc::Technology& technology, const Sizing& sizing)
{
  adc::Technology t = technology;
  t.fullScale = sizing.fullScale;
  t.variation.comparatorOffsetSigma = sizing.comparatorOffsetSigma;
  t.comparator.autoZero = sizing.autoZero;
  if (sizing.unitCapacitance > 0.0) {
    // Pelgrom for capacitors: σ(ΔC/C) ∝ 1/√C, from the file's unit.
    t.area.unitCapacitorMismatch *= std::sqrt(t.area.unitCapacitance / sizing.unitCapacitance);
    t.area.unitCapacitance = sizing.unitCapacitance;
  }
  return t;
}

double pairOffsetSigma(const adc::Technology& technology, double gateArea)
{
  return technology.comparatorAVt() / std::sqrt(gateArea);
}

PairSigmaRange pairSigmaRange(const adc::Technology& t)
{
  const adc::DesignBounds& b = boundsOf(t);
  return {pairOffsetSigma(t, b.comparatorMaxInputArea), pairOffsetSigma(t, t.area.minWidth * t.featureSize)};
}

// Larger pairs do not take the front end's offset below its residual
// (1.46 mV with 1.4 mV pairs against 1.27 mV with 5 mV ones at 65 nm,
// docs/comparator.md).
PairSigmaRange inMemoryPairSigmaRange(const adc::Technology& t)
{
  PairSigmaRange range = pairSigmaRange(t);
  if (t.blocks)
    range.smallest = std::min(range.largest, std::max(range.smallest, boundsOf(t).autoZeroResidualSigma));
  return range;
}

double autoZeroPairSigma(const adc::Technology& t)
{
  return t.variation.comparatorOffsetSigma;
}

std::vector<double> fullScaleGrid(const adc::Technology& t)
{
  const double lo = t.fullScale;
  const double hi = boundsOf(t).maxFullScale;
  if (!(hi > lo))
    return {lo};
  std::vector<double> grid;
  for (int i = 0; i < fullScaleSteps; ++i)
    grid.push_back(lo + (hi - lo) * i / (fullScaleSteps - 1));
  return grid;
}

double analyticYield(const std::string& design, const quant::LevelSet& set, const adc::Technology& technology,
                     int columns, int linearBits, const Sizing& sizing, netlist::StepRule rule)
{
  return DesignModel(parseKind(design), set, technology, columns, linearBits, rule).yield(sizing);
}

IsoYieldDesign sizeInMemoryToYield(const quant::LevelSet& set, const adc::Technology& technology, int columns,
                                   double yield, netlist::StepRule rule, AutoZeroChoice autoZero)
{
  checkSpecification(columns, yield);
  return sizeToYield(DesignModel(Kind::inMemory, set, technology, columns, set.bits, rule), kindNames[0], yield,
                     autoZero);
}

std::vector<IsoYieldDesign> sizeAllToYield(const quant::LevelSet& set, const adc::Technology& technology, int columns,
                                           int linearBits, double yield, netlist::StepRule rule,
                                           const ComparatorEnergy& comparator)
{
  checkSpecification(columns, yield);
  std::vector<IsoYieldDesign> designs;
  for (size_t i = 0; i < kindNames.size(); ++i)
    designs.push_back(
        sizeToYield(DesignModel(static_cast<Kind>(i), set, technology, columns, linearBits, rule, comparator),
                    kindNames[i], yield, AutoZeroChoice::cheaper));
  return designs;
}

double isoYieldRatio(const std::vector<IsoYieldDesign>& designs, const IsoYieldDesign& design)
{
  return design.area.perColumn() / designs.front().area.perColumn();
}

} // namespace nladc::layout_est
