#pragma once

// The bundled technologies and the design comparison of DESIGN.md §6 on
// the synthetic ReLU6-shaped level sets, for the tests of layout_est/.

#include "adc/ColumnParameters.hh"
#include "adc/TechnologyReader.hh"
#include "layout_est/AreaComparison.hh"
#include "layout_est/MatchedLinearBits.hh"
#include "tests/support/LevelSets.hh"

#include <filesystem>
#include <string>

namespace nladc::testing {

// examples/tech/NAME.yaml.
inline adc::Technology technology(const char* name)
{
  return adc::readTechnology(std::filesystem::path(NLADC_EXAMPLES_DIR) / "tech" / (std::string(name) + ".yaml"));
}

// Every design sized from BS-KMQ's `bits`-bit set of the synthetic samples.
inline layout_est::AreaComparison comparison(const adc::Technology& t, int bits, int columns,
                                             const layout_est::ComparatorEnergy& comparator = {})
{
  const quant::LevelSet set = reluLevelSet(quant::Method::bsKmq, bits);
  const adc::ReferenceColumnDesign design = adc::designReferenceColumn(set, adc::columnParameters(t));
  const std::vector<float> x = reluShaped(50000, 8);
  return layout_est::compareAreas(design, t, columns, layout_est::linearBitsMatchingMse(set, quant::SortedSamples(x)),
                                  netlist::StepRule::smallest, comparator);
}

} // namespace nladc::testing
