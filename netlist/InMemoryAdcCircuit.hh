#pragma once

#include "adc/ReferenceColumnDesign.hh"
#include "adc/Technology.hh"
#include "netlist/AdcCircuit.hh"
#include "netlist/ThresholdGrid.hh"

namespace nladc::netlist {

// The in-memory reference-column NL-ADC of DESIGN.md §4 as a layout would
// hold it, for `columns` columns. Per column: the front end a transistor
// deck simulates (columnFrontEnd: C_in holds V_in through the ramp,
// holdCapacitance read with `rule`; C_ramp, 2·C, the preamplifier and
// its StrongARM), or, for a technology without a blocks section, a
// sample-and-hold and a bare StrongARM with an auto-zero block when the
// technology's comparator is auto-zeroed (the front end auto-zeroes
// itself); and a b-bit latch. Shared by all columns: the reference column (the design's
// ramp cells), the calibration cells, the ramp integrator (op-amp, C_int,
// reset switch), the step counter and the control (a b-input word-line
// decoder gate and driver per slot, and a start/done sequencer).
AdcCircuit inMemoryAdcCircuit(const adc::ReferenceColumnDesign& design, const adc::Technology& technology, int columns,
                              StepRule rule);

} // namespace nladc::netlist
