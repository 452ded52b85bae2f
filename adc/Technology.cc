#include "adc/Technology.hh"

namespace nladc::adc {

std::string ModelSource::spiceLine() const
{
  if (directive == ModelDirective::include)
    return ".include " + path.string();
  return ".lib " + path.string() + " " + section;
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

bool isSafeSpicePath(std::string_view path)
{
  if (path.empty() || path.front() == '-')
    return false;
  for (char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7f) // control characters and the space
      return false;
    switch (c) {
    case '\'':
    case '"':
    case '`':
    case ';':
    case '$': return false;
    default: break;
    }
  }
  return true;
}

} // namespace nladc::adc
