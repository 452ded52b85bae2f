#include "util/Text.hh"

#include <algorithm>
#include <sstream>

namespace nladc {

std::string_view trimmed(std::string_view text)
{
  constexpr std::string_view blanks = " \t\r";
  const std::size_t first = text.find_first_not_of(blanks);
  if (first == std::string_view::npos)
    return {};
  return text.substr(first, text.find_last_not_of(blanks) - first + 1);
}

std::string printableExcerpt(std::string_view text, std::size_t maxShown)
{
  std::string shown(text.substr(0, maxShown));
  const auto isControl = [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; };
  std::replace_if(shown.begin(), shown.end(), isControl, '?');
  return text.size() > maxShown ? shown + "..." : shown;
}

std::vector<std::string> splitLines(const std::string& text)
{
  std::vector<std::string> result;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);)
    result.push_back(line);
  return result;
}

} // namespace nladc
