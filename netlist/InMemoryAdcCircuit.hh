#pragma once

#include "adc/ReferenceColumnDesign.hh"
#include "adc/Technology.hh"
#include "netlist/AdcCircuit.hh"
#include "netlist/ThresholdGrid.hh"

namespace nladc::netlist {

// The in-memory reference-column NL-ADC of DESIGN.md §4 as a layout would
// hold it, for `columns` columns. Per column: the sample-and-hold that
// keeps V_in through the ramp (holdCapacitance, read with `rule`), a
// StrongARM comparator (auto-zeroed when the technology's comparator is)
// and a b-bit latch. Shared by all columns: the reference column (the design's
// ramp cells), the calibration cells, the ramp integrator (op-amp, C_int,
// reset switch), the step counter and the control (a b-input word-line
// decoder gate and driver per slot, and a start/done sequencer).
AdcCircuit inMemoryAdcCircuit(const adc::ReferenceColumnDesign& design, const adc::Technology& technology, int columns,
                              StepRule rule);

} // namespace nladc::netlist
