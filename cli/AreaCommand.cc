#include "adc/ColumnParameters.hh"
#include "cli/Commands.hh"
#include "cli/DesignInputs.hh"
#include "layout_est/AreaComparison.hh"
#include "layout_est/AreaJson.hh"
#include "layout_est/ComparatorEnergy.hh"
#include "layout_est/IsoYield.hh"
#include "layout_est/MatchedLinearBits.hh"
#include "quant/Method.hh"
#include "util/Error.hh"

#include <cmath>
#include <fmt/format.h>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

namespace nladc::cli {

namespace {

constexpr double um2 = 1e-12;
constexpr double femtojoule = 1e-15;

// A design's energy per conversion in pJ for the tables, "-" without one.
std::string picojoules(const layout_est::DesignArea& d)
{
  return d.energy ? fmt::format("{:.4f}", d.energy->perConversion() / 1e-12) : "-";
}
const std::vector<int> sweepColumnCounts{16, 32, 64, 128, 256, 512, 1024};
constexpr int sweepMinBits = 2;
constexpr int sweepMaxBits = 6;

int linearBits(const quant::LevelSet& set, const std::optional<quant::SortedSamples>& samples)
{
  return samples ? layout_est::linearBitsMatchingMse(set, *samples) : layout_est::linearBitsFromMetrics(set);
}

// One point of a sweep: the ratios of every baseline at (bits, columns),
// and with --yield every design sized to it.
struct SweepPoint {
  int bits = 0;
  int columns = 0;
  layout_est::AreaComparison comparison;
  std::vector<layout_est::IsoYieldDesign> isoYield;
};

struct Report {
  quant::LevelSet set;
  adc::Technology technology;
  netlist::StepRule rule = netlist::StepRule::smallest;
  int linearBits = 0;
  std::optional<double> yield;             // --yield
  layout_est::ComparatorEnergy comparator; // analytic, or --comparator's characterisation
  SweepPoint point;                        // the design point
  std::vector<SweepPoint> columnSweep;
  std::vector<SweepPoint> bitsSweep; // empty without --data
};

// The comparison at (set, columns), and with --yield every design sized to it.
SweepPoint comparePoint(const Report& r, const adc::ReferenceColumnDesign& design, int columns, int linearBits)
{
  const quant::LevelSet& set = design.levels;
  SweepPoint p{
      set.bits, columns, layout_est::compareAreas(design, r.technology, columns, linearBits, r.rule, r.comparator), {}};
  if (r.yield)
    p.isoYield = layout_est::sizeAllToYield(set, r.technology, columns, linearBits, *r.yield, r.rule, r.comparator);
  return p;
}

// The level file's method refitted at other bit counts on the same data and
// domain, with the options it was fitted with: the bits sweep.
std::vector<SweepPoint> sweepBits(const Report& r, const quant::SortedSamples& samples, const adc::Technology& t,
                                  int columns)
{
  const quant::Method method = quant::parseMethod(r.set.method);
  const quant::SortedSamples sorted = samples.clampedTo(r.set.domain);
  std::vector<SweepPoint> points;
  for (int bits = sweepMinBits; bits <= sweepMaxBits; ++bits) {
    quant::FitOptions options = quant::fitOptionsOf(r.set);
    options.bits = bits;
    quant::LevelSet set = quant::fitLevelSet(method, sorted, r.set.domain, options);
    set.name = r.set.name;
    const adc::ReferenceColumnDesign design = adc::designReferenceColumn(set, adc::columnParameters(t));
    points.push_back(comparePoint(r, design, columns, layout_est::linearBitsMatchingMse(set, samples)));
  }
  return points;
}

nlohmann::ordered_json sweepJson(const char* first, int firstValue, const char* second, int secondValue,
                                 const SweepPoint& p)
{
  nlohmann::ordered_json point{
      {first, firstValue}, {second, secondValue}, {"ratios", layout_est::areaRatiosJson(p.comparison)}};
  if (p.comparison.inMemory().energy)
    point["energy_per_conversion_J"] = layout_est::energiesJson(p.comparison);
  if (!p.isoYield.empty()) {
    point["iso_yield_ratios"] = layout_est::isoYieldRatiosJson(p.isoYield);
    if (p.isoYield.front().area.energy)
      point["iso_yield_energy_per_conversion_J"] = layout_est::isoYieldEnergiesJson(p.isoYield);
    nlohmann::ordered_json met = nlohmann::ordered_json::object();
    for (const layout_est::IsoYieldDesign& d : p.isoYield)
      met[d.name] = d.met;
    point["iso_yield_met"] = met;
  }
  return point;
}

void printJson(const Report& r)
{
  nlohmann::ordered_json out = layout_est::areaJson(r.set, r.technology.name, r.rule, r.linearBits, r.point.comparison);
  if (r.yield)
    layout_est::addIsoYieldJson(out, r.technology, *r.yield, r.point.isoYield);
  if (!r.columnSweep.empty()) {
    nlohmann::ordered_json sweep{{"columns", nlohmann::ordered_json::array()},
                                 {"bits", nlohmann::ordered_json::array()}};
    for (const SweepPoint& p : r.columnSweep)
      sweep["columns"].push_back(sweepJson("columns", p.columns, "bits", p.bits, p));
    for (const SweepPoint& p : r.bitsSweep)
      sweep["bits"].push_back(sweepJson("bits", p.bits, "columns", p.columns, p));
    out["sweep"] = sweep;
  }
  std::cout << out.dump(2) << "\n";
}

void printCsv(const Report& r)
{
  // set_bits: the level set's bits at this point; design_bits: the design's
  // own (the MSE-matched SAR's differ). With --yield, each total row also
  // has the design's iso-yield area and ratio.
  // With energies, each total row also has the energy per conversion (and
  // at equal yield the sized design's).
  const bool energy = r.technology.energy.has_value();
  const std::string energyColumn = energy ? ",energy_per_conversion_J" : "";
  const std::string isoColumns = r.yield ? fmt::format(",iso_yield_per_column_um2,iso_yield_ratio,iso_yield_met{}",
                                                       energy ? ",iso_yield_energy_per_conversion_J" : "")
                                         : "";
  const std::string noExtra = std::string(energy ? 1 : 0, ',') + std::string(r.yield ? (energy ? 4 : 3) : 0, ',');
  fmt::print("set_bits,columns,design,design_bits,block,shared_by,block_um2,per_column_um2,ratio{}{}\n", energyColumn,
             isoColumns);
  const auto energyCell = [](const layout_est::DesignArea& d) {
    return d.energy ? fmt::format(",{:.6g}", d.energy->perConversion()) : std::string();
  };
  auto totals = [&](const SweepPoint& p) {
    for (size_t i = 0; i < p.comparison.designs.size(); ++i) {
      const layout_est::DesignArea& d = p.comparison.designs[i];
      fmt::print("{},{},{},{},total,,,{:.6g},{:.6g}{}", p.bits, p.columns, d.name, d.bits, d.perColumn() / um2,
                 p.comparison.ratio(d), energyCell(d));
      if (!p.isoYield.empty()) {
        const layout_est::IsoYieldDesign& iso = p.isoYield[i];
        fmt::print(",{:.6g},{:.6g},{}{}", iso.area.perColumn() / um2, layout_est::isoYieldRatio(p.isoYield, iso),
                   iso.met, energyCell(iso.area));
      }
      fmt::print("\n");
    }
  };
  const layout_est::AreaComparison& c = r.point.comparison;
  for (const layout_est::DesignArea& d : c.designs)
    for (const layout_est::BlockArea& b : d.blocks)
      fmt::print("{},{},{},{},{},{},{:.6g},{:.6g},{}\n", r.set.bits, c.columns, d.name, d.bits, b.name, b.sharedBy,
                 b.area / um2, b.perColumn() / um2, noExtra);
  totals(r.point);
  for (const SweepPoint& p : r.columnSweep)
    totals(p);
  for (const SweepPoint& p : r.bitsSweep)
    totals(p);
}

// A sweep's ratios, fixed-budget (`isoYield` false) or at equal yield,
// where '*' marks a design that missed the yield within its bounds.
void printSweepTable(const char* title, const std::vector<SweepPoint>& points, bool isoYield)
{
  fmt::print("\n{}\n{:>5} {:>7}", title, "bits", "columns");
  for (size_t i = 1; i < points.front().comparison.designs.size(); ++i)
    fmt::print(" {:>16}", points.front().comparison.designs[i].name);
  fmt::print("\n");
  for (const SweepPoint& p : points) {
    fmt::print("{:>5} {:>7}", p.bits, p.columns);
    for (size_t i = 1; i < p.comparison.designs.size(); ++i)
      if (isoYield)
        fmt::print(" {:>14.2f}x{}", layout_est::isoYieldRatio(p.isoYield, p.isoYield[i]),
                   p.isoYield[0].met && p.isoYield[i].met ? " " : "*");
      else
        fmt::print(" {:>15.2f}x", p.comparison.ratio(p.comparison.designs[i]));
    fmt::print("\n");
  }
}

// Every design at equal yield: its area and ratio next to the fixed-budget
// ratio, the knobs it was sized with, and the bound that stopped it.
void printIsoYieldTable(const Report& r)
{
  const SweepPoint& p = r.point;
  fmt::print("\nat equal yield: {} over {} columns (every |INL| < 0.5 local step)\n", *r.yield, p.columns);
  fmt::print("{:<18} {:>12} {:>8} {:>8} {:>12} {:>6} {:>9} {:>9} {:>9} {:>7} {:>10} {}\n", "design", "um2/column",
             "ratio", "fixed", "pJ/conv", "V_FS", "auto-zero", "sigma_mV", "pair_um2", "C_u_fF", "yield", "limit");
  for (size_t i = 0; i < p.isoYield.size(); ++i) {
    const layout_est::IsoYieldDesign& d = p.isoYield[i];
    const double pairArea = r.technology.comparatorGateArea(d.sizing.comparatorOffsetSigma);
    fmt::print("{:<18} {:>12.2f} {:>7.2f}x {:>7.2f}x {:>12} {:>6.3f} {:>9} {:>9.3f} {:>9.3f} {:>7} {:>10.6f} {}\n",
               d.name, d.area.perColumn() / um2, layout_est::isoYieldRatio(p.isoYield, d),
               p.comparison.ratio(p.comparison.designs[i]), picojoules(d.area), d.sizing.fullScale,
               d.sizing.autoZero ? "yes" : "no", d.sizing.comparatorOffsetSigma * 1e3, pairArea / um2,
               d.sizing.unitCapacitance > 0.0 ? fmt::format("{:.3f}", d.sizing.unitCapacitance * 1e15) : "-", d.yield,
               d.met ? "met" : "not met: " + d.limit);
  }
}

void printTable(const Report& r)
{
  const layout_est::AreaComparison& c = r.point.comparison;
  fmt::print("{} ({}, {} bits) on {}, {} columns, step rule {}; the MSE-matched linear SAR needs {} bits\n", r.set.name,
             r.set.method, r.set.bits, r.technology.name, c.columns, netlist::stepRuleName(r.rule), r.linearBits);
  fmt::print("{:<18} {:>4} {:>8} {:>14} {:>8} {:>12} {:>8}\n", "design", "bits", "dac_bits", "um2/column", "ratio",
             "pJ/conv", "energy");
  for (const layout_est::DesignArea& d : c.designs)
    fmt::print("{:<18} {:>4} {:>8} {:>14.2f} {:>7.2f}x {:>12} {:>8}\n", d.name, d.bits,
               d.dacBits ? std::to_string(d.dacBits) : "-", d.perColumn() / um2, c.ratio(d), picojoules(d),
               d.energy ? fmt::format("{:.2f}x", d.energy->perConversion() / c.inMemory().energy->perConversion())
                        : "-");
  if (c.inMemory().energy)
    fmt::print("comparator energy: {}\n", c.inMemory().energy->comparatorSource);
  else
    fmt::print("(no energy estimate: the technology has no energy section)\n");
  for (const layout_est::DesignArea& d : c.designs)
    for (const std::string& note : d.notes)
      fmt::print("note: {}: {}\n", d.name, note);
  for (const layout_est::DesignArea& d : c.designs) {
    fmt::print("\n{}\n{:<20} {:>9} {:>12} {:>12}\n", d.name, "block", "shared_by", "block_um2", "um2/column");
    for (const layout_est::BlockArea& b : d.blocks)
      fmt::print("{:<20} {:>9} {:>12.2f} {:>12.3f}\n", b.name, b.sharedBy, b.area / um2, b.perColumn() / um2);
    if (d.energy) {
      fmt::print("{:<20} {:>9} {:>12} {:>12}\n", "energy block", "shared_by", "block_fJ", "fJ/column");
      for (const layout_est::BlockEnergy& b : d.energy->blocks)
        fmt::print("{:<20} {:>9} {:>12.3f} {:>12.3f}\n", b.name, b.sharedBy, b.energy / femtojoule,
                   b.perColumn() / femtojoule);
    }
  }
  if (r.yield)
    printIsoYieldTable(r);
  if (!r.columnSweep.empty())
    printSweepTable("area ratio (baseline / in-memory) against the column count", r.columnSweep, false);
  if (r.yield && !r.columnSweep.empty())
    printSweepTable("area ratio at equal yield against the column count", r.columnSweep, true);
  if (!r.bitsSweep.empty())
    printSweepTable("area ratio (baseline / in-memory) against the bits", r.bitsSweep, false);
  if (r.yield && !r.bitsSweep.empty())
    printSweepTable("area ratio at equal yield against the bits", r.bitsSweep, true);
  if (r.bitsSweep.empty() && !r.columnSweep.empty())
    if (!r.columnSweep.empty())
      fmt::print("\n(the bits sweep refits the level set and needs the activations: --data)\n");
}

} // namespace

void addAreaCommand(CLI::App& app)
{
  struct Options {
    DesignFlags design;
    int columns = 128;
    std::string format = "table";
    bool sweep = false;
    std::string stepRule = "smallest";
    std::optional<std::string> data;
    std::optional<std::string> tensor;
    std::optional<double> yield;
    std::optional<std::string> comparator;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand(
      "area", "Per-column area of the in-memory NL-ADC against the NL-SAR, NL-flash and SAR baselines");
  command->add_option("LEVELS", options->design.levels, "Level file (or --design)");
  command->add_option("--tech", options->design.tech, "Technology file (YAML; or --design)");
  command->add_option("--design", options->design.design,
                      "A design.json of nladc design, in place of LEVELS, --tech, --set and --method");
  command->add_option("--set", options->design.set, "The level set's name, when the file holds several");
  command->add_option("--method", options->design.method, "The level set's method, when the file holds several");
  command->add_option("--columns", options->columns, "Columns sharing the in-memory design's ramp (N_col)")
      ->check(CLI::Range(1, 1 << 20))
      ->capture_default_str();
  command->add_option("--format", options->format, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  command
      ->add_option("--step-rule", options->stepRule,
                   "What the smallest step reads as, for the NL-SAR's DAC and the hold capacitor: smallest, interior "
                   "or local (docs/area.md)")
      ->check(CLI::IsMember({"smallest", "interior", "local"}))
      ->capture_default_str();
  command->add_flag("--sweep", options->sweep, "Add the ratios for N_col 16–1024 and (with --data) bits 2–6");
  CLI::Option* data =
      command->add_option("--data", options->data,
                          "Activations: the MSE-matched SAR's bits from the data (else from the level file's metrics)");
  command->add_option("--tensor", options->tensor, "The tensor of --data, when it holds several")->needs(data);
  command->add_option("--yield", options->yield,
                      "Also size every design to this yield over the columns, in (0, 1), and compare at equal yield");
  command->add_option("--comparator", options->comparator,
                      "A comparator.json of nladc characterize comparator: its energy per decision in place of the "
                      "analytic one (its technology must be --tech's)");
  command->callback([options] {
    const DesignInputs in = loadDesign(options->design);
    std::optional<quant::SortedSamples> samples;
    if (options->data)
      samples = readSamplesFor(*options->data, options->tensor, in.set);
    if (options->yield && !(*options->yield > 0.0 && *options->yield < 1.0))
      throw InputError(fmt::format("--yield must be above 0 and below 1, got {}", *options->yield));
    const netlist::StepRule rule = netlist::parseStepRule(options->stepRule);
    Report r{in.set, in.technology, rule, linearBits(in.set, samples), options->yield, {}, {}, {}, {}};
    if (options->comparator) {
      if (!in.technology.energy)
        throw InputError(fmt::format("--comparator: {}: the technology has no energy section to estimate energy with",
                                     in.technology.file.string()));
      r.comparator = layout_est::readComparatorEnergy(*options->comparator, in.technology);
    }
    r.point = comparePoint(r, in.design, options->columns, r.linearBits);
    if (options->sweep) {
      for (const int columns : sweepColumnCounts)
        r.columnSweep.push_back(comparePoint(r, in.design, columns, r.linearBits));
      if (samples)
        r.bitsSweep = sweepBits(r, *samples, in.technology, options->columns);
    }
    if (options->format == "json")
      printJson(r);
    else if (options->format == "csv")
      printCsv(r);
    else
      printTable(r);
  });
}

} // namespace nladc::cli
