#include "quant/LevelFileWriter.hh"

#include "util/AtomicFile.hh"

#include <nlohmann/json.hpp>

namespace nladc::quant {

namespace {

nlohmann::ordered_json setJson(const LevelSet& set)
{
  nlohmann::ordered_json j;
  j["name"] = set.name;
  j["method"] = set.method;
  j["bits"] = set.bits;
  j["domain"] = {{"lo", set.domain.lo}, {"hi", set.domain.hi}};
  j["levels"] = set.levels;
  j["thresholds"] = set.thresholds;
  j["params"] = set.params;
  if (set.source)
    j["source"] = {{"file", set.source->file}, {"tensor", set.source->tensor}, {"samples", set.source->samples}};
  j["metrics"] = set.metrics;
  return j;
}

} // namespace

std::string formatLevelFile(const std::vector<LevelSet>& sets)
{
  for (const LevelSet& set : sets)
    validateLevelSet(set, "level set '" + set.name + "' (" + set.method + "): ");
  nlohmann::ordered_json doc;
  doc["format"] = "nladc-levels";
  doc["version"] = 1;
  if (sets.size() == 1) {
    doc.update(setJson(sets.front()));
  } else {
    doc["sets"] = nlohmann::ordered_json::array();
    for (const LevelSet& set : sets)
      doc["sets"].push_back(setJson(set));
  }
  return doc.dump(2) + "\n";
}

void writeLevelFile(const std::filesystem::path& path, const std::vector<LevelSet>& sets)
{
  writeFileAtomically(path, formatLevelFile(sets));
}

} // namespace nladc::quant
