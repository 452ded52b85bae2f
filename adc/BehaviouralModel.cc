#include "adc/BehaviouralModel.hh"

#include <map>

namespace nladc::adc {

ColumnDevices nominalDevices(const ReferenceColumnDesign& design)
{
  ColumnDevices devices;
  for (const RampStep& step : design.steps)
    devices.stepConductances.emplace_back(static_cast<size_t>(step.cells), step.conductance);
  devices.calibrationConductances = design.calibrationConductances;
  devices.vread = design.parameters.vread;
  devices.cInt = design.cInt;
  return devices;
}

double cellCurrent(const ColumnParameters& parameters, double g, double vread, double gate)
{
  if (parameters.transistor)
    return parameters.transistor->cellCurrent(1.0 / g, vread, gate);
  const double halfSwing = 0.5 * (parameters.wordLineHigh - vread);
  return gate > halfSwing ? vread * g : 0.0;
}

double rampAfterSlot(const ColumnParameters& p, const std::vector<double>& conductances, double vread, double cInt,
                     double start)
{
  // Equal conductances share one solve.
  std::map<double, int> counts;
  for (const double g : conductances)
    ++counts[g];
  const double gain = p.opampGain;
  // The word line against the bit line at −v/A; the source line at −vread.
  auto slope = [&](double v, double wordLine) {
    const double virtualGround = -v / gain;
    double current = 0.0;
    for (const auto& [g, n] : counts)
      current += n * cellCurrent(p, g, vread + virtualGround, wordLine - virtualGround);
    return current / (cInt * (1.0 + 1.0 / gain));
  };
  // Runge–Kutta over one linear piece of the word-line waveform.
  double v = start;
  auto piece = [&](double duration, double fromVolts, double toVolts, int substeps) {
    const double h = duration / substeps;
    for (int i = 0; i < substeps; ++i) {
      auto wordLine = [&](double fraction) { return fromVolts + (toVolts - fromVolts) * (i + fraction) / substeps; };
      const double k1 = slope(v, wordLine(0.0));
      const double k2 = slope(v + 0.5 * h * k1, wordLine(0.5));
      const double k3 = slope(v + 0.5 * h * k2, wordLine(0.5));
      const double k4 = slope(v + h * k3, wordLine(1.0));
      v += h / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4);
    }
  };
  // The slot's word line, as the deck drives it: low, a rise of one edge
  // time, high, a fall, low (low = −vread: the cells' source potential).
  const double low = -vread;
  const double high = p.wordLineHigh;
  piece(p.edgeTime, low, high, 64);
  piece(p.stepTime - 3.0 * p.edgeTime, high, high, 32);
  piece(p.edgeTime, high, low, 64);
  return v;
}

std::vector<double> rampLevels(const ColumnParameters& parameters, const ColumnDevices& devices)
{
  std::vector<double> ramp{
      rampAfterSlot(parameters, devices.calibrationConductances, devices.vread, devices.cInt, 0.0)};
  for (const std::vector<double>& step : devices.stepConductances)
    ramp.push_back(rampAfterSlot(parameters, step, devices.vread, devices.cInt, ramp.back()));
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
