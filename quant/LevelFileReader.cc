#include "quant/LevelFileReader.hh"

#include "util/Error.hh"
#include "util/Text.hh"

#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace nladc::quant {

namespace {

using Json = nlohmann::json;

// Reads fields of one JSON object, each failure naming its path.
class FieldReader {
public:
  FieldReader(const Json& object, std::string where) : object_(object), where_(std::move(where)) {}

  [[noreturn]] void fail(const std::string& field, const std::string& what) const
  {
    throw InputError(where_ + field + ": " + what);
  }

  void rejectUnknown(const std::set<std::string>& known) const
  {
    for (const auto& [key, value] : object_.items())
      if (!known.contains(key))
        fail(printableExcerpt(key), "unknown field");
  }

  const Json& required(const std::string& field) const
  {
    const auto it = object_.find(field);
    if (it == object_.end())
      fail(field, "missing");
    return *it;
  }

  std::string string(const std::string& field) const
  {
    const Json& v = required(field);
    if (!v.is_string())
      fail(field, "must be a string");
    return v.get<std::string>();
  }

  double number(const Json& v, const std::string& field) const
  {
    if (!v.is_number())
      fail(field, "must be a number");
    return v.get<double>();
  }

  int64_t integer(const std::string& field) const
  {
    const Json& v = required(field);
    if (!v.is_number_integer())
      fail(field, "must be an integer");
    return v.get<int64_t>();
  }

  std::vector<double> numbers(const std::string& field) const
  {
    const Json& v = required(field);
    if (!v.is_array())
      fail(field, "must be an array of numbers");
    std::vector<double> result;
    for (size_t i = 0; i < v.size(); ++i)
      result.push_back(number(v[i], fmt::format("{}[{}]", field, i)));
    return result;
  }

  const Json* optionalObject(const std::string& field) const
  {
    const auto it = object_.find(field);
    if (it == object_.end())
      return nullptr;
    if (!it->is_object())
      fail(field, "must be an object");
    return &*it;
  }

  const std::string& where() const { return where_; }

private:
  const Json& object_;
  std::string where_;
};

LevelSet readSet(const Json& object, const std::string& where, bool topLevel)
{
  if (!object.is_object())
    throw InputError(where + "must be an object");
  const FieldReader fields(object, where);
  std::set<std::string> known{"name",       "method", "bits",   "domain", "levels",
                              "thresholds", "params", "source", "metrics"};
  if (topLevel)
    known.insert({"format", "version"});
  fields.rejectUnknown(known);

  LevelSet set;
  set.name = fields.string("name");
  set.method = fields.string("method");
  const int64_t bits = fields.integer("bits");
  if (bits < 1 || bits > 16)
    fields.fail("bits", fmt::format("{} is outside [1, 16]", bits));
  set.bits = static_cast<int>(bits);

  const Json& domain = fields.required("domain");
  if (!domain.is_object())
    fields.fail("domain", "must be an object with lo and hi");
  const FieldReader domainFields(domain, where + "domain.");
  domainFields.rejectUnknown({"lo", "hi"});
  set.domain.lo = domainFields.number(domainFields.required("lo"), "lo");
  set.domain.hi = domainFields.number(domainFields.required("hi"), "hi");

  set.levels = fields.numbers("levels");
  set.thresholds = fields.numbers("thresholds");
  if (const Json* params = fields.optionalObject("params"))
    set.params = *params;
  if (const Json* source = fields.optionalObject("source")) {
    const FieldReader sourceFields(*source, where + "source.");
    sourceFields.rejectUnknown({"file", "tensor", "samples"});
    SampleSource s;
    s.file = sourceFields.string("file");
    s.tensor = sourceFields.string("tensor");
    const int64_t samples = sourceFields.integer("samples");
    if (samples < 0)
      sourceFields.fail("samples", "must not be negative");
    s.samples = static_cast<uint64_t>(samples);
    set.source = s;
  }
  if (const Json* metrics = fields.optionalObject("metrics")) {
    for (const auto& [key, value] : metrics->items())
      if (!value.is_number() && !value.is_null())
        fields.fail("metrics." + printableExcerpt(key), "must be a number or null");
    set.metrics = *metrics;
  }
  validateLevelSet(set, where);
  return set;
}

} // namespace

std::vector<LevelSet> parseLevelFile(std::string_view text, const std::string& fileLabel)
{
  const std::string where = fileLabel + ": ";
  Json doc;
  try {
    doc = Json::parse(text);
  } catch (const Json::exception& e) { // parse_error, or out_of_range for a number past a double's range
    throw InputError(where + "not valid JSON: " + e.what());
  }
  if (!doc.is_object())
    throw InputError(where + "must be a JSON object");
  const FieldReader fields(doc, where);
  if (fields.string("format") != "nladc-levels")
    fields.fail("format", "must be \"nladc-levels\"");
  if (fields.integer("version") != 1)
    fields.fail("version", "only version 1 is known");

  std::vector<LevelSet> sets;
  if (doc.contains("sets")) {
    fields.rejectUnknown({"format", "version", "sets"});
    const Json& list = doc["sets"];
    if (!list.is_array() || list.empty())
      fields.fail("sets", "must be a non-empty array of level sets");
    for (size_t i = 0; i < list.size(); ++i)
      sets.push_back(readSet(list[i], fmt::format("{}sets[{}].", where, i), false));
    std::set<std::pair<std::string, std::string>> seen;
    for (size_t i = 0; i < sets.size(); ++i)
      if (!seen.insert({sets[i].name, sets[i].method}).second)
        fields.fail(fmt::format("sets[{}]", i),
                    fmt::format("a second set named '{}' with method '{}'", sets[i].name, sets[i].method));
  } else {
    sets.push_back(readSet(doc, where, true));
  }
  return sets;
}

std::vector<LevelSet> readLevelFile(const std::filesystem::path& path)
{
  // Thousands of sets take a few MiB; the cap keeps a wrong file out of memory.
  constexpr std::uintmax_t maxLevelFileBytes = std::uintmax_t{64} << 20;
  std::error_code error;
  if (const std::uintmax_t size = std::filesystem::file_size(path, error); !error && size > maxLevelFileBytes)
    throw InputError(fmt::format("{}: {} bytes is more than the {} MiB a level file may hold (docs/limits.md)",
                                 path.string(), size, maxLevelFileBytes >> 20));
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(path.string() + ": cannot open the level file");
  std::ostringstream text;
  text << in.rdbuf();
  return parseLevelFile(text.str(), path.string());
}

} // namespace nladc::quant
