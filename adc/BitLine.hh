#pragma once

#include <span>
#include <vector>

namespace nladc::adc {

// One conducting cell on the bit line, linearised at a tap voltage `at`
// (relative to the virtual ground): it draws current + conductance·(u − at)
// from its tap when the tap stands at u.
struct TapLoad {
  int position = 0;         // bit-line segments between its tap and the integrator's input
  double at = 0.0;          // V, the tap voltage the load was evaluated at
  double current = 0.0;     // A, drawn at `at`
  double conductance = 0.0; // S, ∂current/∂u
};

// The reference column's bit line (DESIGN.md §5): the integrator's virtual
// ground at one end, `segmentResistance` per cell pitch, each cell tapping
// it at its position. Only the cells of the active word line conduct, so
// the network is the ladder between their taps. Nodal analysis (Eigen) of
// the ladder with the linearised loads gives each tap's voltage relative
// to the virtual ground, in `taps` (one per load): in tall columns the far
// cells see less than the read voltage. Positions must differ.
void tapVoltages(double segmentResistance, std::span<const TapLoad> loads, std::span<double> taps);

} // namespace nladc::adc
