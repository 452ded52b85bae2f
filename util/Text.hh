#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nladc {

// `text` without leading and trailing blanks (space, tab, carriage return).
std::string_view trimmed(std::string_view text);

// Text taken from an input file (a field, a name) or a simulator's message,
// cut to `maxShown` characters and with control characters replaced, so it
// can be quoted in a one-line message.
std::string printableExcerpt(std::string_view text, std::size_t maxShown = 40);

// The lines of `text`, without their newlines (a SPICE deck as ngspice
// takes it, one card a line).
std::vector<std::string> splitLines(const std::string& text);

} // namespace nladc
