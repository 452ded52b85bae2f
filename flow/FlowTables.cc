#include "flow/FlowTables.hh"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace nladc::flow {

namespace {

using report::Table;

constexpr double um2 = 1e-12;

// A number of a JSON document, or NaN where it has none (null, absent).
double numberAt(const nlohmann::json& object, const char* key)
{
  return object.is_object() && object.contains(key) && object[key].is_number() ? object[key].get<double>() : NAN;
}

std::string formatted(double v, const char* format)
{
  return std::isfinite(v) ? fmt::format(fmt::runtime(format), v) : "-";
}

std::string percent(double fraction)
{
  return formatted(100.0 * fraction, "{:.1f} %");
}

std::string ratio(double v)
{
  return formatted(v, "{:.2f}");
}

double mseOf(const quant::LevelSet& set)
{
  return numberAt(set.metrics, "mse");
}

const nlohmann::json& distribution(const MonteCarloRun& run, const char* name)
{
  static const nlohmann::json none;
  return run.summary.contains(name) ? run.summary[name] : none;
}

// A designed ADC as the tables name it: its method, and the method its
// levels were refitted with when the search refitted them.
std::string adcName(const DesignedAdc& d)
{
  return d.outcome.levelFile ? fmt::format("{}, refitted ({})", d.method, d.outcome.design.levels.method) : d.method;
}

} // namespace

std::string formatMse(double mse)
{
  return formatted(mse, "{:.4g}");
}

Table overviewTable(const FlowResult& flow)
{
  Table table{"Every tensor: BS-KMQ against the best baseline",
              {{"tensor", false},
               {"samples", true},
               {"BS-KMQ MSE", true},
               {"best baseline", false},
               {"its MSE", true},
               {"BS-KMQ effective MSE", true},
               {"baseline effective MSE", true},
               {"BS-KMQ yield", true}},
              {}};
  if (!flow.tensors.empty())
    for (size_t i = 1; i < flow.tensors.front().area.designs.size(); ++i) {
      table.columns.push_back({flow.tensors.front().area.designs[i].name + " area ratio, fixed budget", true});
      table.columns.push_back({"at equal yield", true});
    }
  for (const TensorResult& t : flow.tensors) {
    const MonteCarloRun* own = t.monteCarloOf(t.bsKmqSet().method);
    const MonteCarloRun* baseline = t.monteCarloOf(t.bestBaselineSet().method);
    std::vector<std::string> row{t.name,
                                 fmt::format("{}", t.histogram.total()),
                                 formatMse(mseOf(t.bsKmqSet())),
                                 t.bestBaselineSet().method,
                                 formatMse(mseOf(t.bestBaselineSet())),
                                 own ? formatMse(numberAt(distribution(*own, "effective_mse"), "mean")) : "-",
                                 baseline ? formatMse(numberAt(distribution(*baseline, "effective_mse"), "mean")) : "-",
                                 own ? percent(numberAt(own->summary, "yield")) : "-"};
    for (size_t i = 1; i < t.area.designs.size(); ++i) {
      row.push_back(ratio(t.area.ratio(t.area.designs[i])));
      // A ratio at equal yield only where both designs meet it.
      const bool equal = i < t.isoYield.size() && t.isoYield[i].met && t.isoYield.front().met;
      row.push_back(equal ? ratio(t.isoYield[i].area.perColumn() / t.isoYield.front().area.perColumn()) : "-");
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

Table specificationTable(const FlowResult& flow)
{
  const design::Specification& spec = flow.settings.specification;
  Table table{fmt::format("Specification: every ADC designed to a yield of {} over {} columns, confirmed in SPICE",
                          spec.yield, spec.columns),
              {{"tensor", false},
               {"ADC", false},
               {"parameter", false},
               {"specification", false},
               {"result", false},
               {"pass/fail", false}},
              {}};
  for (const TensorResult& t : flow.tensors)
    for (const DesignedAdc& d : t.designs) {
      const design::DesignOutcome& o = d.outcome;
      const auto row = [&](std::string parameter, std::string specification, std::string result, bool pass) {
        table.rows.push_back({t.name, adcName(d), std::move(parameter), std::move(specification), std::move(result),
                              pass ? "PASS" : "FAIL"});
      };
      const std::string criterion = "every |INL| < 0.5 local step, monotonic";
      if (o.chosen.spice) {
        const design::MonteCarloEvidence& e = *o.chosen.spice;
        const uint64_t allowed = design::allowedFailures(spec.yield, e.samples);
        row(fmt::format("yield, SPICE Monte Carlo ({})", criterion),
            fmt::format("≥ {} (at most {} of {} samples fail)", spec.yield, allowed, e.samples),
            fmt::format("{} ({} of {} failed)", formatted(e.yield, "{:.4g}"), e.failed, e.samples),
            e.failed <= allowed);
      }
      const design::MonteCarloEvidence& b = *o.chosen.behavioural;
      row("yield, behavioural Monte Carlo", fmt::format("≥ {}", spec.yield),
          fmt::format("{} ({} of {} failed)", formatted(b.yield, "{:.4g}"), b.failed, b.samples),
          b.yield >= spec.yield);
      if (spec.maxEffectiveMseRatio) {
        const std::optional<double>& r = (o.chosen.spice ? *o.chosen.spice : b).effectiveMseRatio;
        row("p95 effective MSE / ideal", fmt::format("≤ {}", *spec.maxEffectiveMseRatio),
            r ? formatted(*r, "{:.3f}") : "-", r && *r <= *spec.maxEffectiveMseRatio);
      }
      if (!o.met)
        row("design", "within the technology's design bounds", "stopped: " + o.limit, false);
    }
  return table;
}

Table designTable(const TensorResult& t)
{
  Table table{fmt::format("{}: the designs the search chose", t.name),
              {{"ADC", false},
               {"V_FS (V)", true},
               {"comparator σ (mV)", true},
               {"input pair W·L (µm²)", true},
               {"auto-zero", false},
               {"C_int (pF)", true},
               {"µm² per column", true},
               {"cheaper candidate that failed", false}},
              {}};
  for (const DesignedAdc& d : t.designs) {
    const design::DesignOutcome& o = d.outcome;
    const layout_est::Sizing& s = o.chosen.sized.sizing;
    std::string cheaper = "none cheaper within the bounds";
    if (o.cheaper)
      cheaper = fmt::format("σ {} mV, {} µm²: behavioural yield {}",
                            formatted(o.cheaper->sized.sizing.comparatorOffsetSigma * 1e3, "{:.3g}"),
                            formatted(o.cheaper->sized.area.perColumn() / um2, "{:.1f}"),
                            formatted(o.cheaper->behavioural->yield, "{:.4g}"));
    table.rows.push_back({adcName(d), formatted(s.fullScale, "{:.3g}"),
                          formatted(s.comparatorOffsetSigma * 1e3, "{:.3g}"),
                          formatted(o.technology.comparatorGateArea(s.comparatorOffsetSigma) / um2, "{:.3g}"),
                          s.autoZero ? "on" : "off", formatted(o.design.cInt * 1e12, "{:.4g}"),
                          formatted(o.chosen.sized.area.perColumn() / um2, "{:.1f}"), cheaper});
  }
  return table;
}

Table isoYieldAreaTable(const TensorResult& t, double yield)
{
  Table table{fmt::format("{}: area per column at the technology file's comparator budget and at equal yield ({} "
                          "over {} columns)",
                          t.name, yield, t.area.columns),
              {{"design", false},
               {"fixed budget µm²", true},
               {"ratio", true},
               {"equal yield µm²", true},
               {"ratio", true},
               {"V_FS (V)", true},
               {"comparator σ (mV)", true},
               {"auto-zero", false},
               {"meets the yield", false}},
              {}};
  for (size_t i = 0; i < t.area.designs.size(); ++i) {
    const layout_est::DesignArea& d = t.area.designs[i];
    std::vector<std::string> row{d.name, formatted(d.perColumn() / um2, "{:.1f}"), ratio(t.area.ratio(d))};
    if (i < t.isoYield.size()) {
      const layout_est::IsoYieldDesign& iso = t.isoYield[i];
      row.push_back(formatted(iso.area.perColumn() / um2, "{:.1f}"));
      row.push_back(ratio(iso.area.perColumn() / t.isoYield.front().area.perColumn()));
      row.push_back(formatted(iso.sizing.fullScale, "{:.3g}"));
      row.push_back(formatted(iso.sizing.comparatorOffsetSigma * 1e3, "{:.3g}"));
      row.push_back(iso.sizing.autoZero ? "on" : "off");
      row.push_back(iso.met ? "yes" : iso.limit.empty() ? "no (in the Monte Carlo)" : "no: " + iso.limit);
    } else {
      row.insert(row.end(), 6, "-");
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

Table methodsTable(const TensorResult& t)
{
  Table table{fmt::format("{}: quantization error of each method ({} bits)", t.name, t.bsKmqSet().bits),
              {{"method", false},
               {"levels", true},
               {"MSE", true},
               {"MSE / BS-KMQ", true},
               {"interior MSE", true},
               {"SQNR (dB)", true},
               {"levels used", true},
               {"effective MSE, mean", true},
               {"effective MSE, p95", true},
               {"yield", true}},
              {}};
  const double reference = mseOf(t.bsKmqSet());
  for (const quant::LevelSet& set : t.sets) {
    const MonteCarloRun* run = t.monteCarloOf(set.method);
    table.rows.push_back({set.method, fmt::format("{}", set.levelCount()), formatMse(mseOf(set)),
                          ratio(mseOf(set) / reference), formatMse(numberAt(set.metrics, "mse_interior")),
                          formatted(numberAt(set.metrics, "sqnr_db"), "{:.2f}"),
                          formatted(numberAt(set.metrics, "levels_used"), "{:.0f}"),
                          run ? formatMse(numberAt(distribution(*run, "effective_mse"), "mean")) : "",
                          run ? formatMse(numberAt(distribution(*run, "effective_mse"), "p95")) : "",
                          run ? percent(numberAt(run->summary, "yield")) : ""});
  }
  return table;
}

Table nominalTable(const TensorResult& t)
{
  Table table{fmt::format("{}: BS-KMQ's thresholds in the nominal transient", t.name),
              {{"threshold", true},
               {"target", true},
               {"realised", true},
               {"ramp (V)", true},
               {"behavioural model (V)", true},
               {"INL", true},
               {"DNL", true}},
              {}};
  for (const nlohmann::json& j : t.simulation.at("thresholds"))
    table.rows.push_back({fmt::format("t{}", j.at("threshold").get<int>()), formatted(numberAt(j, "target"), "{:.5g}"),
                          formatted(numberAt(j, "realised"), "{:.5g}"), formatted(numberAt(j, "realised_V"), "{:.5g}"),
                          formatted(numberAt(j, "behavioural_V"), "{:.5g}"), formatted(numberAt(j, "inl"), "{:.3g}"),
                          formatted(numberAt(j, "dnl"), "{:.3g}")});
  return table;
}

std::string nominalSentence(const TensorResult& t)
{
  const nlohmann::json& s = t.simulation;
  std::string sentence = fmt::format(
      "Nominal transient in ngspice, {} test columns: V_0 = {} V, the ramp is {}; max |INL| {}, max |DNL| {} "
      "(in local steps); the test columns' codes {} the behavioural model's.",
      s.at("columns").size(), formatted(numberAt(s, "offset_V"), "{:.4g}"),
      s.at("monotonic").get<bool>() ? "monotonic" : "NOT monotonic", formatted(numberAt(s, "max_abs_inl"), "{:.3g}"),
      formatted(numberAt(s, "max_abs_dnl"), "{:.3g}"),
      s.at("codes_match_behavioural").get<bool>() ? "equal" : "DIFFER FROM");
  if (s.contains("data"))
    sentence +=
        fmt::format(" On the data its effective MSE is {} (ideal {}).", formatMse(numberAt(s["data"], "effective_mse")),
                    formatMse(numberAt(s["data"], "ideal_mse")));
  return sentence;
}

Table monteCarloTable(const TensorResult& t)
{
  Table table{fmt::format("{}: Monte Carlo runs", t.name),
              {{"method", false},
               {"samples ok", true},
               {"failed", true},
               {"yield", true},
               {"max |INL|, p95", true},
               {"code errors, mean", true},
               {"ideal MSE", true},
               {"effective MSE, mean", true},
               {"p50", true},
               {"p95", true}},
              {}};
  for (const MonteCarloRun& run : t.monteCarlo) {
    const nlohmann::json& samples = run.summary.at("samples");
    const nlohmann::json& mse = distribution(run, "effective_mse");
    table.rows.push_back(
        {run.method, fmt::format("{} of {}", samples.at("ok").get<uint64_t>(), samples.at("requested").get<uint64_t>()),
         fmt::format("{}", samples.at("failed").get<uint64_t>()), percent(numberAt(run.summary, "yield")),
         formatted(numberAt(distribution(run, "max_abs_inl"), "p95"), "{:.3g}"),
         percent(numberAt(distribution(run, "code_error_rate"), "mean")), formatMse(numberAt(run.summary, "ideal_mse")),
         formatMse(numberAt(mse, "mean")), formatMse(numberAt(mse, "p50")), formatMse(numberAt(mse, "p95"))});
  }
  return table;
}

Table spreadTable(const TensorResult& t)
{
  Table table{
      fmt::format("{}: realised thresholds over the Monte Carlo samples (σ and mean error in local steps)", t.name),
      {{"threshold", true}},
      {}};
  size_t thresholds = 0;
  for (const MonteCarloRun& run : t.monteCarlo) {
    table.columns.push_back({run.method + " target", true});
    table.columns.push_back({"σ / step", true});
    table.columns.push_back({"mean error / step", true});
    thresholds = std::max(thresholds, run.summary.at("thresholds").size());
  }
  for (size_t j = 0; j < thresholds; ++j) {
    std::vector<std::string> row{fmt::format("t{}", j + 1)};
    for (const MonteCarloRun& run : t.monteCarlo) {
      const nlohmann::json& all = run.summary.at("thresholds");
      const nlohmann::json threshold = j < all.size() ? all[j] : nlohmann::json();
      row.push_back(formatted(numberAt(threshold, "target"), "{:.4g}"));
      row.push_back(formatted(numberAt(threshold, "sigma_over_step"), "{:.3f}"));
      row.push_back(formatted(numberAt(threshold, "mean_error_over_step"), "{:.3f}"));
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

Table areaTable(const TensorResult& t)
{
  Table table{fmt::format("{}: area per column, {} columns sharing the ramp; the MSE-matched SAR needs {} bits", t.name,
                          t.area.columns, t.linearBits),
              {{"design", false}, {"bits", true}, {"DAC bits", true}, {"µm² per column", true}, {"ratio", true}},
              {}};
  // A notes column only when a design has something to say.
  const bool notes = std::any_of(t.area.designs.begin(), t.area.designs.end(),
                                 [](const layout_est::DesignArea& d) { return !d.notes.empty(); });
  if (notes)
    table.columns.push_back({"notes", false});
  for (const layout_est::DesignArea& d : t.area.designs) {
    table.rows.push_back({d.name, fmt::format("{}", d.bits), d.dacBits ? fmt::format("{}", d.dacBits) : "-",
                          formatted(d.perColumn() / um2, "{:.1f}"), ratio(t.area.ratio(d))});
    if (notes) {
      std::string joined;
      for (const std::string& note : d.notes)
        joined += (joined.empty() ? "" : "; ") + note;
      table.rows.back().push_back(joined);
    }
  }
  return table;
}

Table areaBlocksTable(const TensorResult& t)
{
  Table table{fmt::format("{}: area of each block", t.name),
              {{"design", false}, {"block", false}, {"shared by", true}, {"block µm²", true}, {"µm² per column", true}},
              {}};
  for (const layout_est::DesignArea& d : t.area.designs)
    for (const layout_est::BlockArea& b : d.blocks)
      table.rows.push_back({d.name, b.name, fmt::format("{}", b.sharedBy), formatted(b.area / um2, "{:.2f}"),
                            formatted(b.perColumn() / um2, "{:.3f}")});
  return table;
}

} // namespace nladc::flow
