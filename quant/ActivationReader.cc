#include "quant/ActivationReader.hh"

#include "quant/LevelSet.hh"
#include "quant/NpyReader.hh"
#include "quant/NpzReader.hh"
#include "quant/RawFloatReader.hh"
#include "quant/TextReader.hh"
#include "util/Error.hh"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <new>
#include <system_error>
#include <utility>

namespace nladc::quant {

namespace {

enum class Format { Npy, Npz, Text, RawFloat32 };

constexpr std::string_view kSupportedExtensions = ".npy, .npz, .csv, .txt, .f32";

Format formatOf(const std::filesystem::path& path)
{
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  if (extension == ".npy")
    return Format::Npy;
  if (extension == ".npz")
    return Format::Npz;
  if (extension == ".csv" || extension == ".txt")
    return Format::Text;
  if (extension == ".f32")
    return Format::RawFloat32;
  if (extension.empty())
    throw InputError(
        fmt::format("{}: no file extension to tell the format by; supported: {}", path.string(), kSupportedExtensions));
  throw InputError(fmt::format("{}: unknown extension '{}'; supported: {}", path.string(),
                               printableExcerpt(path.extension().string()), kSupportedExtensions));
}

std::uint64_t regularFileSize(const std::filesystem::path& path)
{
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(path, error);
  if (status.type() == std::filesystem::file_type::not_found)
    throw InputError(path.string() + ": no such file");
  if (error)
    throw InputError(fmt::format("{}: cannot access: {}", path.string(), error.message()));
  if (std::filesystem::is_directory(status))
    throw InputError(path.string() + ": is a directory, not a file");
  if (!std::filesystem::is_regular_file(status))
    throw InputError(path.string() + ": is not a regular file");
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (error)
    throw InputError(fmt::format("{}: cannot determine its size: {}", path.string(), error.message()));
  return size;
}

// The one array of a single-array file: named after the file, and the one
// --tensor may select.
std::string singleArrayName(const std::filesystem::path& path, const ReadOptions& options)
{
  const std::string stem = path.stem().string();
  std::string name = levelSetNameFrom(stem);
  if (options.tensor && *options.tensor != name && *options.tensor != stem)
    throw InputError(
        fmt::format("{}: holds the single array '{}', not '{}' (--tensor selects an array of an .npz archive)",
                    path.string(), name, printableExcerpt(*options.tensor)));
  return name;
}

// The checks every reader shares, then `read(format, size)`.
template <typename Read>
auto withCheckedFile(const std::filesystem::path& path, const ReadOptions& options, Read&& read)
{
  const Format format = formatOf(path);
  const std::uint64_t size = regularFileSize(path);
  if (options.column && format != Format::Text)
    throw InputError(path.string() + ": --column applies to text files (.csv, .txt) only");
  return read(format, size);
}

std::ifstream openBinary(const std::filesystem::path& path)
{
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(fmt::format("{}: cannot open: {}", path.string(), std::strerror(errno)));
  return in;
}

std::vector<Tensor> readTensors(const std::filesystem::path& path, const ReadOptions& options)
{
  return withCheckedFile(path, options, [&](Format format, std::uint64_t size) {
    if (format == Format::Npz)
      return readNpz(path, options.tensor);
    const std::string where = path.string();
    Tensor tensor{.name = singleArrayName(path, options), .values = {}};
    std::ifstream in = openBinary(path);
    if (format == Format::Npy)
      tensor.values = readNpy(in, size, where);
    else if (format == Format::Text)
      tensor.values = readText(in, options.column, where);
    else
      tensor.values = readRawFloat32(in, size, where);
    std::vector<Tensor> tensors; // not {std::move(tensor)}: an initializer list would copy the samples
    tensors.push_back(std::move(tensor));
    return tensors;
  });
}

void checkSamples(const std::filesystem::path& path, Tensor& tensor, bool dropNonfinite)
{
  const auto isNonfinite = [](float value) { return !std::isfinite(value); };
  const auto nonfinite =
      static_cast<std::uint64_t>(std::count_if(tensor.values.begin(), tensor.values.end(), isNonfinite));
  requireFinite(path, tensor.name, nonfinite, dropNonfinite);
  if (nonfinite > 0)
    std::erase_if(tensor.values, isNonfinite);
  requireSamples(path, tensor.name, tensor.values.size(), nonfinite > 0);
}

} // namespace

std::vector<Tensor> readActivations(const std::filesystem::path& path, const ReadOptions& options)
{
  try {
    std::vector<Tensor> tensors = readTensors(path, options);
    for (Tensor& tensor : tensors)
      checkSamples(path, tensor, options.dropNonfinite);
    return tensors;
  } catch (const std::bad_alloc&) {
    throw InputError(path.string() + ": not enough memory to hold its samples");
  }
}

void streamActivations(const std::filesystem::path& path, const ReadOptions& options,
                       const std::function<const SampleSink&(const std::string& name)>& sinkFor)
{
  withCheckedFile(path, options, [&](Format format, std::uint64_t size) {
    if (format == Format::Npz)
      return streamNpz(path, options.tensor, sinkFor);
    const std::string where = path.string();
    const SampleSink& sink = sinkFor(singleArrayName(path, options));
    std::ifstream in = openBinary(path);
    if (format == Format::Npy)
      streamNpy(bytesFrom(in, where), size, where, sink);
    else if (format == Format::Text)
      streamText(in, options.column, where, sink);
    else
      streamRawFloat32(in, size, where, sink);
  });
}

bool holdsOneArray(const std::filesystem::path& path)
{
  return formatOf(path) != Format::Npz;
}

void requireFinite(const std::filesystem::path& path, const std::string& tensor, std::uint64_t nonfinite,
                   bool dropNonfinite)
{
  if (nonfinite > 0 && !dropNonfinite)
    throw InputError(
        fmt::format("{}: tensor '{}' has {} non-finite value{} (NaN/Inf); pass --drop-nonfinite to exclude them",
                    path.string(), tensor, nonfinite, nonfinite == 1 ? "" : "s"));
}

void requireSamples(const std::filesystem::path& path, const std::string& tensor, std::uint64_t finite,
                    bool droppedNonfinite)
{
  if (finite == 0)
    throw InputError(
        fmt::format("{}: tensor '{}' holds no {}samples", path.string(), tensor, droppedNonfinite ? "finite " : ""));
}

void requireAcceptedSampleCount(std::uint64_t count, const std::string& where, std::uint64_t limit)
{
  if (count > limit)
    throw InputError(
        fmt::format("{}: {} samples is more than the {} one file may hold (docs/limits.md)", where, count, limit));
}

std::string levelSetNameFrom(std::string_view raw)
{
  std::string name(raw.substr(0, maxNameLength));
  std::replace_if(
      name.begin(), name.end(), [](char c) { return !isNameCharacter(c); }, '_');
  return name.empty() ? "tensor" : name;
}

} // namespace nladc::quant
