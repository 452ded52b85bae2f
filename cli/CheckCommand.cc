#include "cli/Commands.hh"
#include "netlist/Erc.hh"
#include "netlist/SpiceReader.hh"
#include "util/Error.hh"

#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <memory>

namespace nladc::cli {

void addCheckCommand(CLI::App& app)
{
  auto deck = std::make_shared<std::string>();
  CLI::App* command = app.add_subcommand("check", "Run the electrical rule checks on a SPICE deck");
  command->add_option("deck", *deck, "SPICE deck in the subset nladc writes (docs/netlist.md)")->required();
  command->callback([deck] {
    const netlist::Circuit circuit = netlist::readSpiceFile(*deck);
    std::vector<netlist::Violation> violations;
    try {
      // Relative .include paths resolve against the deck's directory, as in ngspice.
      violations = netlist::checkCircuit(circuit, std::filesystem::path(*deck).parent_path());
    } catch (const InputError& e) {
      throw InputError(*deck + ": " + e.what());
    }
    if (violations.empty()) {
      std::cout << *deck << ": clean\n";
      return;
    }
    for (const netlist::Violation& violation : violations)
      std::cout << fmt::format("{}: {}: {}\n", *deck, violation.rule, violation.message);
    std::cout.flush();
    throw WorkError(fmt::format("{}: {} violation{} of the electrical rules", *deck, violations.size(),
                                violations.size() == 1 ? "" : "s"));
  });
}

} // namespace nladc::cli
