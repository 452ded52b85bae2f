#pragma once

#include "adc/Technology.hh"
#include "netlist/CellLibrary.hh"
#include "netlist/Circuit.hh"

#include <vector>

namespace nladc::netlist {

// The standard cells a transistor-level deck simulates, as subcircuits
// named like the cells (libraryCellName), so an instance that layout_est
// counts as a library cell (its area from the technology's rules) is the
// same instance a deck runs. Static CMOS X1 cells at minimum length F:
// NAND2 with both NMOS of the series stack 2·min_width (two in series) and
// both PMOS 2·min_width (holes are about half as mobile); the D latch a
// static transmission-gate latch of 12 devices, each 2·min_width. Device
// types "nmos"/"pmos" (withModelCards maps them to the cards). Ports: nand2
// (a b y vdd), b on the NMOS whose source is ground; latch (d g q vdd),
// transparent while g is high; a simulated instance passes its supply as
// the last net. WorkError for a cell not simulated yet.
Subcircuit standardCellCircuit(LibraryCell cell, const adc::Technology& technology);

// The cells above that `block` instantiates, each once, in a stable order:
// what a deck holding `block` must define. WorkError for an instance of a
// library cell that has no transistor-level circuit.
std::vector<Subcircuit> standardCellsOf(const Subcircuit& block, const adc::Technology& technology);

} // namespace nladc::netlist
