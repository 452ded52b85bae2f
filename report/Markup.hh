#pragma once

#include <string>
#include <string_view>

namespace nladc::report {

// Text made safe for XML and HTML, in element content and in quoted
// attribute values alike: & < > " ' become entities, and what would make
// the document ill-formed — bytes that are not UTF-8, and control
// characters other than tab, newline and carriage return — becomes U+FFFD.
// A tensor named "<script>" or a path with "&" in it stays text.
std::string escapeXml(std::string_view text);

} // namespace nladc::report
