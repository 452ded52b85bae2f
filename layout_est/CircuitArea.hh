#pragma once

#include "adc/Technology.hh"
#include "netlist/Circuit.hh"

#include <string_view>

namespace nladc::layout_est {

// The summed device area of subcircuit `name` of a circuit, walking its
// hierarchy: a subcircuit instantiated n times counts n times. Library
// cells (netlist/CellLibrary.hh) count their library area whether or not
// the circuit defines them; MOSFETs (W=, L= as plain numbers) and
// capacitors (a plain value; model "nladc_mim" for MIM) count their
// footprints (DeviceArea.hh). No routing factor: that is per block
// (AdcArea.hh). Throws InputError naming the device for anything else (a
// source, a switch, a resistor outside a library cell, an undefined
// subcircuit, a value that is not a number) and for recursive subcircuits.
double subcircuitDeviceArea(const netlist::Circuit& circuit, std::string_view name, const adc::Technology& technology);

} // namespace nladc::layout_est
