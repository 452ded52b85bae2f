#include "cli/Commands.hh"
#include "cli/FitFlags.hh"
#include "quant/LevelFileWriter.hh"
#include "util/AtomicFile.hh"

#include <iostream>
#include <memory>

namespace nladc::cli {

void addLevelsCommand(CLI::App& app)
{
  struct Options {
    FitFlags fit;
    std::string method;
    std::string output;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand("levels", "Fit level sets to activations and write a level file");
  options->fit.addTo(*command);
  options->fit.addThresholdSigmaSourcesTo(*command);
  command
      ->add_option("--method,-m", options->method,
                   "linear, cdf, lloyd-max, kmeans, kmeans-optimal, bs-kmq, variation-aware or all")
      ->required();
  command->add_option("-o,--output", options->output, "Level file to write (default: standard output)");
  command->callback([options] {
    if (!options->output.empty())
      requireWritablePath(options->output);
    std::vector<quant::LevelSet> sets;
    for (quant::FittedTensor& tensor : fitAll(options->fit, options->fit.request(parseMethodList(options->method))))
      for (quant::LevelSet& set : tensor.sets)
        sets.push_back(std::move(set));
    if (options->output.empty())
      std::cout << quant::formatLevelFile(sets);
    else
      quant::writeLevelFile(options->output, sets);
  });
}

} // namespace nladc::cli
