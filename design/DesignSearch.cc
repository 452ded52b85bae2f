#include "design/DesignSearch.hh"

#include "adc/ColumnParameters.hh"
#include "adc/VariationModel.hh"
#include "layout_est/MatchedLinearBits.hh"
#include "netlist/ReferenceColumnNetlist.hh"
#include "util/Error.hh"

#include <cmath>
#include <fmt/format.h>

namespace nladc::design {

namespace fs = std::filesystem;

namespace {

// A check that fails asks the next sizing for a third of the failure
// probability, at most this many times.
constexpr int maxRounds = 5;
constexpr double tightening = 3.0;
// The cheaper candidate is sized for five times the specification's
// failure probability: near enough to show what the margin buys.
constexpr double cheaperLooseness = 5.0;

layout_est::AutoZeroChoice autoZeroChoice(OffsetCancellation c)
{
  switch (c) {
  case OffsetCancellation::on: return layout_est::AutoZeroChoice::always;
  case OffsetCancellation::off: return layout_est::AutoZeroChoice::never;
  case OffsetCancellation::automatic: break;
  }
  return layout_est::AutoZeroChoice::cheaper;
}

std::string millivolts(double volts)
{
  return fmt::format("{:.3g} mV", volts * 1e3);
}

class Search {
public:
  Search(const quant::LevelSet& set, const adc::Technology& technology, const quant::EffectiveError* data,
         const nlohmann::json& provenance, const SearchOptions& options, const SearchHooks& hooks)
      : set_(set), technology_(technology), data_(data), provenance_(provenance), options_(options), hooks_(hooks)
  {
  }

  Candidate size(double target) const
  {
    const Specification& spec = options_.specification;
    return {layout_est::sizeInMemoryToYield(set_, technology_, spec.columns, target, options_.rule,
                                            autoZeroChoice(spec.cancellation)),
            target,
            {},
            {}};
  }

  // A Monte Carlo run of the candidate's design in explore/NN-ENGINE;
  // nullopt when stopped.
  std::optional<MonteCarloEvidence> run(const Candidate& candidate, spice::Engine engine)
  {
    const bool spiceEngine = engine == spice::Engine::spice;
    const adc::Technology sized = layout_est::sizedTechnology(technology_, candidate.sized.sizing);
    const adc::ReferenceColumnDesign design = adc::designReferenceColumn(set_, adc::columnParameters(sized));
    spice::MonteCarloInputs inputs{design, netlist::deckOptions(sized), adc::variationModel(sized), data_, provenance_};
    spice::MonteCarloOptions o;
    o.samples = spiceEngine ? options_.confirmSamples : options_.exploreSamples;
    o.jobs = options_.jobs;
    o.seed = options_.seed;
    o.engine = engine;
    o.testColumns = options_.specification.columns;
    o.timeLimit = options_.sampleTimeLimit;
    o.directory =
        options_.directory / "explore" / fmt::format("{:02}-{}", ++runs_, spiceEngine ? "spice" : "behavioural");
    o.resume = options_.resume && fs::exists(o.directory / "run.json");
    const std::string stage = fmt::format("design {} {}", set_.name, spiceEngine ? "spice" : "behavioural");
    const spice::MonteCarloOutcome outcome = spice::runMonteCarlo(
        inputs, o,
        [&](uint64_t done, uint64_t total) {
          if (hooks_.progress)
            hooks_.progress(stage, done, total);
        },
        [&] { return hooks_.stopRequested && hooks_.stopRequested(); });
    if (!outcome.complete)
      return std::nullopt;
    return evidenceOf(engine, outcome.summary, o.directory);
  }

  // Does a run meet the specification? A behavioural run of thousands of
  // samples must reach the yield itself; a SPICE confirmation of a few
  // hundred may fail allowedFailures samples.
  bool meets(const MonteCarloEvidence& e) const
  {
    const Specification& spec = options_.specification;
    const bool yieldMet =
        e.engine == spice::Engine::spice ? e.failed <= allowedFailures(spec.yield, e.samples) : e.yield >= spec.yield;
    const bool mseMet =
        !spec.maxEffectiveMseRatio || (e.effectiveMseRatio && *e.effectiveMseRatio <= *spec.maxEffectiveMseRatio);
    return yieldMet && mseMet;
  }

private:
  MonteCarloEvidence evidenceOf(spice::Engine engine, const nlohmann::json& summary, const fs::path& directory) const
  {
    MonteCarloEvidence e;
    e.engine = engine;
    e.samples = summary.at("samples").at("done").get<uint64_t>();
    // Samples whose simulation failed count as missing the yield.
    const double yield =
        summary.at("yield_counting_failed").is_number() ? summary.at("yield_counting_failed").get<double>() : 0.0;
    e.failed = e.samples - static_cast<uint64_t>(std::llround(yield * static_cast<double>(e.samples)));
    e.yield = 1.0 - static_cast<double>(e.failed) / static_cast<double>(e.samples);
    if (summary.contains("effective_mse") && summary.at("effective_mse").at("p95").is_number())
      e.effectiveMseRatio = summary.at("effective_mse").at("p95").get<double>() / summary.at("ideal_mse").get<double>();
    e.directory = directory;
    e.summary = summary;
    return e;
  }

  const quant::LevelSet& set_;
  const adc::Technology& technology_;
  const quant::EffectiveError* data_;
  const nlohmann::json& provenance_;
  const SearchOptions& options_;
  const SearchHooks& hooks_;
  int runs_ = 0;
};

// Each chosen value and why, for design.json and the report.
std::vector<std::pair<std::string, std::string>> reasonsFor(const DesignOutcome& o, const adc::Technology& base,
                                                            const SearchOptions& options)
{
  const layout_est::Sizing& s = o.chosen.sized.sizing;
  const adc::DesignBounds& bounds = *base.design;
  std::vector<std::pair<std::string, std::string>> reasons;
  reasons.emplace_back(
      "full_scale",
      s.fullScale >= bounds.maxFullScale * (1.0 - 1e-9)
          ? fmt::format("{:.3g} V, the largest design.max_full_scale allows: wider code bins relax every offset budget",
                        s.fullScale)
          : fmt::format("{:.3g} V: of the V_FS grid from full_scale to design.max_full_scale, the one of least area",
                        s.fullScale));
  if (s.autoZero)
    reasons.emplace_back("offset_cancellation",
                         options.specification.cancellation == OffsetCancellation::on
                             ? "auto-zero, as asked (--offset-cancellation on)"
                             : fmt::format("auto-zero: its residual offset ({}) meets the yield at less area than an "
                                           "input pair sized for it",
                                           millivolts(bounds.autoZeroResidualSigma)));
  else
    reasons.emplace_back("offset_cancellation", options.specification.cancellation == OffsetCancellation::off
                                                    ? "none, as asked (--offset-cancellation off)"
                                                    : "none: sizing the input pair is the cheaper way to the yield");
  const double pairArea = std::pow(base.comparatorAVt() / s.comparatorOffsetSigma, 2);
  reasons.emplace_back("comparator_offset_sigma",
                       s.autoZero
                           ? fmt::format("{} (input pair W·L = {:.3g} µm²): the smallest pair, since "
                                         "auto-zero cancels its offset",
                                         millivolts(s.comparatorOffsetSigma), pairArea * 1e12)
                           : fmt::format("{} (input pair W·L = {:.3g} µm²): the largest σ whose analytic yield "
                                         "reaches {:.4g}, the sizing target",
                                         millivolts(s.comparatorOffsetSigma), pairArea * 1e12, o.chosen.sizingTarget));
  reasons.emplace_back("c_int", fmt::format("{:.4g} pF: the smallest ramp step needs one rram.g_min cell "
                                            "(the reference-column design rule, docs/adc.md)",
                                            o.design.cInt * 1e12));
  reasons.emplace_back("conductance_range",
                       fmt::format("[{:.3g}, {:.3g}] µS, the technology's rram.g_min and g_max: {} programmed cells",
                                   base.rram.gMin * 1e6, base.rram.gMax * 1e6, o.design.cellCount()));
  reasons.emplace_back("level_set", "as given: the level file's thresholds, not refitted");
  return reasons;
}

} // namespace

void checkSearchInputs(const adc::Technology& technology, const quant::EffectiveError* data,
                       const SearchOptions& options)
{
  validate(options.specification);
  if (!technology.design)
    throw InputError(fmt::format("{}: no design section: nladc design needs the bounds of its knobs "
                                 "(design.*, docs/technology.md)",
                                 technology.file.string()));
  if (options.specification.maxEffectiveMseRatio && !data)
    throw InputError("max_effective_mse_ratio: needs the activations to measure the effective MSE on (data)");
}

DesignOutcome designToSpecification(const quant::LevelSet& set, const adc::Technology& technology,
                                    const quant::EffectiveError* data, const nlohmann::json& provenance,
                                    const SearchOptions& options, const SearchHooks& hooks)
{
  checkSearchInputs(technology, data, options);
  const Specification& spec = options.specification;

  Search search(set, technology, data, provenance, options, hooks);
  DesignOutcome outcome;
  const auto stopped = [&outcome] {
    outcome.complete = false;
    return outcome;
  };

  // Sizing, checking, confirming: each failed check tightens the target.
  double target = confirmableYield(spec.yield, options.confirmSamples);
  std::optional<Candidate> best; // the candidate of the highest checked yield
  for (int round = 0; round < maxRounds && !outcome.met; ++round, target = 1.0 - (1.0 - target) / tightening) {
    Candidate candidate = search.size(target);
    if (!candidate.sized.met && round > 0) {
      outcome.limit =
          fmt::format("{}: no sizing reaches the tightened target yield {:.6g}", candidate.sized.limit, target);
      break;
    }
    candidate.behavioural = search.run(candidate, spice::Engine::behavioural);
    if (!candidate.behavioural)
      return stopped();
    if (candidate.sized.met && search.meets(*candidate.behavioural)) {
      candidate.spice = search.run(candidate, spice::Engine::spice);
      if (!candidate.spice)
        return stopped();
      outcome.met = search.meets(*candidate.spice);
    }
    outcome.explored.push_back(candidate);
    if (!best || candidate.behavioural->yield > best->behavioural->yield || outcome.met)
      best = candidate;
    if (!candidate.sized.met) {
      outcome.limit = fmt::format("{}: the analytic yield reaches only {:.4g} within the bounds", candidate.sized.limit,
                                  candidate.sized.yield);
      break;
    }
  }
  if (!outcome.met && outcome.limit.empty())
    outcome.limit = fmt::format("the Monte Carlo checks kept failing after {} tightened sizings", maxRounds);
  outcome.chosen = *best;
  // A design that fails is measured in SPICE too: the report shows its
  // failure as simulated, not only as the behavioural model predicts it.
  if (!outcome.chosen.spice) {
    outcome.chosen.spice = search.run(outcome.chosen, spice::Engine::spice);
    if (!outcome.chosen.spice)
      return stopped();
  }
  // The chosen design's SPICE run is the design's Monte Carlo run, mc/ (a
  // link, so a resumed search finds its runs where it left them).
  const fs::path link = options.directory / "mc";
  std::error_code error;
  fs::remove(link, error);
  fs::create_directory_symlink(outcome.chosen.spice->directory.lexically_relative(options.directory), link, error);
  if (error)
    throw WorkError(fmt::format("{}: cannot link the design's Monte Carlo run: {}", link.string(), error.message()));

  if (outcome.met) {
    const double looser = 1.0 - cheaperLooseness * (1.0 - spec.yield);
    Candidate cheaper = search.size(looser);
    if (cheaper.sized.met && cheaper.sized.area.perColumn() < outcome.chosen.sized.area.perColumn() * (1.0 - 1e-9)) {
      cheaper.behavioural = search.run(cheaper, spice::Engine::behavioural);
      if (!cheaper.behavioural)
        return stopped();
      if (!search.meets(*cheaper.behavioural))
        outcome.cheaper = cheaper;
      outcome.explored.push_back(cheaper);
    }
  }

  outcome.technology = layout_est::sizedTechnology(technology, outcome.chosen.sized.sizing);
  outcome.design = adc::designReferenceColumn(set, adc::columnParameters(outcome.technology));
  outcome.reasons = reasonsFor(outcome, technology, options);
  outcome.isoYield = layout_est::sizeAllToYield(
      set, technology, spec.columns,
      options.linearBits > 0 ? options.linearBits : layout_est::linearBitsFromMetrics(set), spec.yield, options.rule);
  outcome.isoYield.front() = outcome.chosen.sized;
  outcome.isoYield.front().met = outcome.met;
  return outcome;
}

} // namespace nladc::design
