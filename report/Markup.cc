#include "report/Markup.hh"

namespace nladc::report {

namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD"; // U+FFFD

// The length of the well-formed UTF-8 sequence at the start of `s`, or 0.
// Overlong forms, surrogates and code points above U+10FFFF are not.
size_t utf8SequenceLength(std::string_view s)
{
  const auto byte = [&s](size_t i) { return static_cast<unsigned char>(s[i]); };
  const auto continuation = [&](size_t i) { return i < s.size() && (byte(i) & 0xC0) == 0x80; };
  const unsigned char lead = byte(0);
  if (lead < 0x80)
    return 1;
  if (lead >= 0xC2 && lead <= 0xDF)
    return continuation(1) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    if (!continuation(1) || !continuation(2))
      return 0;
    const unsigned char second = byte(1);
    if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second >= 0xA0))
      return 0; // overlong, or a UTF-16 surrogate
    if (lead == 0xEF && second == 0xBF && byte(2) >= 0xBE)
      return 0; // U+FFFE and U+FFFF, which XML excludes
    return 3;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    if (!continuation(1) || !continuation(2) || !continuation(3))
      return 0;
    const unsigned char second = byte(1);
    if ((lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second >= 0x90))
      return 0; // overlong, or above U+10FFFF
    return 4;
  }
  return 0;
}

} // namespace

std::string escapeXml(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    const char c = text.front();
    const size_t length = utf8SequenceLength(text);
    if (length == 0) {
      out += replacement;
      text.remove_prefix(1);
      continue;
    }
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&#39;"; break;
    default:
      if (length == 1 && (static_cast<unsigned char>(c) < 0x20 || c == '\x7F') && c != '\t' && c != '\n' && c != '\r')
        out += replacement;
      else
        out.append(text.substr(0, length));
    }
    text.remove_prefix(length);
  }
  return out;
}

} // namespace nladc::report
