#pragma once

#include "adc/ReferenceColumnDesign.hh"
#include "adc/Technology.hh"
#include "layout_est/ComparatorEnergy.hh"
#include "netlist/AdcCircuit.hh"

#include <string>
#include <vector>

namespace nladc::layout_est {

// Energy per conversion of the ADC circuits layout_est counts, block by
// block, from the same devices and the technology's energy section
// (docs/energy.md states every term and what is left out).

struct BlockEnergy {
  std::string name;
  int sharedBy = 1;
  double energy = 0.0; // J per conversion of the whole block (one conversion of every column sharing it)

  double perColumn() const { return energy / sharedBy; }
};

struct DesignEnergy {
  std::string comparatorSource; // ComparatorEnergy::source()
  std::vector<BlockEnergy> blocks;

  double perConversion() const; // J per column and conversion: Σ block shares
};

// The in-memory NL-ADC (netlist::inMemoryAdcCircuit of `design`): per
// column its front end (C_in's charge, its switches' gates, its tail
// current over the conversion; without a front end the hold capacitor's
// charge), one comparator decision per slot (K), one capture of the b
// latches; shared by `columns`: the cells'
// read energy Vread·I over each slot's integration time, every cell's word
// line charged once (C_ox·W·L of its access gate, to word_line_high), the
// integrator op-amp's supply current (netlist::opampSizing for the ramp
// line of `columns` comparators) over K slots
// and the reset, the counter and the control clocked every slot.
DesignEnergy inMemoryEnergy(const netlist::AdcCircuit& adc, const adc::ReferenceColumnDesign& design,
                            const adc::Technology& technology, int columns, const ComparatorEnergy& comparator);

// A SAR, linear or nonlinear (netlist/SarAdcCircuit): its DAC's reference
// energy, `switchingUnits` in C_u·V_FS² (SwitchingEnergy.hh), plus the
// array's sampling and its drivers; one comparator decision per bit; the
// SAR logic clocked b + 1 times; an NL-SAR's threshold multiplexer and
// bus drivers switching once per bit (its threshold registers hold).
DesignEnergy sarEnergy(const netlist::AdcCircuit& adc, double switchingUnits, const adc::Technology& technology,
                       const ComparatorEnergy& comparator);

// The NL-flash (netlist::nlFlashAdcCircuit): K − 1 comparator decisions,
// its ladder's static current V_FS²/R over one clock step (T_step), R the
// ladder's unit resistors (as layout_est draws them) at
// energy.unit_resistance each, and its encoder switching once.
DesignEnergy flashEnergy(const netlist::AdcCircuit& adc, const adc::Technology& technology,
                         const ComparatorEnergy& comparator);

} // namespace nladc::layout_est
