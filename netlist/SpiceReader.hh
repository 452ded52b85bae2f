#pragma once

#include "netlist/Circuit.hh"

#include <cstddef>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace nladc::netlist {

// Reads a deck in the subset SpiceWriter writes (docs/netlist.md): the title
// line, then cards, with '*' comment lines, blank lines and '+' continuation
// lines; directives in any case. Every string passes the checks of
// SpiceToken.hh. Anything else — .control/.endc, shell, an unknown directive
// or device letter, text after .end — is an InputError "FILE:LINE: what".
Circuit readSpice(std::string_view text, const std::string& fileLabel);
Circuit readSpiceFile(const std::filesystem::path& path);

// What a model library brings into a deck through .include or .lib, for the
// rule checks: found by a lenient scan, since a PDK file may use all of
// ngspice's dialect. Names are lower case; a binned model "nch.1" also
// defines "nch".
struct LibraryDefinitions {
  std::set<std::string> models;
  std::map<std::string, std::size_t> subcircuits; // name → port count
  std::vector<std::string> problems;              // unreadable files, missing sections
};

// Adds the .model and top-level .subckt names of `path` (all of it, or the
// .lib `section` when not empty) to `into`, following its own .include and
// .lib cards relative to its directory.
void scanLibrary(const std::filesystem::path& path, const std::string& section, LibraryDefinitions& into);

} // namespace nladc::netlist
