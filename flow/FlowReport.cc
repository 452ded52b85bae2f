#include "flow/FlowReport.hh"

#include "flow/FlowPlots.hh"
#include "flow/FlowTables.hh"
#include "report/HtmlReport.hh"
#include "report/SummaryMarkdown.hh"
#include "util/AtomicFile.hh"

#include <fmt/format.h>

namespace nladc::flow {

namespace {

std::string title(const FlowResult& flow)
{
  return fmt::format("nladc flow: {}, {} bits, {}", flow.settings.activations.filename().string(),
                     flow.settings.fit.fit.bits, flow.technology);
}

// What was run, in one paragraph.
std::string runDescription(const FlowResult& flow)
{
  const FlowSettings& s = flow.settings;
  return fmt::format(
      "Activations {} ({} tensor{}{}); technology {} ({}). Every method fitted at {} bits; the in-memory "
      "reference-column NL-ADCs of BS-KMQ and of the best baseline designed to a yield of {} over {} columns "
      "(nladc design: an analytic sizing, {} behavioural Monte Carlo samples per candidate, {} SPICE samples, seed "
      "{}, to confirm); BS-KMQ's deck checked by the electrical rules and simulated in ngspice with {} test columns; "
      "area compared at {} columns, at the technology file's comparator budget and at equal yield.",
      s.activations.string(), flow.tensors.size(), flow.tensors.size() == 1 ? "" : "s",
      s.heldOut ? ", metrics on the held-out " + s.heldOut->string() : "", flow.technology, s.technology.string(),
      s.fit.fit.bits, s.specification.yield, s.specification.columns, s.exploreSamples, s.samples, s.seed,
      s.testColumns, s.specification.columns);
}

std::vector<report::HtmlReport::Link> artefactLinks(const TensorResult& t, const ArtefactLayout& layout)
{
  std::vector<report::HtmlReport::Link> links{
      {"deck", layout.relative(layout.deck(t.name))},
      {"transient", layout.relative(layout.simulation(t.name))},
      {"ramp waveform", layout.relative(layout.rampWaveform(t.name))},
      {"area", layout.relative(layout.area(t.name))},
  };
  for (const DesignedAdc& d : t.designs)
    links.push_back({"design of " + d.method, layout.relative(layout.design(t.name, d.method) / "design.json")});
  for (const MonteCarloRun& run : t.monteCarlo)
    links.push_back(
        {"Monte Carlo of " + run.method, layout.relative(layout.monteCarlo(t.name, run.method) / "summary.json")});
  return links;
}

std::string failureSentence(const MonteCarloRun& run)
{
  std::string sentence;
  for (const nlohmann::json& f : run.summary.at("failures"))
    sentence += fmt::format("{}{} failed sample{} of {}: {} (first: sample {}).", sentence.empty() ? "" : " ",
                            f.at("count").get<uint64_t>(), f.at("count").get<uint64_t>() == 1 ? "" : "s", run.method,
                            f.at("reason").get<std::string>(), f.at("first_index").get<uint64_t>());
  return sentence;
}

} // namespace

void writeFlowReport(const FlowResult& flow, const ArtefactLayout& layout)
{
  report::HtmlReport html(title(flow));
  report::SummaryMarkdown summary(title(flow));
  html.paragraph(runDescription(flow));
  summary.paragraph(runDescription(flow));
  html.links("Files:", {{"level sets", layout.relative(layout.levels())},
                        {"summary", layout.relative(layout.summary())},
                        {"settings", layout.relative(layout.settings())}});
  html.heading(2, "Specification");
  html.table(specificationTable(flow));
  summary.table(specificationTable(flow));
  html.heading(2, "Overview");
  html.table(overviewTable(flow));
  summary.table(overviewTable(flow));

  for (const TensorResult& t : flow.tensors) {
    std::vector<FlowPlot> plots = tensorPlots(t);
    for (const FlowPlot& plot : plots)
      writeFileAtomically(layout.plot(t.name, plot.kind), plot.svg);
    auto figure = [&](const char* kind) {
      for (const FlowPlot& plot : plots)
        if (plot.kind == kind)
          html.figure(plot.svg, plot.caption);
    };

    html.heading(2, "Tensor " + t.name, "tensor-" + t.name);
    html.links("Files:", artefactLinks(t, layout));
    summary.heading(2, t.name);
    for (const std::string& note : t.notes) {
      html.paragraph("Note: " + note);
      summary.paragraph("Note: " + note);
    }

    html.heading(3, "Levels");
    figure("distribution");
    html.table(methodsTable(t));
    summary.table(methodsTable(t));
    figure("error");

    html.heading(3, "Design to the specification");
    html.table(designTable(t));
    summary.table(designTable(t));
    for (const DesignedAdc& d : t.designs)
      if (!d.outcome.refit.empty()) {
        html.paragraph(fmt::format("The levels of {}: {}.", d.method, d.outcome.refit));
        summary.paragraph(fmt::format("The levels of {}: {}.", d.method, d.outcome.refit));
      }

    html.heading(3, "Nominal transient");
    html.paragraph(nominalSentence(t));
    summary.paragraph(nominalSentence(t));
    figure("ramp");
    html.table(nominalTable(t));

    html.heading(3, "Monte Carlo");
    html.table(monteCarloTable(t));
    summary.table(monteCarloTable(t));
    for (const MonteCarloRun& run : t.monteCarlo)
      if (const std::string failures = failureSentence(run); !failures.empty()) {
        html.paragraph(failures);
        summary.paragraph(failures);
      }
    figure("spread");
    html.table(spreadTable(t));

    html.heading(3, "Area");
    figure("area");
    html.table(isoYieldAreaTable(t, flow.settings.specification.yield));
    summary.table(isoYieldAreaTable(t, flow.settings.specification.yield));
    html.table(areaTable(t));
    html.table(areaBlocksTable(t));
    figure("energy");
  }
  summary.paragraph(fmt::format("The report with every plot and table: {}; the plots as SVG files: plots/.",
                                layout.relative(layout.report())));

  writeFileAtomically(layout.report(), html.html());
  writeFileAtomically(layout.summary(), summary.markdown());
}

} // namespace nladc::flow
