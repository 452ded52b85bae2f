#include "adc/Quantity.hh"

#include <charconv>
#include <cmath>
#include <initializer_list>
#include <optional>
#include <string>

namespace nladc::adc {

namespace {

struct Prefix {
  std::string_view text;
  double factor;
};

// SI prefixes a technology file may use; micro as 'u', 'µ' (U+00B5) or 'μ' (U+03BC).
constexpr Prefix prefixes[] = {
    {"f", 1e-15},     {"p", 1e-12}, {"n", 1e-9}, {"u", 1e-6}, {"\u00b5", 1e-6},
    {"\u03bc", 1e-6}, {"m", 1e-3},  {"k", 1e3},  {"M", 1e6},  {"G", 1e9},
};

// The factor of `unit` = [prefix] base for one of the spellings of base.
std::optional<double> scaleOf(std::string_view unit, std::initializer_list<std::string_view> bases)
{
  for (std::string_view base : bases) {
    if (!unit.ends_with(base))
      continue;
    const std::string_view prefix = unit.substr(0, unit.size() - base.size());
    if (prefix.empty())
      return 1.0;
    for (const Prefix& p : prefixes)
      if (p.text == prefix)
        return p.factor;
  }
  return std::nullopt;
}

// "[prefix]m^2" (or "m²") → the factor in m².
std::optional<double> areaScale(std::string_view unit)
{
  for (std::string_view square : {std::string_view("^2"), std::string_view("\u00b2")}) {
    if (!unit.ends_with(square))
      continue;
    const std::optional<double> metre = scaleOf(unit.substr(0, unit.size() - square.size()), {"m"});
    if (metre)
      return *metre * *metre;
  }
  return std::nullopt;
}

// "left<separator>right" with each side scaled by its own function.
template <class Left, class Right>
std::optional<double> productScale(std::string_view unit, std::initializer_list<std::string_view> separators, Left left,
                                   Right right)
{
  for (std::string_view separator : separators) {
    const size_t at = unit.find(separator);
    if (at == std::string_view::npos)
      continue;
    const std::optional<double> a = left(unit.substr(0, at));
    const std::optional<double> b = right(unit.substr(at + separator.size()));
    if (a && b)
      return *a * *b;
  }
  return std::nullopt;
}

std::optional<double> unitFactor(std::string_view unit, Dimension dimension)
{
  switch (dimension) {
  case Dimension::none: return unit.empty() ? std::optional<double>(1.0) : std::nullopt;
  case Dimension::voltage: return scaleOf(unit, {"V"});
  case Dimension::current: return scaleOf(unit, {"A"});
  case Dimension::conductance: return scaleOf(unit, {"S"});
  case Dimension::resistance: return scaleOf(unit, {"ohm", "Ohm", "\u03a9", "\u2126"});
  case Dimension::capacitance: return scaleOf(unit, {"F"});
  case Dimension::time: return scaleOf(unit, {"s"});
  case Dimension::length: return scaleOf(unit, {"m"});
  case Dimension::area: return areaScale(unit);
  case Dimension::voltageLength:
    return productScale(
        unit, {"*", "\u00b7"}, [](std::string_view u) { return scaleOf(u, {"V"}); },
        [](std::string_view u) { return scaleOf(u, {"m"}); });
  case Dimension::capacitanceDensity:
    return productScale(
        unit, {"/"}, [](std::string_view u) { return scaleOf(u, {"F"}); },
        [](std::string_view u) {
          const std::optional<double> a = areaScale(u);
          return a ? std::optional<double>(1.0 / *a) : std::nullopt;
        });
  case Dimension::capacitancePerWidth:
    return productScale(
        unit, {"/"}, [](std::string_view u) { return scaleOf(u, {"F"}); },
        [](std::string_view u) {
          const std::optional<double> m = scaleOf(u, {"m"});
          return m ? std::optional<double>(1.0 / *m) : std::nullopt;
        });
  case Dimension::energy: return scaleOf(unit, {"J"});
  }
  return std::nullopt;
}

std::string_view trim(std::string_view s)
{
  const size_t first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos)
    return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

[[noreturn]] void reject(std::string_view text, Dimension expected)
{
  std::string message = "expected ";
  message += dimensionName(expected);
  if (expected != Dimension::none) {
    message += " (";
    message += unitExamples(expected);
    message += ")";
  }
  message += ", got ";
  message += quotedForMessage(text);
  throw QuantityError(message);
}

} // namespace

std::string_view dimensionName(Dimension dimension)
{
  switch (dimension) {
  case Dimension::none: return "a plain number";
  case Dimension::voltage: return "a voltage";
  case Dimension::current: return "a current";
  case Dimension::conductance: return "a conductance";
  case Dimension::resistance: return "a resistance";
  case Dimension::capacitance: return "a capacitance";
  case Dimension::time: return "a time";
  case Dimension::length: return "a length";
  case Dimension::area: return "an area";
  case Dimension::voltageLength: return "a voltage times a length";
  case Dimension::capacitanceDensity: return "a capacitance per area";
  case Dimension::capacitancePerWidth: return "a capacitance per width";
  case Dimension::energy: return "an energy";
  }
  return "a value";
}

std::string_view unitExamples(Dimension dimension)
{
  switch (dimension) {
  case Dimension::none: return "";
  case Dimension::voltage: return "V, mV, uV";
  case Dimension::current: return "A, mA, uA, nA";
  case Dimension::conductance: return "S, mS, uS, nS";
  case Dimension::resistance: return "ohm, kohm, Mohm";
  case Dimension::capacitance: return "F, pF, fF";
  case Dimension::time: return "s, us, ns, ps";
  case Dimension::length: return "m, um, nm";
  case Dimension::area: return "um^2, nm^2";
  case Dimension::voltageLength: return "mV*um";
  case Dimension::capacitanceDensity: return "fF/um^2";
  case Dimension::capacitancePerWidth: return "fF/um";
  case Dimension::energy: return "J, pJ, fJ";
  }
  return "";
}

std::string quotedForMessage(std::string_view text)
{
  constexpr size_t limit = 80;
  std::string out = "'";
  for (size_t i = 0; i < text.size() && i < limit; ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    switch (byte) {
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    default:
      if (byte < 0x20 || byte == 0x7f) {
        constexpr char hex[] = "0123456789abcdef";
        out += "\\x";
        out += hex[byte >> 4];
        out += hex[byte & 0xf];
      } else {
        out += static_cast<char>(byte);
      }
    }
  }
  if (text.size() > limit)
    out += "\u2026";
  out += "'";
  return out;
}

double parseQuantity(std::string_view text, Dimension expected)
{
  const std::string_view body = trim(text);
  double number = 0;
  const auto [end, error] = std::from_chars(body.data(), body.data() + body.size(), number);
  if (error != std::errc() || !std::isfinite(number))
    reject(text, expected);
  const std::string_view unit = trim(body.substr(static_cast<size_t>(end - body.data())));
  const std::optional<double> factor = unitFactor(unit, expected);
  if (!factor)
    reject(text, expected);
  const double value = number * *factor;
  if (!std::isfinite(value))
    reject(text, expected);
  return value;
}

} // namespace nladc::adc
