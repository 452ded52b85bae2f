#pragma once

#include "adc/Technology.hh"
#include "netlist/CellLibrary.hh"

namespace nladc::layout_est {

// The footprint of one device from the technology's area rules
// (docs/area.md). All in SI units: metres, farads, square metres.

// A transistor of electrical width w and length l, folded into the number
// of fingers n that makes its active area closest to square
// (n = max(1, round(√(w·width_factor / pitch)))), with the finger pitch
// gate_pitch + (l − F) (the contacted pitch, widened by a long gate):
//   height = w·width_factor / n + 2·gate_extension
//   length = (n − 1)·pitch + l + 2·diffusion_extension
// plus half of diffusion_spacing on every side toward its neighbours.
double transistorArea(const adc::Technology& technology, double w, double l);

// The fingers transistorArea folds a device into.
int transistorFingers(const adc::Technology& technology, double w, double l);

// C / density: MIM density when asked for and the process has MIM, else MOM.
double capacitorArea(const adc::AreaRules& rules, double farads, bool mim);

// A library cell: the 1T1R cell is cell_f2·F², the unit resistor
// unit_resistor_area, and the standard cells the technology's (area.*_area).
double libraryCellArea(const adc::Technology& technology, netlist::LibraryCell cell);

} // namespace nladc::layout_est
