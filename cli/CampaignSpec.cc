#include "cli/CampaignSpec.hh"

#include "adc/Quantity.hh"
#include "adc/TechnologyReader.hh"
#include "util/BoundedFile.hh"
#include "util/Error.hh"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <set>
#include <yaml-cpp/yaml.h>

namespace nladc::cli {

namespace {

constexpr std::uintmax_t maxSpecBytes = 1 << 20;

// Reads one mapping of the file; every failure names the file and the key.
class Reader {
public:
  Reader(const std::filesystem::path& file, const YAML::Node& node, std::string path,
         const std::vector<std::string_view>& known)
      : file_(file.string()), node_(node), path_(std::move(path))
  {
    if (!node.IsMap())
      fail("", "expected a mapping of keys");
    std::set<std::string> seen;
    for (auto it = node.begin(); it != node.end(); ++it) {
      const std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string();
      if (!seen.insert(key).second)
        fail(key, "duplicate key");
      if (std::find(known.begin(), known.end(), key) == known.end())
        fail(key, fmt::format("unknown key (known keys: {})", fmt::join(known, ", ")));
    }
  }

  [[noreturn]] void fail(std::string_view key, const std::string& what) const
  {
    const std::string where = path_.empty() ? std::string(key) : key.empty() ? path_ : path_ + "." + std::string(key);
    throw InputError(where.empty() ? fmt::format("{}: {}", file_, what)
                                   : fmt::format("{}: {}: {}", file_, where, what));
  }

  bool has(std::string_view key) const { return node_[std::string(key)].IsDefined(); }
  YAML::Node node(std::string_view key) const { return node_[std::string(key)]; }
  std::string keyPath(std::string_view key) const
  {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }

  std::string text(std::string_view key) const
  {
    const YAML::Node value = node(key);
    if (!value.IsDefined())
      fail(key, "missing key");
    if (!value.IsScalar())
      fail(key, "expected a value");
    return value.Scalar();
  }

  uint64_t count(std::string_view key, const YAML::Node& value, uint64_t max) const
  {
    const std::string written = value.IsScalar() ? value.Scalar() : std::string();
    uint64_t result = 0;
    const auto [end, error] = std::from_chars(written.data(), written.data() + written.size(), result);
    if (written.empty() || error != std::errc() || end != written.data() + written.size() || result < 1 || result > max)
      fail(key, fmt::format("expected a whole number from 1 to {}, got {}", max, adc::quotedForMessage(written)));
    return result;
  }

  // A name that becomes part of a directory name.
  std::string name(std::string_view key) const
  {
    const std::string value = text(key);
    const bool plain = !value.empty() && value.size() <= 64 && std::all_of(value.begin(), value.end(), [](char c) {
      return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
    if (!plain)
      fail(key, fmt::format("{} is not a plain name (letters, digits, '_' or '-', 1 to 64 characters)",
                            adc::quotedForMessage(value)));
    return value;
  }

  // An existing file, relative to the specification's directory.
  std::filesystem::path existingFile(std::string_view key) const
  {
    const std::string written = text(key);
    const std::filesystem::path resolved =
        std::filesystem::absolute(std::filesystem::path(file_).parent_path() / written).lexically_normal();
    std::error_code error;
    if (written.empty() || !std::filesystem::is_regular_file(resolved, error))
      fail(key, fmt::format("file {} not found", adc::quotedForMessage(resolved.string())));
    return resolved;
  }

  std::optional<std::string> optionalText(std::string_view key) const
  {
    return has(key) ? std::optional<std::string>(text(key)) : std::nullopt;
  }

  // The entries of a list, each read as a mapping "key[i]".
  std::vector<Reader> entries(std::string_view key, const std::vector<std::string_view>& known) const
  {
    const YAML::Node list = node(key);
    if (!list.IsDefined())
      fail(key, "missing key");
    if (!list.IsSequence() || list.size() == 0)
      fail(key, "expected a non-empty list");
    std::vector<Reader> result;
    for (size_t i = 0; i < list.size(); ++i)
      result.emplace_back(std::filesystem::path(file_), list[i], fmt::format("{}[{}]", keyPath(key), i), known);
    return result;
  }

  const std::string& file() const { return file_; }
  const std::string& path() const { return path_; }
  const YAML::Node& self() const { return node_; }

private:
  std::string file_;
  YAML::Node node_;
  std::string path_;
};

template <class T> void requireUniqueNames(const Reader& top, std::string_view key, const std::vector<T>& items)
{
  std::set<std::string> names;
  for (size_t i = 0; i < items.size(); ++i)
    if (!names.insert(items[i].name).second)
      top.fail(fmt::format("{}[{}].name", key, i), fmt::format("name '{}' is used twice", items[i].name));
}

YAML::Node parse(const std::filesystem::path& file)
{
  const std::string label = file.string();
  const std::string text = readBoundedFile(file, maxSpecBytes, "campaign file");
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    if (e.mark.is_null())
      throw InputError(fmt::format("{}: invalid YAML: {}", label, e.msg));
    throw InputError(
        fmt::format("{}: line {}, column {}: invalid YAML: {}", label, e.mark.line + 1, e.mark.column + 1, e.msg));
  }
}

} // namespace

CampaignSpec readCampaignSpec(const std::filesystem::path& file)
{
  const YAML::Node root = parse(file);
  if (!root.IsMap())
    throw InputError(file.string() + ": expected a mapping of keys at the top level (a nladc-campaign file)");
  const Reader top(file, root, "",
                   {"format", "version", "seed", "engine", "columns", "time_limit", "data", "tensor", "samples",
                    "levels", "technologies", "corners"});
  if (top.text("format") != "nladc-campaign")
    top.fail("format", fmt::format("expected 'nladc-campaign', got {}", adc::quotedForMessage(top.text("format"))));
  if (top.text("version") != "1")
    top.fail("version", fmt::format("unsupported version {} (this nladc reads version 1)",
                                    adc::quotedForMessage(top.text("version"))));

  CampaignSpec spec;
  spec.file = file;
  if (top.has("seed")) {
    const std::string seed = top.text("seed");
    const auto [end, error] = std::from_chars(seed.data(), seed.data() + seed.size(), spec.seed);
    if (seed.empty() || error != std::errc() || end != seed.data() + seed.size())
      top.fail("seed", fmt::format("expected a whole number, got {}", adc::quotedForMessage(seed)));
  }
  if (top.has("engine")) {
    const std::string engine = top.text("engine");
    if (engine != "spice" && engine != "behavioural")
      top.fail("engine", fmt::format("expected spice or behavioural, got {}", adc::quotedForMessage(engine)));
    spec.engine = engine == "spice" ? spice::Engine::spice : spice::Engine::behavioural;
  }
  if (top.has("columns"))
    spec.columns = static_cast<int>(top.count("columns", top.node("columns"), 4096));
  if (top.has("time_limit"))
    spec.timeLimit = static_cast<double>(top.count("time_limit", top.node("time_limit"), 86400));
  if (top.has("data"))
    spec.data = top.existingFile("data");
  spec.tensor = top.optionalText("tensor");
  if (spec.tensor && !spec.data)
    top.fail("tensor", "only allowed with data");

  const YAML::Node samples = top.node("samples");
  if (!samples.IsDefined())
    top.fail("samples", "missing key");
  if (samples.IsSequence() && samples.size() > 0)
    for (size_t i = 0; i < samples.size(); ++i)
      spec.samples.push_back(top.count(fmt::format("samples[{}]", i), samples[i], 10'000'000));
  else if (samples.IsScalar())
    spec.samples.push_back(top.count("samples", samples, 10'000'000));
  else
    top.fail("samples", "expected a sample count or a non-empty list of them");
  if (std::set<uint64_t>(spec.samples.begin(), spec.samples.end()).size() != spec.samples.size())
    top.fail("samples", "a sample count is listed twice");

  for (const Reader& entry : top.entries("levels", {"name", "file", "set", "method"}))
    spec.levels.push_back(
        {entry.name("name"), entry.existingFile("file"), entry.optionalText("set"), entry.optionalText("method")});
  requireUniqueNames(top, "levels", spec.levels);
  for (const Reader& entry : top.entries("technologies", {"name", "file"}))
    spec.technologies.push_back({entry.name("name"), entry.existingFile("file")});
  requireUniqueNames(top, "technologies", spec.technologies);

  std::vector<std::string_view> cornerKeys = adc::variationKeys();
  cornerKeys.push_back("name");
  for (const Reader& entry : top.entries("corners", cornerKeys)) {
    const std::string label = entry.file();
    const std::string path = entry.path();
    const YAML::Node node = entry.self();
    auto apply = [node, label, path](adc::Variation& v) {
      adc::readVariationOverrides(node, label, path, {"name"}, v);
    };
    adc::Variation check;
    apply(check); // every value is checked now, before any run
    spec.corners.push_back({entry.name("name"), apply});
  }
  requireUniqueNames(top, "corners", spec.corners);
  return spec;
}

std::vector<CampaignRun> campaignRuns(const CampaignSpec& spec)
{
  std::vector<CampaignRun> runs;
  for (const CampaignSpec::Levels& levels : spec.levels)
    for (const CampaignSpec::Technology& technology : spec.technologies)
      for (const CampaignSpec::Corner& corner : spec.corners)
        for (const uint64_t samples : spec.samples)
          runs.push_back({&levels, &technology, &corner, samples,
                          fmt::format("{}.{}.{}.n{}", levels.name, technology.name, corner.name, samples)});
  return runs;
}

} // namespace nladc::cli
