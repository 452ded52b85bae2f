#pragma once

#include "adc/ReferenceColumnDesign.hh"
#include "quant/EffectiveError.hh"
#include "spice/SampleTable.hh"

#include <nlohmann/json.hpp>
#include <vector>

namespace nladc::spice {

// What summary.json reports of a run's samples (DESIGN.md §5), computed
// from the rows alone — their ramps, columns and measurements, which a
// resumed run rebuilds exactly from samples.csv and the seed — so it equals
// the summary of a run that never stopped.
struct SummaryInputs {
  const adc::ReferenceColumnDesign* design = nullptr;
  uint64_t seed = 1;
  int testColumns = 16;
  uint64_t requested = 0;
  const quant::EffectiveError* data = nullptr; // null: no data metrics
};

// Per threshold: the mean and σ of the realised threshold over every
// (sample, column), against its local step; yield; the max |INL|, |DNL|
// distributions; with data, the code-error rate and effective MSE against
// the ideal MSE; failures grouped by reason. `rows` in any order.
nlohmann::json summarise(const SummaryInputs& inputs, std::vector<SampleRow> rows, bool complete);

} // namespace nladc::spice
