#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace nladc::adc {

// What nladc reads back of a comparator.json, the characterisation
// `nladc characterize comparator` writes (spice/ComparatorReport; the
// fields are docs/comparator.md's). `design --comparator`, `mc
// --comparator` and `area --comparator` all read it here. A number the
// characterisation could not measure is null in the file and empty here;
// the accessors refuse it by name.
struct CharacterizedComparator {
  std::filesystem::path file;
  std::string technology;
  double inputWidth = 0.0;                 // m
  double inputLength = 0.0;                // m
  double analyticOffsetSigma = 0.0;        // V, A_VT/√(W·L) at the same sizes
  std::optional<double> offsetSigma;       // V, characterised
  std::optional<double> offsetMean;        // V, characterised: the offset every comparator shares
  std::optional<double> energyPerDecision; // J, with nominal devices

  // The value, or InputError "FILE: FIELD: not measured (null)".
  double sigma() const;
  double mean() const;
  double energy() const;
};

// InputError naming the file and the field when it is not a complete
// comparator.json ("nladc-comparator", version 1) with positive sizes and
// analytic σ, and, where measured, a positive σ and energy and a finite mean.
CharacterizedComparator readComparatorReport(const std::filesystem::path& file);
// The same on the file's text (the fuzz target's entry).
CharacterizedComparator parseComparatorReport(std::string_view text, const std::filesystem::path& file);

} // namespace nladc::adc
