#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace nladc::adc {

// The physical dimension a technology-file value must have. Values are
// stored in SI base units (the comment names the unit).
enum class Dimension {
  none,                // a plain number
  voltage,             // V
  current,             // A
  conductance,         // S
  resistance,          // ohm
  capacitance,         // F
  time,                // s
  length,              // m
  area,                // m²   ("um^2")
  voltageLength,       // V·m  ("mV*um", Pelgrom A_VT)
  capacitanceDensity,  // F/m² ("fF/um^2")
  capacitancePerWidth, // F/m ("fF/um": a junction's capacitance per transistor width)
  energy,              // J
};

// "a voltage", "a conductance", …, for messages.
std::string_view dimensionName(Dimension dimension);
// The units a user would write, for messages: "V, mV, uV".
std::string_view unitExamples(Dimension dimension);

// A value that does not parse or has the wrong unit. The message says what
// was expected and what was found ("expected a conductance (S, mS, uS, nS),
// got '100 V'"); the reader prefixes the file and the key.
class QuantityError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// Parses "NUMBER UNIT" into SI units, checking the dimension:
//   "0.2 V" → 0.2, "100 uS" → 1e-4, "3.5 mV*um" → 3.5e-9, "2 fF/um^2" → 2e-3.
// NUMBER is a finite decimal (1.5, 1e-3, -2); one optional space or none
// before UNIT. UNIT = [prefix] base, prefix one of f p n u µ m k M G, base
// one of V A S ohm Ω F s m; the compounds are
// [prefix]V*[prefix]m, [prefix]F/[prefix]m^2 and [prefix]m^2 ('·' may
// replace '*', '²' may replace '^2'). Units are case-sensitive (mS is
// millisiemens, MS megasiemens, ms milliseconds). Dimension::none takes a
// plain number and rejects any unit.
double parseQuantity(std::string_view text, Dimension expected);

// `text` in single quotes for an error message, kept on one line: control
// characters are escaped (\n, \t, \xNN) and text past 80 bytes is cut
// to "…".
std::string quotedForMessage(std::string_view text);

} // namespace nladc::adc
