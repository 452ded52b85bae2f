#pragma once

#include "spice/ComparatorCharacterization.hh"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

namespace nladc::spice {

// A characterisation as comparator.json ("nladc-comparator", version 1;
// the fields are docs/comparator.md's). Numbers not measured are null.
nlohmann::json comparatorReport(const ComparatorCharacterization& characterization);

// What `nladc design --comparator` and `mc --comparator` take from a comparator.json.
struct CharacterizedComparator {
  std::filesystem::path file;
  std::string technology;
  double inputWidth = 0.0;          // m
  double inputLength = 0.0;         // m
  double offsetSigma = 0.0;         // V, characterised
  double analyticOffsetSigma = 0.0; // V, A_VT/√(W·L) at the same sizes
  double offsetMean = 0.0;          // V, characterised: the offset every comparator shares
};

// Reads it; InputError naming the file and the field when it is not a
// complete comparator.json with positive σ's and sizes and a finite mean.
CharacterizedComparator readComparatorReport(const std::filesystem::path& file);

} // namespace nladc::spice
