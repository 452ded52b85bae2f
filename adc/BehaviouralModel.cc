#include "adc/BehaviouralModel.hh"

#include "adc/BitLine.hh"

#include <algorithm>
#include <cmath>

namespace nladc::adc {

ColumnDevices nominalDevices(const ReferenceColumnDesign& design)
{
  ColumnDevices devices;
  devices.calibrationCells = cellsOf(design.calibrationConductances, 1);
  int next = static_cast<int>(design.calibrationConductances.size()) + 1;
  for (const RampStep& step : design.steps) {
    devices.stepCells.push_back(cellsOf(std::vector<double>(static_cast<size_t>(step.cells), step.conductance), next));
    next += step.cells;
  }
  devices.vread = design.parameters.vread;
  devices.cInt = design.cInt;
  return devices;
}

namespace {

// A cell's current and its conductance seen from the bit line.
Level1Transistor::CellOperating cellOperating(const ColumnParameters& parameters, double g, double vread, double gate)
{
  if (parameters.transistor)
    return parameters.transistor->cellOperating(1.0 / g, vread, gate);
  const double halfSwing = 0.5 * (parameters.wordLineHigh - vread);
  return gate > halfSwing ? Level1Transistor::CellOperating{vread * g, g} : Level1Transistor::CellOperating{};
}

} // namespace

double cellCurrent(const ColumnParameters& parameters, double g, double vread, double gate)
{
  return cellOperating(parameters, g, vread, gate).current;
}

namespace {

// The word-line voltage above which a cell conducts, whatever the ramp.
double turnOnWordLine(const ColumnParameters& p, const Cell& cell, double vread, double virtualGround)
{
  if (p.transistor) // Vgs at the source-line end reaches VTO: WL − ΔVth + Vread > VTO
    return p.transistor->vto + cell.vthShift - vread;
  return 0.5 * (p.wordLineHigh - vread - virtualGround) + cell.vthShift + virtualGround;
}

// 6-point Gauss–Legendre on [a, b].
template <class F> double gaussLegendre6(F f, double a, double b)
{
  static constexpr double nodes[3] = {0.2386191860831969, 0.6612093864662645, 0.9324695142031521};
  static constexpr double weights[3] = {0.4679139345726910, 0.3607615730481386, 0.1713244923791704};
  const double mid = 0.5 * (a + b);
  const double half = 0.5 * (b - a);
  double sum = 0.0;
  for (int i = 0; i < 3; ++i)
    sum += weights[i] * (f(mid - half * nodes[i]) + f(mid + half * nodes[i]));
  return half * sum;
}

// 2-point Gauss–Legendre on [a, b].
template <class F> double gaussLegendre2(F f, double a, double b)
{
  const double mid = 0.5 * (a + b);
  const double half = 0.5 * (b - a);
  return half * (f(mid - half / std::sqrt(3.0)) + f(mid + half / std::sqrt(3.0)));
}

} // namespace

double integratorTableAt(const ColumnParameters& p, const std::vector<double>& table, double level)
{
  if (table.size() < 2 || !(p.fullScale > 0.0) || !std::isfinite(level))
    return table.empty() ? 0.0 : table.front();
  const double at = std::clamp(level / p.fullScale, 0.0, 1.0) * static_cast<double>(table.size() - 1);
  const size_t below = std::min(static_cast<size_t>(at), table.size() - 2);
  const double fraction = at - static_cast<double>(below);
  return table[below] + fraction * (table[below + 1] - table[below]);
}

double rampAfterSlot(const ColumnParameters& p, const std::vector<Cell>& cells, double vread, double cInt, double start)
{
  const double gain = p.opampGain;
  auto restingInput = [&p, gain](double v) {
    return p.opampRestingInput.empty() ? p.opampOffset - v / gain : integratorTableAt(p, p.opampRestingInput, v);
  };
  // The charge a volt of ramp takes: C_int across the ramp less the
  // virtual ground's fall with it, C_int·(1 + 1/A) at a constant gain.
  auto capacitanceAt = [&](double v) {
    if (p.opampRestingInput.size() < 2)
      return cInt * (1.0 + 1.0 / gain);
    constexpr double delta = 1e-3;
    return cInt * (1.0 - (restingInput(v + delta) - restingInput(v)) / delta);
  };
  // The cells' current with the bit line's virtual ground at virtualGround
  // and the word line at wordLine: the source line at −vread, and each
  // cell's tap a little lower than the virtual ground by the bit line's IR
  // drop.
  std::vector<TapLoad> loads(cells.size());
  std::vector<double> taps(cells.size());
  std::vector<double> next(cells.size());
  auto currentAt = [&](double virtualGround, double wordLine) {
    auto evaluate = [&](const std::vector<double>& taps) {
      for (size_t k = 0; k < cells.size(); ++k) {
        const Cell& cell = cells[k];
        const double drain = virtualGround + taps[k];
        const Level1Transistor::CellOperating op =
            cellOperating(p, cell.conductance, vread + drain, wordLine - cell.vthShift - drain);
        loads[k] = {cell.position, taps[k], op.current, op.conductance};
      }
    };
    // Newton on the nodal equations from taps at the virtual ground. While
    // the drops stay below 1 mV the first, linearised solve is exact to a
    // few parts in 10^6 of a cell's current (the cell is nearly linear over
    // a millivolt), so one evaluation of the cells suffices; a column with
    // larger drops iterates until the taps settle.
    std::fill(taps.begin(), taps.end(), 0.0);
    evaluate(taps);
    for (int iteration = 0; iteration < 20; ++iteration) {
      tapVoltages(p.bitlineResistancePerCell, loads, next);
      double largest = 0.0, moved = 0.0;
      for (size_t k = 0; k < next.size(); ++k) {
        largest = std::max(largest, std::abs(next[k]));
        moved = std::max(moved, std::abs(next[k] - taps[k]));
      }
      std::swap(taps, next);
      if (largest < 1e-3 || moved < 1e-12)
        break;
      evaluate(taps);
    }
    double sum = 0.0;
    for (size_t k = 0; k < cells.size(); ++k)
      sum += loads[k].current + loads[k].conductance * (taps[k] - loads[k].at);
    return sum;
  };
  // With the ramp at v: the virtual ground where the op-amp holds it at
  // rest (as measured, else its offset less v over its gain).
  auto current = [&](double v, double wordLine) { return currentAt(restingInput(v), wordLine); };
  // The slot's word line, as the deck drives it: low, a rise of one edge
  // time, high, a fall, low (low = the nominal −Vread, the cells' source: Vgs = 0).
  const double low = -p.vread;
  const double high = p.wordLineHigh;

  // An edge moves the ramp by a part in 10^3 of its step, so its charge is
  // integrated with the ramp held where the edge starts:
  // ∫ I dt = T_edge/(high − low) · ∫ I dWL, by Gauss–Legendre between the
  // word-line voltages where cells turn on (the current is smooth between).
  // Without a bit-line resistance the cells are independent and each is
  // integrated alone over the part of the swing where it conducts.
  auto edge = [&](double v) {
    const double virtualGround = restingInput(v);
    double charge = 0.0;
    if (p.bitlineResistancePerCell > 0.0) {
      std::vector<double> breaks{high};
      for (const Cell& cell : cells)
        breaks.push_back(std::clamp(turnOnWordLine(p, cell, vread, virtualGround), low, high));
      std::sort(breaks.begin(), breaks.end());
      auto total = [&](double wordLine) { return current(v, wordLine); };
      for (size_t i = 0; i + 1 < breaks.size(); ++i) {
        // Between close turn-ons (mismatched cells) the currents are small
        // and near-quadratic: two points, exact to cubics, are enough.
        if (breaks[i + 1] - breaks[i] < 0.05 * (high - low))
          charge += gaussLegendre2(total, breaks[i], breaks[i + 1]);
        else if (breaks[i + 1] > breaks[i])
          charge += gaussLegendre6(total, breaks[i], breaks[i + 1]);
      }
    } else {
      for (const Cell& cell : cells) {
        const double from = std::max(low, turnOnWordLine(p, cell, vread, virtualGround));
        auto at = [&](double wordLine) {
          return cellCurrent(p, cell.conductance, vread + virtualGround, wordLine - cell.vthShift - virtualGround);
        };
        if (from < high)
          charge += gaussLegendre6(at, from, high);
      }
    }
    return v + charge * p.edgeTime / (high - low) / capacitanceAt(v);
  };
  // The flat top: the current changes with the ramp only through the
  // virtual ground, and linearly over the ramp's swing, so
  // C·dv/dt = I0 + I1·(v − v0) has the exact solution used here, with I1
  // by a difference over 1 mV.
  // The op-amp holds the virtual ground (dV/dt)/ω low while the ramp
  // rises, once its loop has caught up with the ramp's start: over a flat
  // top of duration T the lag is there for the fraction 1 − τ/T of the
  // time, τ the delay measured over such a flat top (a one-pole op-amp's:
  // (1 − e^(−T·ω))/ω). The cells' conductance g = dI/dV_vg adds that
  // fraction of g/ω to the capacitance the current charges, and shortens
  // the delay measured without it by C_int·ω/(C_int·ω + g), the loop's
  // extra conductance; the charge the cells do not deliver is not made up
  // once they turn off. ω and τ are taken where the ramp is halfway
  // through the slot.
  auto flat = [&](double v, double duration) {
    constexpr double delta = 1e-3;
    const double i0 = current(v, high);
    const double i1 = (current(v + delta, high) - i0) / delta;
    const double conductance = p.opampBandwidth.empty() ? 0.0 : (currentAt(restingInput(v) + delta, high) - i0) / delta;
    auto rise = [&](double level) {
      double charged = capacitanceAt(level);
      const double bandwidth = integratorTableAt(p, p.opampBandwidth, level);
      if (bandwidth > 0.0) {
        const double loop = cInt * bandwidth;
        const double measured = p.opampDelay.empty() ? -std::expm1(-duration * bandwidth) / bandwidth
                                                     : integratorTableAt(p, p.opampDelay, level);
        const double delay = loop + conductance > 0.0 ? measured * loop / (loop + conductance) : measured;
        charged += std::max(0.0, 1.0 - delay / duration) * conductance / bandwidth;
      }
      const double z = i1 * duration / charged;
      const double phi = std::abs(z) < 1e-12 ? 1.0 : std::expm1(z) / z;
      return i0 * duration / charged * phi;
    };
    if (p.opampBandwidth.empty())
      return v + rise(v);
    return v + rise(v + 0.5 * rise(v));
  };
  return edge(flat(edge(start), p.stepTime - 3.0 * p.edgeTime));
}

std::vector<Cell> cellsOf(const std::vector<double>& conductances, int firstPosition)
{
  std::vector<Cell> cells;
  for (const double g : conductances)
    cells.push_back({g, 0.0, firstPosition++});
  return cells;
}

std::vector<double> rampLevels(const ColumnParameters& parameters, const ColumnDevices& devices)
{
  std::vector<double> ramp{
      rampAfterSlot(parameters, devices.calibrationCells, devices.vread, devices.cInt, parameters.resetLevel)};
  for (const std::vector<Cell>& step : devices.stepCells)
    ramp.push_back(rampAfterSlot(parameters, step, devices.vread, devices.cInt, ramp.back()));
  for (double& level : ramp)
    level -= parameters.levelReference;
  return ramp;
}

int codeOf(double inputVolts, const std::vector<double>& ramp)
{
  int code = 0;
  for (size_t j = 1; j < ramp.size(); ++j)
    code += ramp[j] <= inputVolts ? 1 : 0;
  return code;
}

} // namespace nladc::adc
