#pragma once

#include "flow/Flow.hh"
#include "report/Table.hh"

#include <string>

namespace nladc::flow {

// The tables behind the report's plots, shared by report.html and
// summary.md so the two cannot disagree. Numbers are shown to 4
// significant digits (MSE), 2 decimals (ratios) or as percentages.

// The specification, datasheet style: per designed ADC, each parameter
// with its specification, the result and pass or fail (the bound that
// stopped a design that fails).
report::Table specificationTable(const FlowResult& flow);

// One row a designed ADC: the knobs the design search chose, its area, and
// the cheaper candidate that failed.
report::Table designTable(const TensorResult& tensor);

// One row a design: its area at the technology file's comparator budget
// and at equal yield, each with its ratio to the in-memory NL-ADC's, and
// the iso-yield sizing.
report::Table isoYieldAreaTable(const TensorResult& tensor, double yield);

// One row a tensor: BS-KMQ against the best baseline, ideal and effective
// error, yield, and the area ratios at the fixed budget and at equal yield
// (a dash where a design misses the yield).
report::Table overviewTable(const FlowResult& flow);

// One row a method: its error on the data, relative to BS-KMQ's, and after
// Monte Carlo where it had a run.
report::Table methodsTable(const TensorResult& tensor);

// BS-KMQ's thresholds in the nominal transient: target, realised, INL, DNL.
report::Table nominalTable(const TensorResult& tensor);
// One sentence on the nominal transient: V_0, monotonicity, worst INL and
// DNL, the test columns' codes, the effective MSE.
std::string nominalSentence(const TensorResult& tensor);

// One row a Monte Carlo run: samples, yield, INL, effective error.
report::Table monteCarloTable(const TensorResult& tensor);
// One row a threshold: each run's target, σ and mean error over its local step.
report::Table spreadTable(const TensorResult& tensor);

// One row a design: bits, DAC bits, area per column, ratio to the in-memory
// NL-ADC, and its notes (what sizing it could not do as asked).
report::Table areaTable(const TensorResult& tensor);
// One row a block of every design.
report::Table areaBlocksTable(const TensorResult& tensor);

// How the tables write an MSE: 4 significant digits.
std::string formatMse(double mse);

} // namespace nladc::flow
