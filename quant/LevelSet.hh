#pragma once

#include "quant/Domain.hh"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nladc::quant {

// Where a level set's samples came from.
struct SampleSource {
  std::string file;
  std::string tensor;
  uint64_t samples = 0;
};

// K levels c_1 < … < c_K and K−1 decision thresholds t_k with
// c_k < t_k < c_{k+1}: q(x) = c_k for t_{k−1} ≤ x < t_k (DESIGN.md §3).
struct LevelSet {
  std::string name;
  std::string method;
  int bits = 0;
  Domain domain;
  std::vector<double> levels;
  std::vector<double> thresholds;
  nlohmann::json params = nlohmann::json::object();
  std::optional<SampleSource> source;
  nlohmann::json metrics = nlohmann::json::object();

  size_t levelCount() const { return levels.size(); }
  // The code k (0-based) of x: the number of thresholds at or below x.
  size_t codeOf(double x) const;
  double quantize(double x) const { return levels[codeOf(x)]; }
};

// Thresholds of the nearest-level rule: the midpoints of adjacent levels.
std::vector<double> midpoints(const std::vector<double>& levels);

// The bits an ADC needs for K levels: ceil(log2 K).
int bitsFor(size_t levelCount);

// A level-set name: 1 to 64 characters of [A-Za-z0-9_.:-]. Names reach
// SPICE decks, so nothing else is let through.
constexpr size_t maxNameLength = 64;
bool isNameCharacter(char c);
bool isValidName(std::string_view name);

// Checks the rules of DESIGN.md §3 (K >= 2; finite, strictly increasing
// levels inside the domain; K−1 thresholds strictly between their
// neighbours; bits = ceil(log2 K); a valid name and method). Throws
// InputError "<where>FIELD[INDEX]: what is wrong".
void validateLevelSet(const LevelSet& set, const std::string& where);

} // namespace nladc::quant
