#pragma once

#include <CLI/CLI.hpp>

namespace nladc::cli {

// Each command registers its subcommand and flags; its callback does the
// work through the libraries and prints the result.
void addLevelsCommand(CLI::App& app);
void addCompareCommand(CLI::App& app);
void addNetlistCommand(CLI::App& app);
void addCheckCommand(CLI::App& app);
void addSimCommand(CLI::App& app);
void addMcCommand(CLI::App& app);
void addAreaCommand(CLI::App& app);
void addFlowCommand(CLI::App& app);
void addDesignCommand(CLI::App& app);
void addCampaignCommand(CLI::App& app);
void addCharacterizeCommand(CLI::App& app);

} // namespace nladc::cli
