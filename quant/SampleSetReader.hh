#pragma once

#include "quant/ActivationReader.hh"
#include "quant/SampleCounter.hh"
#include "quant/SortedSamples.hh"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace nladc::quant {

// One tensor of a data set, its samples streamed from every file that holds
// it and reduced to weighted distinct values.
struct TensorSamples {
  std::string name;
  SortedSamples samples; // unclamped
  Resolution resolution; // exact unless the memory budget was passed
};

// The files a data set's sources name, in order: each source is a file or a
// glob pattern ('acts/batch*.npy'), which matches at least one file.
std::vector<std::filesystem::path> expandSources(const std::vector<std::string>& sources);

// "a.npy" for one source, "a.npy b.npy" for several: how level files and
// messages name a data set.
std::string sourceLabel(const std::vector<std::string>& sources);

// The fingerprint of every file a data source (a file or a glob) names.
std::string dataFingerprint(const std::string& source);

// Streams every file of the data set (DESIGN.md §10): no file is held in
// memory, whatever its size. An .npz's arrays are tensors by their names,
// and an array of the same name in several archives is one tensor; every
// archive must hold the same arrays. Single-array files (.npy, .f32, text)
// together are one tensor, named after the file, or after the stem the files
// share ('batch' for batch0.npy, batch1.npy). Checks the samples as
// readActivations does; `memoryBudget` bounds each tensor's counters.
std::vector<TensorSamples> readSampleSets(const std::vector<std::string>& sources, const ReadOptions& options,
                                          std::uint64_t memoryBudget);

} // namespace nladc::quant
