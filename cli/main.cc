#include "cli/Commands.hh"
#include "cli/SampleDistribution.hh"
#include "util/Error.hh"

#include <CLI/CLI.hpp>
#include <iostream>
#include <new>

namespace {

// Parses and runs the command. Every failure ends in one line on stderr and
// the exit status of DESIGN.md §7: 2 for bad usage or bad input, 1 for a
// failure of the work.
int runCommand(CLI::App& app, int argc, char** argv)
{
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0)
      return app.exit(e);
    std::cerr << "nladc: " << e.what() << " (see --help)\n";
    return 2;
  } catch (const nladc::InputError& e) {
    std::cerr << "nladc: " << e.what() << "\n";
    return 2;
  } catch (const nladc::WorkError& e) {
    std::cerr << "nladc: " << e.what() << "\n";
    return 1;
  } catch (const std::bad_alloc&) {
    std::cerr << "nladc: out of memory\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "nladc: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

} // namespace

// The shell: subcommands parse flags and call the libraries.
int main(int argc, char** argv)
{
  CLI::App app{"nladc: design and verification of the nonlinear ADCs of in-memory-computing macros"};
  app.require_subcommand(1);
  nladc::cli::addLevelsCommand(app);
  nladc::cli::addCompareCommand(app);
  nladc::cli::addNetlistCommand(app);
  nladc::cli::addCheckCommand(app);
  nladc::cli::addSimCommand(app);
  nladc::cli::addMcCommand(app);
  nladc::cli::addAreaCommand(app);
  nladc::cli::addFlowCommand(app);
  nladc::cli::addDesignCommand(app);
  nladc::cli::addCampaignCommand(app);
  nladc::cli::addCharacterizeCommand(app);
  auto isCommand = [&app](const std::string& name) {
    return !app.get_subcommands([&name](CLI::App* sub) { return sub->check_name(name); }).empty();
  };
  if (argc > 1 && argv[1][0] != '-' && !isCommand(argv[1])) {
    std::cerr << "nladc: unknown command '" << argv[1] << "' (see --help)\n";
    return 2;
  }
  const int status = runCommand(app, argc, argv);
  if (status != 0)
    nladc::cli::endLaunchAfterFailure(status);
  return status;
}
