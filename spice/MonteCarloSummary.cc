#include "spice/MonteCarloSummary.hh"

#include "adc/ConversionMeasurement.hh"

#include <algorithm>
#include <cmath>
#include <map>

namespace nladc::spice {

namespace {

// mean, p50, p95 (nearest rank) and max of a distribution.
nlohmann::json distribution(std::vector<double> values)
{
  if (values.empty())
    return nullptr;
  std::sort(values.begin(), values.end());
  auto rank = [&](double p) {
    const auto i = static_cast<size_t>(std::ceil(p * static_cast<double>(values.size())));
    return values[std::clamp<size_t>(i, 1, values.size()) - 1];
  };
  double sum = 0.0;
  for (const double v : values)
    sum += v;
  return {{"mean", sum / static_cast<double>(values.size())},
          {"p50", rank(0.50)},
          {"p95", rank(0.95)},
          {"max", values.back()}};
}

} // namespace

nlohmann::json summarise(const SummaryInputs& in, std::vector<SampleRow> rows, bool complete)
{
  std::sort(rows.begin(), rows.end(), [](const SampleRow& a, const SampleRow& b) { return a.index < b.index; });
  const adc::ReferenceColumnDesign& design = *in.design;
  const quant::LevelSet& set = design.levels;

  const size_t thresholdCount = set.thresholds.size();
  std::vector<double> sum(thresholdCount, 0.0);
  std::vector<double> sumSquares(thresholdCount, 0.0);
  double realisations = 0.0;
  std::vector<double> maxInl, maxDnl, codeErrors, effectiveMse;
  uint64_t ok = 0, passed = 0, monotonic = 0, aborted = 0;
  std::map<std::string, std::pair<uint64_t, uint64_t>> failures; // reason → (count, first index)
  for (const SampleRow& row : rows) {
    if (!row.ok) {
      aborted += row.aborted ? 1 : 0;
      auto [it, added] = failures.try_emplace(row.reason, 0, row.index);
      ++it->second.first;
      continue;
    }
    ++ok;
    const adc::ConversionMeasurement& m = row.measurement;
    passed += m.pass ? 1 : 0;
    monotonic += m.monotonic ? 1 : 0;
    maxInl.push_back(m.maxAbsInl);
    maxDnl.push_back(m.maxAbsDnl);
    if (m.codeErrorRate)
      codeErrors.push_back(*m.codeErrorRate);
    if (m.effectiveMse)
      effectiveMse.push_back(*m.effectiveMse);
    for (const adc::ColumnVariation& column : row.columns) {
      const std::vector<double> t = adc::columnThresholds(design, row.ramp, column);
      for (size_t j = 0; j < thresholdCount; ++j) {
        sum[j] += t[j];
        sumSquares[j] += t[j] * t[j];
      }
      realisations += 1.0;
    }
  }

  nlohmann::json thresholds = nlohmann::json::array();
  for (size_t j = 0; j < thresholdCount && realisations > 0; ++j) {
    const double mean = sum[j] / realisations;
    const double variance = std::max(0.0, sumSquares[j] / realisations - mean * mean);
    const double sigma = std::sqrt(variance * realisations / std::max(1.0, realisations - 1.0));
    const double step = adc::localStep(set, j);
    thresholds.push_back({{"threshold", j + 1},
                          {"target", set.thresholds[j]},
                          {"local_step", step},
                          {"mean", mean},
                          {"sigma", sigma},
                          {"mean_error_over_step", (mean - set.thresholds[j]) / step},
                          {"sigma_over_step", sigma / step}});
  }
  nlohmann::json failureList = nlohmann::json::array();
  uint64_t failed = 0;
  for (const auto& [reason, counted] : failures) {
    failureList.push_back({{"reason", reason}, {"count", counted.first}, {"first_index", counted.second}});
    failed += counted.first;
  }
  nlohmann::json summary = {
      {"format", "nladc-mc-summary"},
      {"version", 1},
      {"complete", complete},
      {"level_set", {{"name", set.name}, {"method", set.method}, {"bits", set.bits}}},
      {"seed", in.seed},
      {"test_columns", in.testColumns},
      {"samples",
       {{"requested", in.requested}, {"done", rows.size()}, {"ok", ok}, {"failed", failed}, {"aborted", aborted}}},
      {"failures", failureList},
      // Yield over the samples that simulated, and over all finished ones
      // (a failed sample counts as a fail): failures may correlate with
      // extreme draws, so both are shown.
      {"yield", ok ? nlohmann::json(static_cast<double>(passed) / static_cast<double>(ok)) : nlohmann::json()},
      {"yield_counting_failed", rows.empty()
                                    ? nlohmann::json()
                                    : nlohmann::json(static_cast<double>(passed) / static_cast<double>(rows.size()))},
      {"monotonic_fraction",
       ok ? nlohmann::json(static_cast<double>(monotonic) / static_cast<double>(ok)) : nlohmann::json()},
      {"thresholds", thresholds},
      {"max_abs_inl", distribution(maxInl)},
      {"max_abs_dnl", distribution(maxDnl)},
  };
  if (in.data) {
    summary["code_error_rate"] = distribution(codeErrors);
    summary["effective_mse"] = distribution(effectiveMse);
    summary["ideal_mse"] = in.data->idealMse();
    summary["data_samples"] = in.data->sampleCount();
  }
  return summary;
}

} // namespace nladc::spice
