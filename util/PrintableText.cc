#include "util/PrintableText.hh"

#include <algorithm>

namespace nladc {

std::string printableExcerpt(std::string_view text)
{
  constexpr std::size_t maxShown = 40;
  std::string shown(text.substr(0, maxShown));
  const auto isControl = [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; };
  std::replace_if(shown.begin(), shown.end(), isControl, '?');
  return text.size() > maxShown ? shown + "..." : shown;
}

} // namespace nladc
