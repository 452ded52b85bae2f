#include "quant/SampleSetReader.hh"

#include "util/Error.hh"

#include <fmt/format.h>
#include <glob.h>

#include <algorithm>
#include <map>
#include <new>
#include <set>

namespace nladc::quant {

namespace {

bool isPattern(const std::string& source)
{
  return source.find_first_of("*?[") != std::string::npos;
}

std::vector<std::filesystem::path> matches(const std::string& pattern)
{
  glob_t found{};
  const int status = glob(pattern.c_str(), GLOB_ERR, nullptr, &found);
  std::vector<std::filesystem::path> files(found.gl_pathv, found.gl_pathv + found.gl_pathc);
  globfree(&found);
  if (status == GLOB_NOMATCH || (status == 0 && files.empty()))
    throw InputError(pattern + ": no file matches");
  if (status != 0)
    throw InputError(pattern + ": cannot read the directories the pattern names");
  return files; // glob sorts them
}

// The stem single-array files share, without the batch numbers and
// separators that tell them apart ('batch' for batch0, batch1).
std::string sharedStem(const std::vector<std::filesystem::path>& files)
{
  std::string stem = files.front().stem().string();
  for (const std::filesystem::path& file : files) {
    const std::string other = file.stem().string();
    const auto [end, unused] = std::mismatch(stem.begin(), stem.end(), other.begin(), other.end());
    stem.erase(end, stem.end());
  }
  while (!stem.empty() && std::string_view("0123456789_-.").find(stem.back()) != std::string_view::npos)
    stem.pop_back();
  return stem.empty() ? files.front().stem().string() : stem;
}

// A tensor's counter as the files stream into it.
struct Counting {
  SampleCounter counter;
  SampleSink sink;
  std::filesystem::path lastFile; // where its messages point

  explicit Counting(std::uint64_t budget) : counter(budget), sink([this](std::span<const float> c) { counter.add(c); })
  {
  }
};

} // namespace

std::vector<std::filesystem::path> expandSources(const std::vector<std::string>& sources)
{
  std::vector<std::filesystem::path> files;
  for (const std::string& source : sources) {
    if (isPattern(source) && !std::filesystem::exists(source)) {
      const std::vector<std::filesystem::path> found = matches(source);
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.emplace_back(source);
    }
  }
  if (files.empty())
    throw InputError("no activation file given");
  return files;
}

std::string sourceLabel(const std::vector<std::string>& sources)
{
  return fmt::format("{}", fmt::join(sources, " "));
}

std::vector<TensorSamples> readSampleSets(const std::vector<std::string>& sources, const ReadOptions& options,
                                          std::uint64_t memoryBudget)
{
  const std::vector<std::filesystem::path> files = expandSources(sources);
  std::vector<std::filesystem::path> singleArrayFiles;
  std::copy_if(files.begin(), files.end(), std::back_inserter(singleArrayFiles), holdsOneArray);
  const std::string singleArrayName =
      singleArrayFiles.size() > 1 ? levelSetNameFrom(sharedStem(singleArrayFiles)) : std::string();

  std::vector<std::string> order; // tensors in the order the files first hold them
  std::map<std::string, std::unique_ptr<Counting>> tensors;
  std::set<std::string> firstArchive; // the arrays of the first .npz, which every .npz must hold
  bool archiveSeen = false;
  try {
    for (const std::filesystem::path& file : files) {
      std::set<std::string> held;
      std::map<std::string, std::uint64_t> nonfiniteBefore;
      streamActivations(file, options, [&](const std::string& arrayName) -> const SampleSink& {
        const std::string name = holdsOneArray(file) && !singleArrayName.empty() ? singleArrayName : arrayName;
        auto& counting = tensors[name];
        if (!counting) {
          counting = std::make_unique<Counting>(memoryBudget);
          order.push_back(name);
        }
        held.insert(name);
        counting->lastFile = file;
        nonfiniteBefore[name] = counting->counter.nonfiniteCount();
        return counting->sink;
      });
      for (const auto& [name, before] : nonfiniteBefore)
        requireFinite(file, name, tensors[name]->counter.nonfiniteCount() - before, options.dropNonfinite);
      if (holdsOneArray(file) || options.tensor)
        continue;
      if (!archiveSeen) {
        firstArchive = held;
        archiveSeen = true;
      } else if (held != firstArchive) {
        throw InputError(fmt::format("{}: holds other arrays than the first archive of the data set; every archive "
                                     "must hold the same arrays",
                                     file.string()));
      }
    }
  } catch (const std::bad_alloc&) {
    throw InputError(sourceLabel(sources) + ": not enough memory to count its samples");
  }

  std::vector<TensorSamples> result;
  for (const std::string& name : order) {
    Counting& counting = *tensors[name];
    requireSamples(counting.lastFile, name, counting.counter.finiteCount(), counting.counter.nonfiniteCount() > 0);
    SortedSamples samples = counting.counter.takeSortedSamples();
    result.push_back({name, std::move(samples), counting.counter.resolution()});
  }
  return result;
}

} // namespace nladc::quant
