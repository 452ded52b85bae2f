#pragma once

#include "netlist/Circuit.hh"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nladc::netlist {

// What may reach a deck (DESIGN.md §4). ngspice reads a deck card by card,
// and runs a `.control` block — with `shell`, any program — wherever it
// meets one, even after `.end`. So every string is checked before it is
// written and after it is read: nothing may end a card (newline, control
// character), start one (a word that begins with '.'), quote, substitute or
// comment out text (quotes, backquotes, '$', ';', '\'). Each check throws
// InputError "WHAT 'TEXT': PROBLEM", with TEXT made printable.

// A device, net, model, subcircuit, parameter or .lib section name: 1–64
// characters from [A-Za-z0-9_.:-], the first a letter, a digit or '_', and
// not the word "shell" (a card starting with it would be a command in a
// control block).
void validateName(std::string_view name, const std::string& what);

// An .include/.lib path: 1–1024 characters from [A-Za-z0-9_./+~:@-], not
// starting with '-', and starting with '.' only as "./" or "../". No
// whitespace, quotes or other shell or SPICE syntax, so the path is one word
// that ngspice and a shell read alike.
void validatePath(const std::filesystem::path& path, const std::string& what);

// A value the generator writes: numbers with SI suffixes (10k, 1.2e-9,
// 5meg), the words DC, AC, TIME, TEMP, PI, source and math functions
// (PWL, PULSE, SIN, EXP, abs, min, max, sqrt, tanh, …) with parenthesised
// arguments, operators + - * / ^ and ',', V(node) and V(node,node), and
// {name}, a subcircuit parameter. Anything else is refused.
void validateValue(std::string_view value, const std::string& what);

// The title line: at most 200 characters of card text (below), not starting
// with '*' (a first line "*ng_script" makes the deck a control script).
void validateTitle(std::string_view title, const std::string& what);

// The arguments of an .options, analysis or .meas card: at most 100000
// characters from letters, digits, space and _ . , : + - * / ^ ( ) = [ ] @,
// no word starting with '.' and a letter.
void validateCardText(std::string_view text, const std::string& what);

// A whole ".tran …"/".op"/".ic …" or ".meas …" line: the directive, then card text.
void validateAnalysis(std::string_view line);
void validateMeasure(std::string_view line);
bool isAnalysisDirective(std::string_view word);
bool isMeasureDirective(std::string_view word);

// The nets and the {parameters} a valid (or empty) value reads, in order of
// appearance.
std::vector<std::string> referencedNodes(std::string_view value);
std::vector<std::string> referencedParameters(std::string_view value);

// A device's value as validateValue reads it: a B source's expression
// without its "V=", any other value as it is.
std::string_view expressionOf(const Device& device);

// How the dialect writes each device kind.
struct DeviceSyntax {
  char letter;           // the name's first letter, upper case
  std::string_view noun; // for messages
  std::size_t nets;      // terminals; 0 for an instance (its subcircuit's ports)
  bool hasModel;         // a model (S, M) or subcircuit (X) name follows the nets
  bool hasValue;         // a value follows the nets
  bool singleWordValue;  // R, C, E: one word; V, B: the rest of the card
  bool hasParams;        // name=value pairs close the card (M, X)
};
const DeviceSyntax& deviceSyntax(DeviceKind kind);
std::optional<DeviceKind> deviceKindOfLetter(char letter);

// Cards checked by the rules above, as the writer writes them and the reader
// reads them; `scope` ("subckt NAME", or empty at the top) names where.
void validateDevice(const Device& device, const std::string& scope);
void validateModel(const ModelCard& model);
void validateSubcircuitHeader(const Subcircuit& subcircuit);

// The words of a card as the writer wraps them and the reader parses them:
// whitespace separates words, but not around '=' ("W = 1u" is "W=1u").
std::vector<std::string> cardWords(std::string_view text);

// ASCII lower case: ngspice folds names, so comparisons of names do too.
std::string lowerCase(std::string_view text);

} // namespace nladc::netlist
