#pragma once

#include "netlist/Circuit.hh"

#include <filesystem>
#include <string>

namespace nladc::netlist {

// The deck of `circuit` in ngspice's dialect: the title line, .include and
// .lib cards, .model cards, .subckt … .ends blocks, the top-level devices,
// .options, the analyses, the .meas cards and .end. Every string is checked
// by the rules of SpiceToken.hh first (InputError naming the field), so no
// circuit, however it was built, yields a deck with an injected card.
// Cards longer than 100 columns continue on '+' lines.
std::string writeSpice(const Circuit& circuit);

// writeSpice to `path`, atomically: the file is complete or untouched.
void writeSpiceFile(const std::filesystem::path& path, const Circuit& circuit);

} // namespace nladc::netlist
