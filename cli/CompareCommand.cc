#include "cli/Commands.hh"
#include "cli/FitFlags.hh"
#include "quant/ExpectedError.hh"

#include <cmath>
#include <fmt/format.h>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

namespace nladc::cli {

namespace {

// One row of the comparison: a method's metrics and its error relative to
// BS-KMQ's (baseline / BS-KMQ: above 1 means BS-KMQ is better), and with a
// threshold sigma its expected effective MSE under that jitter.
struct Row {
  std::string tensor;
  const quant::LevelSet* set;
  std::optional<double> mseRatio;
  std::optional<double> interiorRatio;
  std::optional<double> mseExpected;
};

double metric(const quant::LevelSet& set, const char* name)
{
  const nlohmann::json& v = set.metrics.at(name);
  return v.is_null() ? INFINITY : v.get<double>();
}

// The threshold sigma comes from `fit`; a model's depends on each set's
// domain and level count.
std::vector<Row> rowsOf(const std::vector<quant::FittedTensor>& tensors, const quant::FitOptions& fit)
{
  std::vector<Row> rows;
  for (const quant::FittedTensor& tensor : tensors) {
    std::optional<quant::ExpectedError> expected;
    if (quant::hasThresholdSigma(fit))
      expected.emplace(tensor.evaluationSamples);
    const quant::LevelSet* reference = nullptr;
    for (const quant::LevelSet& set : tensor.sets)
      if (set.method == "bs-kmq")
        reference = &set;
    for (const quant::LevelSet& set : tensor.sets) {
      Row row{tensor.name, &set, std::nullopt, std::nullopt, std::nullopt};
      if (reference) {
        row.mseRatio = metric(set, "mse") / metric(*reference, "mse");
        row.interiorRatio = metric(set, "mse_interior") / metric(*reference, "mse_interior");
      }
      if (expected)
        row.mseExpected = expected->mse(set, quant::thresholdSigmaOf(fit, set.domain, set.levelCount()));
      rows.push_back(row);
    }
  }
  return rows;
}

nlohmann::json number(std::optional<double> v)
{
  return v && std::isfinite(*v) ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

std::string text(std::optional<double> v, const char* format = "{:.4g}")
{
  return v ? fmt::format(fmt::runtime(format), *v) : "-";
}

void printTable(const std::vector<Row>& rows, int bits, bool expected)
{
  std::string tensor;
  for (const Row& row : rows) {
    const quant::LevelSet& s = *row.set;
    if (row.tensor != tensor) {
      tensor = row.tensor;
      fmt::print("{}{} ({} bits, {} samples)\n", tensor == rows.front().tensor ? "" : "\n", tensor, bits,
                 s.metrics.at("samples").get<uint64_t>());
      fmt::print("{:<15} {:>6} {:>11} {:>9} {:>8} {:>12} {:>11} {:>6} {:>10} {:>12}", "method", "levels", "mse", "nmse",
                 "sqnr_db", "mse_interior", "max_abs_err", "used", "mse/bskmq", "inner/bskmq");
      fmt::print("{}\n", expected ? fmt::format(" {:>12}", "mse_expected") : "");
    }
    fmt::print("{:<15} {:>6} {:>11.4e} {:>9.3e} {:>8.2f} {:>12.4e} {:>11.4g} {:>6} {:>10} {:>12}", s.method,
               s.levelCount(), metric(s, "mse"), metric(s, "nmse"), metric(s, "sqnr_db"), metric(s, "mse_interior"),
               metric(s, "max_abs_err"), s.metrics.at("levels_used").get<int>(), text(row.mseRatio, "{:.3f}"),
               text(row.interiorRatio, "{:.3f}"));
    fmt::print("{}\n", expected ? fmt::format(" {:>12}", text(row.mseExpected, "{:.4e}")) : "");
  }
}

void printCsv(const std::vector<Row>& rows, bool expected)
{
  fmt::print("tensor,method,levels,mse,nmse,sqnr_db,mse_interior,max_abs_err,levels_used,mse_ratio,"
             "mse_interior_ratio{}\n",
             expected ? ",mse_expected" : "");
  for (const Row& row : rows) {
    const quant::LevelSet& s = *row.set;
    fmt::print("{},{},{},{:.17g},{:.17g},{:.17g},{:.17g},{:.17g},{},{},{}", row.tensor, s.method, s.levelCount(),
               metric(s, "mse"), metric(s, "nmse"), metric(s, "sqnr_db"), metric(s, "mse_interior"),
               metric(s, "max_abs_err"), s.metrics.at("levels_used").get<int>(), text(row.mseRatio, "{:.17g}"),
               text(row.interiorRatio, "{:.17g}"));
    fmt::print("{}\n", expected ? "," + text(row.mseExpected, "{:.17g}") : "");
  }
}

void printJson(const std::vector<Row>& rows)
{
  nlohmann::ordered_json methods = nlohmann::ordered_json::array();
  for (const Row& row : rows) {
    const quant::LevelSet& s = *row.set;
    nlohmann::ordered_json m;
    m["tensor"] = row.tensor;
    m["method"] = s.method;
    for (const char* key : {"mse", "nmse", "sqnr_db", "mse_interior", "max_abs_err", "levels_used", "samples"})
      m[key] = s.metrics.at(key);
    m["mse_ratio"] = number(row.mseRatio);
    m["mse_interior_ratio"] = number(row.interiorRatio);
    if (row.mseExpected)
      m["mse_expected"] = number(row.mseExpected);
    m["levels"] = s.levels;
    m["thresholds"] = s.thresholds;
    methods.push_back(m);
  }
  std::cout << nlohmann::ordered_json{{"methods", methods}}.dump(2) << "\n";
}

} // namespace

void addCompareCommand(CLI::App& app)
{
  struct Options {
    FitFlags fit;
    std::string methods = "all";
    std::string format = "table";
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand("compare", "Fit every method and compare their quantization error");
  options->fit.addTo(*command);
  options->fit.addThresholdSigmaSourcesTo(*command);
  command->add_option("--methods", options->methods, "Comma-separated methods, or all")->capture_default_str();
  command->add_option("--format", options->format, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  command->callback([options] {
    const FitFlags& fit = options->fit;
    const quant::FitRequest request = fit.request(parseMethodList(options->methods));
    const std::vector<quant::FittedTensor> tensors = fitAll(fit, request);
    const std::vector<Row> rows = rowsOf(tensors, request.fit);
    const bool expected = quant::hasThresholdSigma(request.fit);
    if (options->format == "json")
      printJson(rows);
    else if (options->format == "csv")
      printCsv(rows, expected);
    else
      printTable(rows, fit.bits, expected);
  });
}

} // namespace nladc::cli
