#include "quant/SampleSetReader.hh"

#include "util/Error.hh"
#include "util/Fingerprint.hh"
#include "util/Text.hh"

#include <fmt/format.h>
#include <glob.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <new>
#include <set>
#include <system_error>

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

// The stem single-array files share, without the batch number that tells
// them apart and one separator before it ('batch' for batch0, batch1;
// 'conv1' for conv1_0, conv1_1). Files with nothing in common are an error:
// their tensor would have no name of its own.
std::string sharedStem(const std::vector<std::filesystem::path>& files)
{
  std::string stem = files.front().stem().string();
  for (const std::filesystem::path& file : files) {
    const std::string other = file.stem().string();
    const auto [end, unused] = std::mismatch(stem.begin(), stem.end(), other.begin(), other.end());
    stem.erase(end, stem.end());
  }
  while (!stem.empty() && std::isdigit(static_cast<unsigned char>(stem.back())))
    stem.pop_back();
  if (!stem.empty() && std::string_view("_-.").find(stem.back()) != std::string_view::npos)
    stem.pop_back();
  if (stem.empty())
    throw InputError(fmt::format("{} and {}: single-array files of one data set must share a name ('batch' of "
                                 "batch0.npy, batch1.npy): it names their tensor",
                                 files.front().string(), files.back().string()));
  return stem;
}

// A tensor's counter as the files stream into it.
struct Counting {
  SampleCounter counter;
  SampleSink sink;

  explicit Counting(std::uint64_t budget) : counter(budget), sink([this](std::span<const float> c) { counter.add(c); })
  {
  }
};

} // namespace

std::vector<std::filesystem::path> expandSources(const std::vector<std::string>& sources)
{
  std::vector<std::filesystem::path> files;
  for (const std::string& source : sources) {
    std::error_code ignored;
    if (isPattern(source) && !std::filesystem::exists(source, ignored)) {
      const std::vector<std::filesystem::path> found = matches(source);
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.emplace_back(source);
    }
  }
  if (files.empty())
    throw InputError("no activation file given");
  std::set<std::filesystem::path> seen;
  for (const std::filesystem::path& file : files)
    if (!seen.insert(file.lexically_normal()).second)
      throw InputError(file.string() + ": named twice in one data set");
  return files;
}

std::string dataFingerprint(const std::string& source)
{
  Fingerprint fingerprint;
  for (const std::filesystem::path& file : expandSources({source}))
    fingerprint.addFile(file.string());
  return fingerprint.hex();
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
  if (!singleArrayFiles.empty() && singleArrayFiles.size() != files.size())
    throw InputError(sourceLabel(sources) + ": mixes .npz archives with single-array files; a data set is one kind");
  // Several single-array files are one tensor, which --tensor names as a whole.
  ReadOptions fileOptions = options;
  std::string singleArrayName;
  if (singleArrayFiles.size() > 1) {
    singleArrayName = levelSetNameFrom(sharedStem(singleArrayFiles));
    if (options.tensor && *options.tensor != singleArrayName)
      throw InputError(fmt::format("{}: the files hold the one tensor '{}', not '{}'", sourceLabel(sources),
                                   singleArrayName, printableExcerpt(*options.tensor)));
    fileOptions.tensor.reset();
  }

  std::vector<std::string> order; // tensors in the order the files first hold them
  std::map<std::string, std::unique_ptr<Counting>> tensors;
  std::set<std::string> firstArchive; // the arrays of the first .npz, which every .npz must hold
  bool archiveSeen = false;
  try {
    for (const std::filesystem::path& file : files) {
      std::set<std::string> held;
      std::map<std::string, std::uint64_t> nonfiniteBefore;
      streamActivations(file, fileOptions, [&](const std::string& arrayName) -> const SampleSink& {
        const std::string name = holdsOneArray(file) && !singleArrayName.empty() ? singleArrayName : arrayName;
        auto& counting = tensors[name];
        if (!counting) {
          counting = std::make_unique<Counting>(memoryBudget);
          order.push_back(name);
        }
        held.insert(name);
        nonfiniteBefore.try_emplace(name, counting->counter.nonfiniteCount());
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
    std::vector<TensorSamples> result;
    for (const std::string& name : order) {
      Counting& counting = *tensors[name];
      const std::filesystem::path where =
          files.size() == 1 ? files.front() : std::filesystem::path(sourceLabel(sources));
      requireSamples(where, name, counting.counter.finiteCount(), counting.counter.nonfiniteCount() > 0);
      SortedSamples samples = counting.counter.takeSortedSamples();
      result.push_back({name, std::move(samples), counting.counter.resolution()});
    }
    return result;
  } catch (const std::bad_alloc&) {
    throw InputError(sourceLabel(sources) + ": not enough memory to count its samples");
  }
}

} // namespace nladc::quant
