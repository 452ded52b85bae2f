#pragma once

#include "quant/ActivationReader.hh"
#include "quant/SampleSink.hh"

#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace nladc::quant {

// The samples of a text file (.csv, .txt): one number per line, or the
// 1-based `column` of lines whose fields are separated by tabs, semicolons or
// commas (the first of these a line contains), else by spaces. Blank lines
// and lines starting with '#' are skipped, and so is a first line that is not
// a number in the chosen column (a header). "nan" and "inf" read as
// non-finite values. Throws InputError naming `where` and the line, also at
// the line that holds sample number `maxSamples` + 1 (maxSamplesPerFile; tests
// lower it).
std::vector<float> readText(std::istream& in, std::optional<int> column, const std::string& where,
                            std::uint64_t maxSamples = maxSamplesPerFile);

// The same samples delivered to `sink` in chunks, with no limit on their count.
void streamText(std::istream& in, std::optional<int> column, const std::string& where, const SampleSink& sink);

} // namespace nladc::quant
