#include "cli/McInputs.hh"

#include "adc/VariationModel.hh"

namespace nladc::cli {

std::unique_ptr<McInputs> loadMcInputs(const DesignFlags& flags, const std::optional<std::string>& data,
                                       const std::optional<std::string>& tensor,
                                       const std::function<void(adc::Technology&)>& adjust)
{
  auto in = std::make_unique<McInputs>();
  in->design = loadDesign(flags);
  // The rules are checked on the full testbench a user would run; a
  // sample simulates its ramp part (docs/spice.md).
  checkedDeck(in->design);
  in->data = readDataFor(data, tensor, in->design.set);
  adc::Technology adjusted = in->design.technology;
  adjust(adjusted);
  in->run = spice::MonteCarloInputs{in->design.design, in->design.deck, adc::variationModel(adjusted), in->data.get(),
                                    nlohmann::json::object()};
  const DesignInputs& d = in->design;
  in->run.provenance =
      spice::provenanceOf({d.levelsFile, d.set.name, d.set.method, d.technology.file, flags.offset, data, tensor});
  return in;
}

} // namespace nladc::cli
