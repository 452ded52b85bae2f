#pragma once

#include "adc/Technology.hh"
#include "cli/DesignInputs.hh"
#include "spice/MonteCarlo.hh"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace nladc::cli {

// What `mc` and `campaign` build before a Monte Carlo run: the design the
// flags name (its full deck through the rule checks), the --data
// activations, and the run's inputs with their provenance. `run.data`
// points into `data`.
struct McInputs {
  DesignInputs design;
  std::unique_ptr<quant::EffectiveError> data;
  spice::MonteCarloInputs run;
};

// `adjust` turns the technology the flags name into the one the run draws
// its variation from (the command's flags and characterisation, a
// campaign's corner).
std::unique_ptr<McInputs> loadMcInputs(const DesignFlags& flags, const std::optional<std::string>& data,
                                       const std::optional<std::string>& tensor,
                                       const std::function<void(adc::Technology&)>& adjust);

} // namespace nladc::cli
