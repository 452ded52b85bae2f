#include "adc/ColumnParameters.hh"

namespace nladc::adc {

ColumnParameters columnParameters(const Technology& t)
{
  ColumnParameters p;
  p.vread = t.readVoltage.nominal;
  p.fullScale = t.fullScale;
  p.stepTime = t.stepTime;
  p.edgeTime = t.edgeTime;
  p.wordLineHigh = t.wordLineHigh;
  p.gMin = t.rram.gMin;
  p.gMax = t.rram.gMax;
  p.gOff = t.rram.gOff;
  p.conductanceLevels = t.rram.levels;
  p.calibrationCells = t.calibration.cells;
  p.calibrationLsb = t.calibration.lsbConductance;
  p.cIntMin = t.integrator.cIntMin;
  p.cIntMax = t.integrator.cIntMax;
  p.opampGain = t.integrator.opampGain;
  p.bitlineResistancePerCell = t.wire.bitlineResistancePerCell;
  if (t.models.directive == ModelDirective::include)
    p.transistor = readLevel1Card(t.models.path, t.accessTransistor.model, t.accessTransistor.w, t.accessTransistor.l);
  return p;
}

} // namespace nladc::adc
