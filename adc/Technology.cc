#include "adc/Technology.hh"

#include <algorithm>

namespace nladc::adc {

std::string ModelSource::spiceLine() const
{
  if (directive == ModelDirective::include)
    return ".include " + path.string();
  return ".lib " + path.string() + " " + section;
}

std::string_view blockKindName(BlockKind kind)
{
  return kind == BlockKind::transistor ? "transistor" : "behavioural";
}

std::optional<BlockKind> parseBlockKind(std::string_view name)
{
  for (const BlockKind kind : {BlockKind::behavioural, BlockKind::transistor})
    if (name == blockKindName(kind))
      return kind;
  return std::nullopt;
}

bool isSpiceName(std::string_view name)
{
  if (name.empty() || name.size() > 64)
    return false;
  const auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (!letter(name.front()))
    return false;
  for (char c : name)
    if (!letter(c) && !digit(c) && c != '.' && c != ':' && c != '-')
      return false;
  return true;
}

bool isSpicePathCharacter(char c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         std::string_view("_./+~:@-").find(c) != std::string_view::npos;
}

bool isSafeSpicePath(std::string_view path)
{
  if (path.empty() || path.size() > 1024 || path.front() == '-')
    return false;
  if (path.front() == '.' && !path.starts_with("./") && !path.starts_with("../"))
    return false;
  return std::all_of(path.begin(), path.end(), isSpicePathCharacter);
}

} // namespace nladc::adc
