#pragma once

#include "adc/ColumnParameters.hh"
#include "quant/LevelSet.hh"

#include <string>
#include <vector>

namespace nladc::adc {

// One ramp step: `cells` 1T1R cells in parallel on one word line, each
// programmed to `conductance`.
struct RampStep {
  int cells = 1;
  double conductance = 0.0; // S, the RRAM's programmed value
  double targetVolts = 0.0; // the threshold this step ends on
  double realisedVolts = 0.0;
};

// A level set realised as the in-memory reference column of DESIGN.md §4:
// thresholds mapped to [0, V_FS], ramp steps ΔV_j = t_j − t_{j−1}, step j
// realised by cells of conductance G_j = ΔV_j·C_int/(Vread·T_on), C_int
// chosen so the smallest step needs G_min, parallel cells above G_max,
// the access transistor's on-resistance pre-compensated.
struct ReferenceColumnDesign {
  quant::LevelSet levels;
  ColumnParameters parameters;
  double cInt = 0.0;                           // F
  std::vector<double> calibrationConductances; // S, cell i of the calibration group
  int calibrationCode = 0;
  double offsetVolts = 0.0;       // V_0, the ramp after the calibration step
  std::vector<RampStep> steps;    // step j = 1 … K−1 at index j − 1
  std::vector<std::string> notes; // what the design could not do exactly

  double toVolts(double x) const; // activation → column voltage
  int cellCount() const;          // programmed cells, calibration included
};

// Throws InputError when the set cannot be realised within the device limits.
ReferenceColumnDesign designReferenceColumn(const quant::LevelSet& levels, const ColumnParameters& parameters);

} // namespace nladc::adc
