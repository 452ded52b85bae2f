#include "cli/CampaignSpec.hh"
#include "cli/Commands.hh"
#include "cli/McInputs.hh"
#include "cli/ProgressBar.hh"
#include "cli/SampleDistribution.hh"
#include "cli/StopSignal.hh"
#include "util/AtomicFile.hh"
#include "util/CoreCount.hh"
#include "util/Error.hh"

#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <iostream>
#include <memory>

namespace nladc::cli {

namespace {

// A summary value as the table shows it: the number, or empty when the
// run has none (no ok sample, no data).
nlohmann::json statistic(const nlohmann::json& summary, const char* key, const char* field = nullptr)
{
  if (!summary.contains(key))
    return nullptr;
  const nlohmann::json& value = summary[key];
  if (field == nullptr)
    return value;
  return value.is_object() ? value[field] : nlohmann::json();
}

nlohmann::ordered_json tableRow(const CampaignRun& run, uint64_t seed, const nlohmann::json& summary)
{
  const nlohmann::json& n = summary["samples"];
  return {{"combination", run.name},
          {"levels", run.levels->name},
          {"technology", run.technology->name},
          {"corner", run.corner->name},
          {"samples", run.samples},
          {"seed", seed},
          {"complete", summary["complete"]},
          {"done", n["done"]},
          {"ok", n["ok"]},
          {"failed", n["failed"]},
          {"yield", statistic(summary, "yield")},
          {"yield_counting_failed", statistic(summary, "yield_counting_failed")},
          {"max_abs_inl_p95", statistic(summary, "max_abs_inl", "p95")},
          {"effective_mse_mean", statistic(summary, "effective_mse", "mean")},
          {"effective_mse_p95", statistic(summary, "effective_mse", "p95")},
          {"ideal_mse", statistic(summary, "ideal_mse")},
          // Last: a column added after the table's first version.
          {"aborted", n["aborted"]}};
}

// campaign.csv: the rows of campaign.json, one line each, the columns in
// the rows' key order.
std::string csvTable(const nlohmann::ordered_json& rows)
{
  if (rows.empty())
    return "";
  std::vector<std::string> columns;
  for (const auto& [key, value] : rows.front().items())
    columns.push_back(key);
  std::string text = fmt::format("{}\n", fmt::join(columns, ","));
  for (const nlohmann::ordered_json& row : rows) {
    std::vector<std::string> fields;
    for (const auto& [key, value] : row.items())
      // Names are plain (CampaignSpec), so no field needs quoting.
      fields.push_back(value.is_null() ? "" : value.is_string() ? value.get<std::string>() : value.dump());
    text += fmt::format("{}\n", fmt::join(fields, ","));
  }
  return text;
}

} // namespace

void addCampaignCommand(CLI::App& app)
{
  struct Options {
    std::string spec;
    std::string output = "nladc-campaign";
    int jobs = static_cast<int>(coreCount());
    bool resume = false;
  };
  auto o = std::make_shared<Options>();
  CLI::App* command =
      app.add_subcommand("campaign", "Monte Carlo runs of level files × technologies × corners × sample counts");
  command->add_option("SPEC", o->spec, "Campaign specification (YAML, docs/distributed.md)")->required();
  command->add_option("-o,--output", o->output, "Campaign directory")->capture_default_str();
  command->add_option("--jobs", o->jobs, "Worker processes (default: all cores)")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  command->add_flag("--resume", o->resume, "Continue the campaign in -o DIR");

  command->callback([o] {
    // Under mpirun or srun every rank runs this callback, through the same
    // runs in the same order (docs/distributed.md).
    SampleDistribution distribution;
    const CampaignSpec spec = readCampaignSpec(o->spec);
    const std::vector<CampaignRun> runs = campaignRuns(spec);
    const std::filesystem::path dir = o->output;
    if (distribution.coordinates()) {
      std::error_code error;
      std::filesystem::create_directories(dir, error);
      if (error)
        throw InputError(fmt::format("{}: cannot create the directory: {}", dir.string(), error.message()));
    }

    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    bool complete = true;
    int stoppedBy = 0;
    {
      const StopSignal stop;
      for (const CampaignRun& run : runs) {
        DesignFlags design;
        design.levels = run.levels->file.string();
        design.tech = run.technology->file.string();
        design.set = run.levels->set;
        design.method = run.levels->method;
        design.columns = spec.columns;
        const std::optional<std::string> data =
            spec.data ? std::optional<std::string>(spec.data->string()) : std::nullopt;
        const std::unique_ptr<McInputs> in =
            loadMcInputs(design, data, spec.tensor, [&run](adc::Technology& t) { run.corner->apply(t.variation); });
        spice::MonteCarloOptions options;
        options.samples = run.samples;
        options.jobs = o->jobs;
        options.seed = spec.seed;
        options.engine = spec.engine;
        options.testColumns = spec.columns;
        options.timeLimit = spec.timeLimit;
        options.directory = dir / run.name;
        // A combination the stopped campaign never reached has no directory yet.
        options.resume = o->resume && std::filesystem::exists(options.directory / "run.json");
        ProgressBar bar(run.name);
        const spice::MonteCarloOutcome outcome = distribution.run(
            in->run, options, [&bar](uint64_t done, uint64_t total) { bar.update(done, total); },
            [&stop] { return stop.requested(); });
        if (distribution.coordinates())
          rows.push_back(tableRow(run, spec.seed, outcome.summary));
        if (!outcome.complete) {
          complete = false;
          break;
        }
      }
      stoppedBy = stop.signal();
    }
    if (!distribution.coordinates()) {
      if (stoppedBy != 0)
        std::exit(128 + stoppedBy);
      return;
    }
    const nlohmann::ordered_json table = {
        {"format", "nladc-campaign-summary"}, {"version", 1}, {"complete", complete}, {"runs", rows}};
    writeFileAtomically(dir / "campaign.json", table.dump(2) + "\n");
    writeFileAtomically(dir / "campaign.csv", csvTable(rows));
    fmt::print("{}", csvTable(rows));
    if (!complete) {
      if (stoppedBy == 0)
        throw WorkError(fmt::format("another rank stopped; continue {} with --resume", dir.string()));
      fmt::print(stderr, "nladc campaign: stopped by signal {}; continue {} with --resume\n", stoppedBy, dir.string());
      std::exit(128 + stoppedBy);
    }
  });
}

} // namespace nladc::cli
