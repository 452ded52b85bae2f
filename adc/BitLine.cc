#include "adc/BitLine.hh"

#include <Eigen/Dense>
#include <algorithm>
#include <numeric>

namespace nladc::adc {

namespace {

// KCL at each tap u_k: the ladder's conductances, and the load's current
// I_k + g_k·(u_k − at_k) leaving the node; the virtual ground is 0. The
// matrix types let small ladders (every real slot) live on the stack.
template <class Matrix, class Vector>
void solveLadder(double segmentResistance, std::span<const TapLoad> loads, const std::vector<size_t>& order,
                 std::span<double> taps)
{
  const auto size = static_cast<Eigen::Index>(order.size());
  Matrix nodal = Matrix::Zero(size, size);
  Vector injected(size);
  int previous = 0;
  for (Eigen::Index k = 0; k < size; ++k) {
    const TapLoad& load = loads[order[static_cast<size_t>(k)]];
    const double g = 1.0 / ((load.position - previous) * segmentResistance);
    nodal(k, k) += g + load.conductance;
    if (k > 0) {
      nodal(k - 1, k - 1) += g;
      nodal(k - 1, k) -= g;
      nodal(k, k - 1) -= g;
    }
    injected(k) = load.conductance * load.at - load.current;
    previous = load.position;
  }
  const Vector solution = nodal.partialPivLu().solve(injected);
  for (size_t i = 0; i < order.size(); ++i)
    taps[order[i]] = solution(static_cast<Eigen::Index>(i));
}

} // namespace

void tapVoltages(double segmentResistance, std::span<const TapLoad> loads, std::span<double> taps)
{
  const size_t m = loads.size();
  std::fill(taps.begin(), taps.end(), 0.0);
  if (segmentResistance <= 0.0 || m == 0)
    return;
  if (m == 1) { // one cell: its tap is a divider of the line and its load
    const TapLoad& load = loads[0];
    const double g = 1.0 / (load.position * segmentResistance);
    taps[0] = (load.conductance * load.at - load.current) / (g + load.conductance);
    return;
  }
  // Taps ordered from the virtual ground outward; a tap with no cell
  // carries no current, so the segments between two loads merge.
  std::vector<size_t> order(m);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return loads[a].position < loads[b].position; });

  if (m <= 16)
    solveLadder<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, 0, 16, 16>,
                Eigen::Matrix<double, Eigen::Dynamic, 1, 0, 16, 1>>(segmentResistance, loads, order, taps);
  else
    solveLadder<Eigen::MatrixXd, Eigen::VectorXd>(segmentResistance, loads, order, taps);
}

} // namespace nladc::adc
