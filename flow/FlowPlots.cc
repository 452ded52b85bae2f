#include "flow/FlowPlots.hh"

#include "netlist/ReferenceColumnNetlist.hh"
#include "report/SvgPlot.hh"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace nladc::flow {

namespace {

using report::Marker;
using report::Scale;
using report::SvgPlot;

constexpr double um2 = 1e-12;
constexpr double picojoule = 1e-12;

// The domain and a little room on each side, so levels pinned at an edge
// show whole.
void activationAxis(report::Axis& axis, const quant::Domain& domain)
{
  const double margin = 0.02 * std::max(domain.width(), 1e-12);
  axis.label = "activation";
  axis.min = domain.lo - margin;
  axis.max = domain.hi + margin;
}

FlowPlot distributionPlot(const TensorResult& t)
{
  const quant::Domain& domain = t.bsKmqSet().domain;
  SvgPlot histogram(t.name + ": activations and each method's levels", 760, 260);
  activationAxis(histogram.xAxis(), domain);
  histogram.yAxis().label = "samples per bin";
  histogram.yAxis().scale = Scale::log;
  std::vector<double> centres, counts;
  for (size_t i = 0; i < t.histogram.counts.size(); ++i) {
    centres.push_back(t.histogram.binCentre(i));
    counts.push_back(static_cast<double>(t.histogram.counts[i]));
  }
  histogram.bars("", centres, counts, t.histogram.binWidth()).colour = "#7a7a7a";

  SvgPlot lanes("", 760, 60 + 28 * static_cast<int>(t.sets.size()));
  activationAxis(lanes.xAxis(), domain);
  std::vector<double> levelX, levelY, thresholdX, thresholdY;
  for (size_t i = 0; i < t.sets.size(); ++i) {
    lanes.yAxis().categories.push_back(t.sets[i].method);
    for (const double level : t.sets[i].levels) {
      levelX.push_back(level);
      levelY.push_back(static_cast<double>(i));
    }
    for (const double threshold : t.sets[i].thresholds) {
      thresholdX.push_back(threshold);
      thresholdY.push_back(static_cast<double>(i));
    }
  }
  lanes.markers("threshold", thresholdX, thresholdY, Marker::tick).colour = "#D55E00";
  lanes.markers("level", levelX, levelY, Marker::circle).colour = "#0072B2";
  return {"distribution",
          fmt::format("{}: histogram of the {} samples over BS-KMQ's domain (log scale), and below it each "
                      "method's levels (dots) and decision thresholds (ticks).",
                      t.name, t.histogram.total()),
          SvgPlot::stacked({&histogram, &lanes})};
}

double metric(const quant::LevelSet& set, const char* name)
{
  const nlohmann::json& v = set.metrics.at(name);
  return v.is_number() ? v.get<double>() : NAN;
}

// A statistic of a Monte Carlo summary's distribution ("effective_mse",
// "mean"), or NaN when the run has none (no sample simulated).
double summaryStatistic(const nlohmann::json& summary, const char* distribution, const char* statistic)
{
  if (!summary.contains(distribution) || !summary[distribution].is_object())
    return NAN;
  const nlohmann::json& v = summary[distribution][statistic];
  return v.is_number() ? v.get<double>() : NAN;
}

FlowPlot errorPlot(const TensorResult& t)
{
  SvgPlot plot(t.name + ": quantization error of each method", 760, 320);
  plot.yAxis().label = "MSE";
  std::vector<double> at, ideal, effectiveAt, effectiveMean, effectiveP95;
  for (size_t i = 0; i < t.sets.size(); ++i) {
    const quant::LevelSet& set = t.sets[i];
    plot.xAxis().categories.push_back(set.method);
    at.push_back(static_cast<double>(i) - 0.2);
    ideal.push_back(metric(set, "mse"));
    if (const MonteCarloRun* run = t.monteCarloOf(set.method)) {
      effectiveAt.push_back(static_cast<double>(i) + 0.2);
      effectiveMean.push_back(summaryStatistic(run->summary, "effective_mse", "mean"));
      effectiveP95.push_back(summaryStatistic(run->summary, "effective_mse", "p95"));
    }
  }
  plot.bars("ideal", at, ideal, 0.38).colour = "#0072B2";
  plot.bars("effective, Monte Carlo mean", effectiveAt, effectiveMean, 0.38).colour = "#D55E00";
  plot.markers("effective, p95", effectiveAt, effectiveP95, Marker::diamond).colour = "#000000";
  return {"error",
          fmt::format("{}: mean squared error of each method's levels on the data (ideal), and for BS-KMQ and the "
                      "best baseline ({}) the effective error once the Monte Carlo circuits' thresholds decide the "
                      "codes (mean over samples, and the 95th percentile).",
                      t.name, t.bestBaselineSet().method),
          plot.svg()};
}

FlowPlot rampPlot(const TensorResult& t)
{
  const netlist::ConversionTiming& timing = t.timing;
  // Nanoseconds for the usual ramps, microseconds for slow clocks.
  const bool micro = timing.stopTime() >= 2e-6;
  const double scale = micro ? 1e6 : 1e9;
  SvgPlot plot(t.name + ": BS-KMQ ramp in ngspice against its ideal staircase", 760, 320);
  plot.xAxis().label = micro ? "time (µs)" : "time (ns)";
  plot.xAxis().min = 0.0;
  plot.xAxis().max = timing.stopTime() * scale;
  plot.yAxis().label = "ramp (V)";

  std::vector<double> time;
  for (const double s : t.rampTime)
    time.push_back(s * scale);
  // The ideal: 0 until the calibration slot ends, then V_0's target, then
  // each step's target threshold from the end of its slot.
  std::vector<double> idealTime{0.0, timing.slotEnd(0) * scale};
  std::vector<double> idealVolts{0.0, t.design.parameters.offsetTarget};
  for (size_t j = 0; j < t.design.steps.size(); ++j) {
    idealTime.push_back(timing.slotEnd(static_cast<int>(j) + 1) * scale);
    idealVolts.push_back(t.design.steps[j].targetVolts);
  }
  idealTime.push_back(timing.stopTime() * scale);
  idealVolts.push_back(idealVolts.back());
  std::vector<double> slotEnds, realised;
  slotEnds.push_back(timing.slotEnd(0) * scale);
  realised.push_back(t.simulation.at("offset_V").get<double>());
  for (const nlohmann::json& threshold : t.simulation.at("thresholds")) {
    slotEnds.push_back(timing.slotEnd(threshold.at("threshold").get<int>()) * scale);
    realised.push_back(threshold.at("realised_V").get<double>());
  }
  plot.stepLine("ideal staircase (targets)", idealTime, idealVolts).dashed = true;
  plot.line("SPICE ramp", time, t.rampVolts);
  plot.markers("SPICE at slot ends", slotEnds, realised, Marker::circle);
  return {"ramp",
          fmt::format("{}: the reference column's ramp in the nominal ngspice transient, against the staircase its "
                      "thresholds ask for; a column's code is the number of slot-end levels below its input. "
                      "Max |INL| {:.3g} of a local step.",
                      t.name, t.simulation.at("max_abs_inl").get<double>()),
          plot.svg()};
}

FlowPlot spreadPlot(const TensorResult& t)
{
  SvgPlot plot(t.name + ": threshold spread over the Monte Carlo samples", 760, 320);
  plot.yAxis().label = "threshold error / local step";
  size_t thresholds = 0;
  for (const MonteCarloRun& run : t.monteCarlo)
    thresholds = std::max(thresholds, run.summary.at("thresholds").size());
  for (size_t j = 0; j < thresholds; ++j)
    plot.xAxis().categories.push_back(fmt::format("t{}", j + 1));
  const double offsets[] = {-0.12, 0.12};
  for (size_t r = 0; r < t.monteCarlo.size() && r < 2; ++r) {
    const MonteCarloRun& run = t.monteCarlo[r];
    std::vector<double> at, bias, low, high;
    for (const nlohmann::json& threshold : run.summary.at("thresholds")) {
      const double mean = threshold.at("mean_error_over_step").get<double>();
      const double sigma = threshold.at("sigma_over_step").get<double>();
      at.push_back(threshold.at("threshold").get<double>() - 1.0 + offsets[r]);
      bias.push_back(mean);
      low.push_back(mean - sigma);
      high.push_back(mean + sigma);
    }
    const std::string colour = r == 0 ? "#0072B2" : "#D55E00";
    plot.errorBars(run.method + " ± σ", at, low, high).colour = colour;
    plot.markers(run.method + " mean", at, bias, r == 0 ? Marker::circle : Marker::square).colour = colour;
  }
  plot.horizontalLine("|INL| = 0.5 (yield limit)", 0.5);
  plot.horizontalLine("", -0.5);
  return {"spread",
          fmt::format("{}: each threshold's error over every Monte Carlo sample and test column, in units of its "
                      "local step (the narrower of its two code bins): mean and ± one σ, for BS-KMQ and the best "
                      "baseline. A sample passes when every |INL| stays below 0.5.",
                      t.name),
          plot.svg()};
}

FlowPlot areaPlot(const TensorResult& t)
{
  SvgPlot plot(fmt::format("{}: area per column, {} columns", t.name, t.area.columns), 760, 400);
  plot.yAxis().label = "area per column (µm²)";
  std::vector<std::string> blocks; // every block name, in order of first appearance
  for (const layout_est::DesignArea& d : t.area.designs) {
    plot.xAxis().categories.push_back(d.name);
    for (const layout_est::BlockArea& b : d.blocks)
      if (std::find(blocks.begin(), blocks.end(), b.name) == blocks.end())
        blocks.push_back(b.name);
  }
  std::vector<double> stackTop(t.area.designs.size(), 0.0);
  for (const std::string& block : blocks) {
    std::vector<double> at, base, top;
    for (size_t i = 0; i < t.area.designs.size(); ++i)
      for (const layout_est::BlockArea& b : t.area.designs[i].blocks)
        if (b.name == block) {
          at.push_back(static_cast<double>(i));
          base.push_back(stackTop[i]);
          stackTop[i] += b.perColumn() / um2;
          top.push_back(stackTop[i]);
        }
    plot.bars(block, at, top, 0.6).base = base;
  }
  return {"area",
          fmt::format("{}: per-column area of the in-memory NL-ADC and its baselines, sized from BS-KMQ's levels "
                      "and the technology; each bar stacks the design's blocks, shared blocks divided by the "
                      "columns that share them.",
                      t.name),
          plot.svg()};
}

// Each design's energy per conversion against its area per column, at the
// fixed budget (circles) and at equal yield (diamonds).
FlowPlot energyAreaPlot(const TensorResult& t)
{
  SvgPlot plot(fmt::format("{}: energy per conversion against area per column, {} columns", t.name, t.area.columns),
               760, 400);
  plot.xAxis() = {"area per column (µm²)", Scale::log, {}, {}, {}};
  plot.yAxis() = {"energy per conversion and column (pJ)", Scale::log, {}, {}, {}};
  for (const layout_est::DesignArea& d : t.area.designs)
    plot.markers(d.name, {d.perColumn() / um2}, {d.energy->perConversion() / picojoule}, Marker::circle);
  for (const layout_est::IsoYieldDesign& d : t.isoYield)
    if (d.area.energy)
      plot.markers(d.name + " (equal yield)", {d.area.perColumn() / um2}, {d.area.energy->perConversion() / picojoule},
                   Marker::diamond);
  return {"energy",
          fmt::format("{}: energy per conversion (one column, shared blocks divided by the columns that share "
                      "them) against area per column, for every design at the technology file's comparator budget "
                      "(circles) and sized to the specification's yield (diamonds); down and to the left is better. "
                      "The energy model is docs/energy.md's.",
                      t.name),
          plot.svg()};
}

} // namespace

std::vector<FlowPlot> tensorPlots(const TensorResult& t)
{
  std::vector<FlowPlot> plots{distributionPlot(t), errorPlot(t), rampPlot(t), spreadPlot(t), areaPlot(t)};
  if (t.area.inMemory().energy)
    plots.push_back(energyAreaPlot(t));
  return plots;
}

} // namespace nladc::flow
