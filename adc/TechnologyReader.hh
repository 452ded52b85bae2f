#pragma once

#include "adc/Technology.hh"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace YAML {
class Node;
}

namespace nladc::adc {

// Reads a technology file (YAML, schema in docs/technology.md) with strict
// validation. Every problem is an InputError with one line naming the file
// and the key: "tech.yaml: rram.g_max: expected a conductance (S, mS, uS,
// nS), got '100 V'". Unknown, duplicate and missing keys, wrong units,
// impossible values, unsafe model names and paths, a model file that does
// not exist and YAML syntax errors (with line and column) are all errors.
// The model path is resolved against the technology file's directory.
Technology readTechnology(const std::filesystem::path& path);

// The same from text: `fileLabel` names the file in messages, relative model
// paths resolve against `baseDir`. Technology::file is left empty.
Technology parseTechnology(std::string_view text, const std::string& fileLabel, const std::filesystem::path& baseDir);

// The keys of a technology file's variation section.
const std::vector<std::string_view>& variationKeys();

// The keys a YAML mapping gives of a technology's variation section, with
// the technology file's names, units and checks, read over `variation` (a
// campaign's corner); the others keep their values. `otherKeys` are the
// mapping's own keys, read elsewhere. InputError "LABEL: PATH.key: what".
void readVariationOverrides(const YAML::Node& node, const std::string& label, const std::string& path,
                            const std::vector<std::string_view>& otherKeys, Variation& variation);

} // namespace nladc::adc
