#include "adc/ReferenceColumnDesign.hh"

#include "adc/BehaviouralModel.hh"
#include "util/Error.hh"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace nladc::adc {

double ReferenceColumnDesign::toVolts(double x) const
{
  return (x - levels.domain.lo) / levels.domain.width() * parameters.fullScale;
}

int ReferenceColumnDesign::cellCount() const
{
  int count = static_cast<int>(calibrationConductances.size());
  for (const RampStep& step : steps)
    count += step.cells;
  return count;
}

namespace {

// More parallel cells than this on one word line is no macro's column.
constexpr int maxCellsPerStep = 1000;

// The programmable conductance nearest to g: anything in [gMin, gMax], or
// one of L evenly spaced levels.
double programmable(const ColumnParameters& p, double g)
{
  g = std::clamp(g, p.gMin, p.gMax);
  if (p.conductanceLevels < 2)
    return g;
  const double spacing = (p.gMax - p.gMin) / (p.conductanceLevels - 1);
  return p.gMin + std::round((g - p.gMin) / spacing) * spacing;
}

// The conductance that makes one cell carry `current`, before rounding to
// what can be programmed. Infinite when the access transistor cannot.
double conductanceFor(const ColumnParameters& p, double current)
{
  if (!p.transistor)
    return current / p.vread;
  const std::optional<double> r = p.transistor->resistanceFor(current, p.vread, p.wordLineHigh);
  return r ? 1.0 / *r : INFINITY;
}

// The calibration code nearest to the wanted V_0: cell k (weight 2^k) is
// programmed to lsb·2^k when its bit is set and stays OFF otherwise.
void setCalibration(ReferenceColumnDesign& design)
{
  const ColumnParameters& p = design.parameters;
  const double lsbVolts = rampAfterSlot(p, cellsOf({p.calibrationLsb}, 1), p.vread, design.cInt, 0.0);
  const int maxCode = (1 << p.calibrationCells) - 1;
  const double wanted = std::round(p.offsetTarget / lsbVolts);
  if (wanted > maxCode)
    design.notes.push_back(fmt::format("V_0 = {:.4g} V needs calibration code {}, above the {} cells' {}",
                                       p.offsetTarget, wanted, p.calibrationCells, maxCode));
  design.calibrationCode = static_cast<int>(std::clamp(wanted, 0.0, static_cast<double>(maxCode)));
  for (int k = 0; k < p.calibrationCells; ++k)
    design.calibrationConductances[static_cast<size_t>(k)] =
        (design.calibrationCode >> k) & 1 ? p.calibrationLsb * (1 << k) : p.gOff;
  design.offsetVolts = rampAfterSlot(p, cellsOf(design.calibrationConductances, 1), p.vread, design.cInt, 0.0);
  if (p.offsetTarget > 0.0 && design.offsetVolts >= design.toVolts(design.levels.thresholds.front()))
    throw InputError(fmt::format("level set '{}' ({}): the offset V_0 = {:.4g} V is not below the first threshold "
                                 "{:.4g} V",
                                 design.levels.name, design.levels.method, design.offsetVolts,
                                 design.toVolts(design.levels.thresholds.front())));
}

} // namespace

ReferenceColumnDesign designReferenceColumn(const quant::LevelSet& levels, const ColumnParameters& p)
{
  ReferenceColumnDesign design;
  design.levels = levels;
  design.parameters = p;
  if (!p.transistor)
    design.notes.push_back("the access transistor is not a level-1 card: its on-resistance is not compensated");

  // Calibration: with the default V_0 = 0 the cells stay OFF; they still
  // leak g_off each, which the design accounts for. C_int is sized for that;
  // a V_0 target programs some of them once C_int is known.
  design.calibrationConductances.assign(static_cast<size_t>(p.calibrationCells), p.gOff);
  const double offsetCurrent = p.calibrationCells * cellCurrent(p, p.gOff, p.vread, p.wordLineHigh);

  std::vector<double> targets;
  for (const double t : levels.thresholds)
    targets.push_back(design.toVolts(t));

  // C_int: every step needs at least one cell at G_min, so
  // C_int = I(G_min)·T_on / ΔV for the smallest ΔV. The first step starts
  // from V_0 = I_off·T_on/C_int, the calibration cells' leakage:
  // t_1 − V_0 >= I(G_min)·T_on/C_int gives C_int >= (I(G_min) + I_off)·T_on/t_1.
  const double onTime = p.onTime();
  const double minCellCurrent = cellCurrent(p, p.gMin, p.vread, p.wordLineHigh);
  double cInt = (minCellCurrent + offsetCurrent) * onTime / targets.front();
  double smallest = targets.front();
  for (size_t j = 1; j < targets.size(); ++j) {
    cInt = std::max(cInt, minCellCurrent * onTime / (targets[j] - targets[j - 1]));
    smallest = std::min(smallest, targets[j] - targets[j - 1]);
  }
  // The word-line edges and the op-amp make a slot deliver a little more or
  // less than I·T_on: scale C_int by what one G_min cell really makes.
  cInt *= (rampAfterSlot(p, cellsOf({p.gMin}, p.calibrationCells + 1), p.vread, cInt, 0.0) * cInt) /
          (minCellCurrent * onTime);
  if (cInt < p.cIntMin) {
    cInt = p.cIntMin;
    design.notes.push_back(fmt::format("C_int held at its minimum {:.4g} F", p.cIntMin));
  }
  if (cInt > p.cIntMax) {
    design.notes.push_back(fmt::format("the smallest step, {:.4g} V, needs C_int = {:.4g} F; held at the maximum "
                                       "{:.4g} F, so steps below {:.4g} V are realised larger",
                                       smallest, cInt, p.cIntMax, minCellCurrent * onTime / p.cIntMax));
    cInt = p.cIntMax;
  }
  design.cInt = cInt;
  setCalibration(design);

  // Each step from where the ramp really stands, so a rounding error stays
  // in its own threshold: its current split over as few cells as G_max
  // allows, at least one cell at G_min. The first guess takes the word line
  // as a rectangle of T_on, the op-amp as ideal and the bit line as free of
  // resistance; a few corrections against the full slot model (edges,
  // finite gain, IR drop) make it exact.
  const double maxCellCurrent = cellCurrent(p, p.gMax, p.vread, p.wordLineHigh);
  double ramp = design.offsetVolts;
  int position = p.calibrationCells + 1; // where the step's first cell taps the bit line
  for (const double target : targets) {
    const double wanted = target - ramp;
    double stepCurrent = std::max(minCellCurrent, wanted * cInt / onTime);
    RampStep step;
    step.cells = static_cast<int>(std::ceil(stepCurrent / maxCellCurrent * (1.0 - 1e-12)));
    auto conductance = [&] { return std::clamp(conductanceFor(p, stepCurrent / step.cells), p.gMin, p.gMax); };
    double g = conductance();
    for (int correction = 0; correction < 10 && g > p.gMin; ++correction) {
      const double made = rampAfterSlot(p, cellsOf(std::vector<double>(static_cast<size_t>(step.cells), g), position),
                                        p.vread, cInt, ramp) -
                          ramp;
      stepCurrent *= wanted / made;
      // The bit line's IR drop can ask more of a cell than G_max gives:
      // more cells in parallel.
      while (conductanceFor(p, stepCurrent / step.cells) > p.gMax && step.cells < maxCellsPerStep)
        ++step.cells;
      g = conductance();
    }
    step.conductance = programmable(p, g);
    step.targetVolts = target;
    ramp = rampAfterSlot(p, cellsOf(std::vector<double>(static_cast<size_t>(step.cells), step.conductance), position),
                         p.vread, cInt, ramp);
    step.realisedVolts = ramp;
    if (g > p.gMin && std::abs(ramp - target) > 1e-3 * wanted)
      design.notes.push_back(fmt::format("step {} ends {:.3g} V from its target: {} cells in parallel cannot make up "
                                         "the bit line's IR drop",
                                         design.steps.size() + 1, ramp - target, step.cells));
    design.steps.push_back(step);
    position += step.cells;
  }
  return design;
}

} // namespace nladc::adc
