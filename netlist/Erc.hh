#pragma once

#include "netlist/Circuit.hh"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace nladc::netlist {

// One broken rule: `rule` is its short name (docs/netlist.md lists them),
// `message` names the net, device, model or file.
struct Violation {
  std::string rule;
  std::string message;
};

// The electrical rule checks of DESIGN.md §4, in this order:
//   unreadable-include  an .include/.lib file (or .lib section) that cannot be read
//   duplicate-name      two devices of one scope, two models or two subcircuits with one name
//   undefined-model     an S or M device whose model is neither in the deck nor in its libraries
//   undefined-subckt    an X instance of a subcircuit defined nowhere
//   port-mismatch       an X instance whose net count is not its subcircuit's port count
//   undefined-parameter a {name} that is not a parameter of the enclosing subcircuit
//   recursive-subckt    an instance that expands its subcircuit inside itself
//   one-connection      a net with a single connection
//   no-ground           nothing connects to ground ("0" or "gnd")
//   no-dc-path          a net with no DC path to ground
//   shorted-source      a voltage source (V, E output, B) with both terminals on one net
//   source-loop         voltage sources forming a loop
// Names, models and parameters are checked per scope (the top level, each
// subcircuit); nets on the flattened CircuitGraph. Relative library paths
// resolve against `includeDir`, the deck's directory (empty: the working
// directory), as ngspice resolves them. A clean circuit gives no violation.
std::vector<Violation> checkCircuit(const Circuit& circuit, const std::filesystem::path& includeDir = {});

// The checks on a circuit nladc generated, `what` naming it ("the
// simulation deck"): a violation there is a bug of the generator, not of
// the user's input, so it is a WorkError quoting the first.
void requireCleanGenerated(const Circuit& circuit, std::string_view what);

} // namespace nladc::netlist
