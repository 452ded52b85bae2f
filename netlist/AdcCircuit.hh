#pragma once

#include "netlist/Circuit.hh"

#include <string>
#include <vector>

namespace nladc::netlist {

// One block of a column ADC: a subcircuit of that name, instantiated once
// at the top level, and the number of columns that share it (1: every
// column has its own).
struct AdcBlock {
  std::string name;
  int sharedBy = 1;
};

// An ADC architecture as the devices its layout would hold, for area
// estimation (DESIGN.md §6): the circuit's top level is one instance per
// block, named X<block>, on the block's ports; the subcircuits are the
// blocks and their parts.
struct AdcCircuit {
  std::string design; // "in-memory-nl-adc", "nl-sar", "nl-flash", "sar"
  int bits = 0;       // output bits
  int dacBits = 0;    // resolution of the threshold grid (DAC or ladder); 0 when there is none
  // What a reader of the estimate must know, e.g. a DAC whose units had to
  // grow past unit_capacitance to match its resolution.
  std::vector<std::string> notes;
  Circuit circuit;
  std::vector<AdcBlock> blocks;

  // Adds a block: its subcircuit, its top-level instance, its entry.
  void addBlock(Subcircuit block, int sharedBy);
};

} // namespace nladc::netlist
