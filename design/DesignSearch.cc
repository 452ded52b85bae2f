#include "design/DesignSearch.hh"

#include "adc/ColumnParameters.hh"
#include "adc/ThresholdJitter.hh"
#include "adc/VariationModel.hh"
#include "layout_est/MatchedLinearBits.hh"
#include "netlist/ReferenceColumnNetlist.hh"
#include "quant/LevelFileWriter.hh"
#include "quant/Method.hh"
#include "quant/Metrics.hh"
#include "util/Error.hh"

#include <cmath>
#include <fmt/format.h>
#include <memory>

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

// A level set under design: its data for the effective MSE, and what each
// run.json records of where it came from.
struct Levels {
  const quant::LevelSet* set;
  const quant::EffectiveError* data;
  nlohmann::json provenance;
};

// The effective MSE is held against the ideal MSE of the level set as
// given, so a refitted set cannot trade the user's accuracy for area.
std::optional<double> effectiveMseRatio(const nlohmann::json& summary, const quant::EffectiveError* given)
{
  if (!given || !summary.contains("effective_mse") || !summary.at("effective_mse").at("p95").is_number())
    return std::nullopt;
  return summary.at("effective_mse").at("p95").get<double>() / given->idealMse();
}

// What the search found for one level set.
struct Attempt {
  bool complete = true;
  bool met = false;
  std::string limit;
  std::optional<Candidate> best; // the candidate of the highest checked yield; the met one when met
  std::vector<Candidate> explored;
};

class Search {
public:
  Search(const adc::Technology& technology, const quant::EffectiveError* givenData, const SearchOptions& options,
         const SearchHooks& hooks)
      : technology_(technology), givenData_(givenData), options_(options), hooks_(hooks)
  {
  }

  Candidate size(const quant::LevelSet& set, double target) const
  {
    const Specification& spec = options_.specification;
    return {layout_est::sizeInMemoryToYield(set, technology_, spec.columns, target, options_.rule,
                                            autoZeroChoice(spec.cancellation)),
            target,
            {},
            {}};
  }

  // Sizing, checking, confirming one level set: each failed check tightens
  // the target. A design that fails is measured in SPICE too: the report
  // shows its failure as simulated, not only as the behavioural model
  // predicts it.
  Attempt attempt(const Levels& levels)
  {
    Attempt a;
    const Specification& spec = options_.specification;
    double target = confirmableYield(spec.yield, options_.confirmSamples);
    for (int round = 0; round < maxRounds && !a.met; ++round, target = 1.0 - (1.0 - target) / tightening) {
      Candidate candidate = size(*levels.set, target);
      if (!candidate.sized.met && round > 0) {
        a.limit = fmt::format("{}: no sizing reaches the tightened target yield {:.6g}", candidate.sized.limit, target);
        break;
      }
      if (!(candidate.behavioural = run(levels, candidate, spice::Engine::behavioural)))
        return stopped(a);
      if (candidate.sized.met && meets(*candidate.behavioural)) {
        if (!(candidate.spice = run(levels, candidate, spice::Engine::spice)))
          return stopped(a);
        a.met = meets(*candidate.spice);
      }
      a.explored.push_back(candidate);
      if (!a.best || candidate.behavioural->yield > a.best->behavioural->yield || a.met)
        a.best = candidate;
      if (!candidate.sized.met) {
        a.limit = fmt::format("{}: the analytic yield reaches only {:.4g} within the bounds", candidate.sized.limit,
                              candidate.sized.yield);
        break;
      }
    }
    if (!a.met && a.limit.empty())
      a.limit = fmt::format("the Monte Carlo checks kept failing after {} tightened sizings", maxRounds);
    if (!a.best->spice && !(a.best->spice = run(levels, *a.best, spice::Engine::spice)))
      return stopped(a);
    return a;
  }

  // A Monte Carlo run of the candidate's design in explore/NN-ENGINE;
  // nullopt when stopped.
  std::optional<MonteCarloEvidence> run(const Levels& levels, const Candidate& candidate, spice::Engine engine)
  {
    const bool spiceEngine = engine == spice::Engine::spice;
    const adc::Technology sized = layout_est::sizedTechnology(technology_, candidate.sized.sizing);
    const netlist::DeckOptions deck = netlist::deckOptions(sized, options_.blocks, options_.specification.columns);
    // The behavioural engine on a transistor deck models the measured
    // integrator (runMonteCarlo measures it).
    const adc::ReferenceColumnDesign design = adc::designReferenceColumn(*levels.set, adc::columnParameters(sized));
    spice::MonteCarloInputs inputs{design, deck, adc::variationModel(sized), levels.data, levels.provenance};
    spice::MonteCarloOptions o;
    o.samples = spiceEngine ? options_.confirmSamples : options_.exploreSamples;
    o.jobs = options_.jobs;
    o.seed = spiceEngine ? confirmationSeed(options_.seed) : options_.seed;
    o.engine = engine;
    o.testColumns = options_.specification.columns;
    o.timeLimit = options_.sampleTimeLimit;
    o.directory =
        options_.directory / "explore" / fmt::format("{:02}-{}", ++runs_, spiceEngine ? "spice" : "behavioural");
    o.resume = options_.resume && fs::exists(o.directory / "run.json");
    const std::string stage =
        fmt::format("design {} {} {}", levels.set->name, levels.set->method, spiceEngine ? "spice" : "behavioural");
    const spice::MonteCarloOutcome outcome = spice::runMonteCarlo(
        inputs, o,
        [&](uint64_t done, uint64_t total) {
          if (hooks_.progress)
            hooks_.progress(stage, done, total);
        },
        [&] { return hooks_.stopRequested && hooks_.stopRequested(); });
    if (!outcome.complete)
      return std::nullopt;
    MonteCarloEvidence e = evidenceOf(engine, outcome.summary, o.directory);
    e.effectiveMseRatio = effectiveMseRatio(outcome.summary, givenData_);
    return e;
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
  static Attempt stopped(Attempt a)
  {
    a.complete = false;
    return a;
  }

  MonteCarloEvidence evidenceOf(spice::Engine engine, const nlohmann::json& summary, const fs::path& directory) const
  {
    MonteCarloEvidence e;
    e.engine = engine;
    e.samples = summary.at("samples").at("done").get<uint64_t>();
    // Samples whose simulation failed count as missing the yield.
    const double yield =
        summary.at("yield_counting_failed").is_number() ? summary.at("yield_counting_failed").get<double>() : 0.0;
    e.failed = e.samples - static_cast<uint64_t>(std::llround(yield * static_cast<double>(e.samples)));
    e.yield = e.samples > 0 ? 1.0 - static_cast<double>(e.failed) / static_cast<double>(e.samples) : 0.0;
    e.directory = directory;
    e.summary = summary;
    return e;
  }

  const adc::Technology& technology_;
  const quant::EffectiveError* givenData_; // the level set as given, on the data
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
          ? fmt::format("{:.3g} V, the largest {} allows: wider code bins relax every offset budget", s.fullScale,
                        o.blocks == adc::BlockKind::transistor ? "design.max_full_scale or blocks.max_full_scale"
                                                               : "design.max_full_scale")
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
  const double pairArea = base.comparatorGateArea(s.comparatorOffsetSigma);
  reasons.emplace_back("comparator_offset_sigma",
                       s.autoZero
                           ? fmt::format("{} (input pair W·L = {:.3g} µm²): the pair the auto-zero's residual "
                                         "was measured with (variation.comparator_offset_sigma)",
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
  reasons.emplace_back("level_set", o.refit.empty() ? "as given: the level file's thresholds" : o.refit);
  return reasons;
}

// The level set fitted for the circuit (variation-aware, DESIGN.md §8): the
// expected effective MSE minimised under the threshold jitter of the
// strongest sizing the bounds allow (the largest V_FS, the smallest offset),
// with BS-KMQ's pile-up treatment when the set is BS-KMQ's.
quant::LevelSet fitForCircuit(const quant::LevelSet& set, const adc::Technology& technology,
                              const SearchOptions& options)
{
  const layout_est::PairSigmaRange pair = layout_est::inMemoryPairSigmaRange(technology);
  const bool autoZero = options.specification.cancellation != OffsetCancellation::off &&
                        (options.specification.cancellation == OffsetCancellation::on ||
                         technology.design->autoZeroResidualSigma <= pair.smallest);
  const adc::ThresholdJitter jitter(layout_est::sizedTechnology(
      technology, {technology.design->maxFullScale, autoZero,
                   autoZero ? layout_est::autoZeroPairSigma(technology) : pair.smallest, 0.0}));
  quant::FitOptions fit = quant::fitOptionsOf(set);
  fit.thresholdSigmaModel = [jitter](const quant::Domain& domain, size_t levels) {
    return jitter.sigma(domain, levels);
  };
  fit.thresholdSigmaSource = technology.name;
  fit.variationBoundary = quant::parseMethod(set.method) == quant::Method::bsKmq;
  quant::LevelSet refitted =
      quant::fitLevelSet(quant::Method::variationAware, options.refitSamples->clampedTo(set.domain), set.domain, fit);
  refitted.name = set.name;
  refitted.source = set.source;
  refitted.metrics = quant::toJson(quant::evaluate(refitted, *options.refitSamples, fit.bsKmq.boundaryEps));
  return refitted;
}

} // namespace

uint64_t confirmationSeed(uint64_t seed)
{
  // SplitMix64's finaliser: a bijection, so distinct seeds stay distinct.
  uint64_t z = seed + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

void checkSearchInputs(const adc::Technology& technology, const quant::EffectiveError* data,
                       const SearchOptions& options)
{
  validate(options.specification);
  if (!technology.design)
    throw InputError(fmt::format("{}: no design section: nladc design needs the bounds of its knobs "
                                 "(design.*, docs/technology.md)",
                                 technology.file.string()));
  // Transistor blocks without the blocks section throw here, before anything is written.
  netlist::deckOptions(technology, options.blocks);
  if (options.specification.maxEffectiveMseRatio && !data)
    throw InputError("max_effective_mse_ratio: needs the activations to measure the effective MSE on (data)");
}

DesignOutcome designToSpecification(const quant::LevelSet& set, const adc::Technology& given,
                                    const quant::EffectiveError* data, const nlohmann::json& provenance,
                                    const SearchOptions& options, const SearchHooks& hooks)
{
  checkSearchInputs(given, data, options);
  const Specification& spec = options.specification;
  DesignOutcome outcome;
  outcome.blocks = netlist::deckOptions(given, options.blocks).blocks();
  // The in-memory ADC's bounds for its blocks; the baselines keep the given ones.
  adc::Technology technology = given;
  technology.design->maxFullScale = netlist::maxFullScale(given, outcome.blocks);

  Search search(technology, data, options, hooks);
  const auto stopped = [&outcome] {
    outcome.complete = false;
    return outcome;
  };

  Attempt attempt = search.attempt({&set, data, provenance});
  if (!attempt.complete)
    return stopped();
  outcome.explored = attempt.explored;
  // Where the level set as given cannot meet the specification, the levels
  // fitted for the circuit may (DESIGN.md §8's co-design).
  Levels designed{&set, data, provenance};
  std::optional<quant::LevelSet> refitted;
  std::unique_ptr<quant::EffectiveError> refittedData;
  if (!attempt.met && options.refitSamples != nullptr) {
    const fs::path levelFile = options.directory / "levels.json";
    try {
      refitted = fitForCircuit(set, technology, options);
    } catch (const InputError& e) {
      outcome.refit = fmt::format("the set as given missed the specification, and could not be refitted: {}", e.what());
    }
    if (refitted) {
      refittedData = std::make_unique<quant::EffectiveError>(*options.refitSamples, *refitted);
      quant::writeLevelFile(levelFile, {*refitted});
      nlohmann::json refittedProvenance = provenance;
      refittedProvenance["levels"] = fs::absolute(levelFile).lexically_normal().string();
      refittedProvenance["method"] = refitted->method;
      const Levels second{&*refitted, refittedData.get(), refittedProvenance};
      Attempt again = search.attempt(second);
      if (!again.complete)
        return stopped();
      outcome.explored.insert(outcome.explored.end(), again.explored.begin(), again.explored.end());
      outcome.refit = fmt::format("the set as given missed the specification ({}); refitted with variation-aware at "
                                  "the jitter of the strongest sizing the bounds allow",
                                  attempt.limit);
      if (again.met || again.best->behavioural->yield > attempt.best->behavioural->yield) {
        attempt = std::move(again);
        designed = second;
        outcome.levelFile = levelFile;
      } else {
        outcome.refit += ", which did no better: the design keeps the set as given";
        std::error_code ignored;
        fs::remove(levelFile, ignored);
      }
    }
  }
  outcome.met = attempt.met;
  outcome.limit = attempt.limit;
  outcome.chosen = *attempt.best;
  const quant::LevelSet& levels = *designed.set;

  // What the margin buys: the sizing for a looser target. When it fails it
  // is reported beside the design; when it passes both checks, it is the
  // smaller design that meets the specification, and it is chosen.
  if (outcome.met) {
    Candidate cheaper = search.size(levels, 1.0 - cheaperLooseness * (1.0 - spec.yield));
    if (cheaper.sized.met && cheaper.sized.area.perColumn() < outcome.chosen.sized.area.perColumn() * (1.0 - 1e-9)) {
      if (!(cheaper.behavioural = search.run(designed, cheaper, spice::Engine::behavioural)))
        return stopped();
      if (search.meets(*cheaper.behavioural) && !(cheaper.spice = search.run(designed, cheaper, spice::Engine::spice)))
        return stopped();
      outcome.explored.push_back(cheaper);
      if (cheaper.spice && search.meets(*cheaper.spice))
        outcome.chosen = cheaper;
      else
        outcome.cheaper = cheaper;
    }
  }

  // The chosen design's SPICE run is the design's Monte Carlo run, mc/ (a
  // link, so a resumed search finds its runs where it left them).
  const fs::path link = options.directory / "mc";
  std::error_code error;
  fs::remove(link, error);
  fs::create_directory_symlink(outcome.chosen.spice->directory.lexically_relative(options.directory), link, error);
  if (error)
    throw WorkError(fmt::format("{}: cannot link the design's Monte Carlo run: {}", link.string(), error.message()));

  outcome.technology = layout_est::sizedTechnology(technology, outcome.chosen.sized.sizing);
  outcome.design = adc::designReferenceColumn(levels, adc::columnParameters(outcome.technology));
  outcome.reasons = reasonsFor(outcome, technology, options);
  // Every baseline is sized to the analytic target the chosen design was
  // sized to, so all are held to the same yield with the same margin.
  outcome.isoYield = layout_est::sizeAllToYield(levels, given, spec.columns,
                                                options.linearBits > 0 ? options.linearBits
                                                                       : layout_est::linearBitsFromMetrics(levels),
                                                outcome.chosen.sizingTarget, options.rule);
  outcome.isoYield.front() = outcome.chosen.sized;
  outcome.isoYield.front().met = outcome.met;
  return outcome;
}

} // namespace nladc::design
