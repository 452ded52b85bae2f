#include "netlist/SpiceToken.hh"

#include "adc/Technology.hh"

#include "util/Error.hh"
#include "util/Text.hh"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <initializer_list>

namespace nladc::netlist {

namespace {

constexpr std::size_t kMaxName = 64;
constexpr std::size_t kMaxTitle = 200;
constexpr std::size_t kMaxText = 100000;
constexpr int kMaxNesting = 32;

bool isDigit(char c)
{
  return c >= '0' && c <= '9';
}

bool isLetter(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool isWordChar(char c)
{
  return isLetter(c) || isDigit(c) || c == '_';
}

bool isNameChar(char c)
{
  return isWordChar(c) || c == '.' || c == ':' || c == '-';
}

bool isCardTextChar(char c)
{
  return isWordChar(c) || std::string_view(" .,:+-*/^()=[]@").find(c) != std::string_view::npos;
}

// Indexed by DeviceKind.
constexpr std::array<DeviceSyntax, 9> kSyntax{{
    {'R', "resistor", 2, false, true, true, false},
    {'C', "capacitor", 2, false, true, true, false},
    {'V', "voltage source", 2, false, true, false, false},
    {'E', "voltage-controlled voltage source", 4, false, true, true, false},
    {'B', "behavioural source", 2, false, true, false, false},
    {'S', "switch", 4, true, false, false, false},
    {'M', "MOSFET", 4, true, false, false, true},
    {'X', "subcircuit instance", 0, true, false, false, true},
    {'I', "current source", 2, false, true, false, false},
}};

[[noreturn]] void fail(const std::string& what, std::string_view text, const std::string& problem)
{
  if (text.empty())
    throw InputError(what + " is empty");
  throw InputError(fmt::format("{} '{}': {}", what, printableExcerpt(text), problem));
}

std::string describe(char c)
{
  const auto byte = static_cast<unsigned char>(c);
  if (c == '\n')
    return "a newline";
  if (c == ' ')
    return "a space";
  if (byte < 0x20 || byte == 0x7f)
    return fmt::format("control character 0x{:02x}", byte);
  if (byte >= 0x80)
    return fmt::format("non-ASCII byte 0x{:02x}", byte);
  return fmt::format("'{}'", c);
}

// Every character of `text` must satisfy `allowed`; `where` ends the message.
template <typename Allowed>
void requireCharacters(std::string_view text, const std::string& what, Allowed allowed, std::string_view where)
{
  const auto bad = std::find_if_not(text.begin(), text.end(), allowed);
  if (bad != text.end())
    fail(what, text, fmt::format("{} is not allowed {}", describe(*bad), where));
}

void requireLength(std::string_view text, const std::string& what, std::size_t maximum)
{
  if (text.empty() || text.size() > maximum)
    fail(what, text, fmt::format("is longer than {} characters", maximum));
}

bool isOneOf(std::string_view word, std::initializer_list<std::string_view> list)
{
  return std::find(list.begin(), list.end(), lowerCase(word)) != list.end();
}

// The lexer of validateValue: it accepts the value grammar of SpiceToken.hh
// and collects the nets and parameters the value reads.
class ValueScanner {
public:
  ValueScanner(std::string_view text, const std::string& what) : text_(text), what_(what)
  {
    requireLength(text_, what_, kMaxText);
    requireCharacters(
        text_, what_, [](char c) { return c >= ' ' && c < 0x7f; }, "in a value");
    while (pos_ < text_.size())
      token();
    if (depth_ != 0)
      error("unbalanced parentheses");
  }

  std::vector<std::string> nodes;
  std::vector<std::string> parameters;

private:
  [[noreturn]] void error(const std::string& problem) const { fail(what_, text_, problem); }

  char peek(std::size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }

  void skipSpaces()
  {
    while (peek() == ' ')
      ++pos_;
  }

  std::string_view takeWhile(bool (*accept)(char))
  {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && accept(text_[pos_]))
      ++pos_;
    return text_.substr(start, pos_ - start);
  }

  void token()
  {
    const char c = peek();
    if (c == ' ')
      ++pos_;
    else if (isDigit(c) || (c == '.' && isDigit(peek(1))))
      number();
    else if (isLetter(c) || c == '_')
      word();
    else if (c == '{')
      parameter();
    else if (c == '(')
      open();
    else if (c == ')')
      close();
    else if (std::string_view("+-*/^,").find(c) != std::string_view::npos)
      ++pos_;
    else if (c == '.')
      error("a word starting with '.' that is not a number would read as a directive");
    else
      error(describe(c) + " is not allowed in a value");
  }

  // 12, 1.5, .5, 1e-9, 2.5E+3, then an SI suffix or unit (10k, 5meg, 1.2V).
  void number()
  {
    const std::size_t start = pos_;
    takeWhile(isDigit);
    if (peek() == '.') {
      ++pos_;
      takeWhile(isDigit);
    }
    const bool signedExponent = (peek(1) == '+' || peek(1) == '-') && isDigit(peek(2));
    if ((peek() == 'e' || peek() == 'E') && (isDigit(peek(1)) || signedExponent)) {
      pos_ += signedExponent ? 2 : 1;
      takeWhile(isDigit);
    }
    constexpr std::size_t kMaxSuffix = 6;
    const std::string_view suffix = takeWhile(isLetter);
    if (suffix.size() > kMaxSuffix || isWordChar(peek()) || peek() == '.')
      error(fmt::format("malformed number '{}'", printableExcerpt(text_.substr(start, pos_ + 1 - start))));
  }

  void word()
  {
    const std::string word = lowerCase(takeWhile(isWordChar));
    skipSpaces();
    if (peek() != '(') {
      if (!isOneOf(word, {"dc", "ac", "time", "temp", "pi"}))
        error(fmt::format("unknown word '{}'", word));
      return;
    }
    if (word == "v")
      nodeReference();
    else if (isOneOf(word, {"pwl", "pulse", "sin", "cos",  "exp",  "abs", "sqrt",  "ln",    "log",  "min",
                            "max", "pow",   "pwr", "tanh", "atan", "u",   "uramp", "floor", "ceil", "sgn"}))
      open();
    else
      error(fmt::format("unknown function '{}'", word));
  }

  // V(node) or V(node,node): the names are nets, checked as names.
  void nodeReference()
  {
    ++pos_; // '('
    for (int count = 1;; ++count) {
      skipSpaces();
      const std::string_view node = takeWhile(isNameChar);
      validateName(node, fmt::format("net in V() of {}", what_));
      nodes.emplace_back(node);
      skipSpaces();
      if (peek() == ',' && count == 1)
        ++pos_;
      else if (peek() == ')')
        break;
      else
        error("V( takes one or two nets and ')'");
    }
    ++pos_; // ')'
  }

  // {name}: a subcircuit parameter; no other brace expression.
  void parameter()
  {
    ++pos_; // '{'
    const std::string_view name = takeWhile(isWordChar);
    if (name.empty() || isDigit(name.front()) || peek() != '}')
      error("braces may only hold a parameter name, as in {r}");
    parameters.emplace_back(name);
    ++pos_; // '}'
  }

  void open()
  {
    if (++depth_ > kMaxNesting)
      error(fmt::format("parentheses nested deeper than {}", kMaxNesting));
    ++pos_;
  }

  void close()
  {
    if (--depth_ < 0)
      error("')' without '('");
    ++pos_;
  }

  std::string_view text_;
  const std::string& what_;
  std::size_t pos_ = 0;
  int depth_ = 0;
};

// Parameter values and R, C and E values: one word, so a card splits unambiguously.
void validateWordValue(std::string_view value, const std::string& what)
{
  validateValue(value, what);
  if (value.find(' ') != std::string_view::npos)
    fail(what, value, "must be one word");
}

void validateParameters(const std::vector<std::pair<std::string, std::string>>& params, const std::string& owner)
{
  for (const auto& [name, value] : params) {
    validateName(name, "parameter name of " + owner);
    validateWordValue(value, fmt::format("parameter {} of {}", name, owner));
  }
}

// A directive line: its first word must pass `isDirective`, the rest is card text.
void validateDirectiveLine(std::string_view line, bool (*isDirective)(std::string_view), std::string_view expected)
{
  const std::size_t space = line.find(' ');
  const std::string_view directive = line.substr(0, space);
  if (!isDirective(directive))
    fail("card", line, fmt::format("does not start with {}", expected));
  if (space != std::string_view::npos)
    validateCardText(line.substr(space + 1), fmt::format("arguments of {}", lowerCase(directive)));
}

} // namespace

std::string lowerCase(std::string_view text)
{
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; });
  return lower;
}

void validateName(std::string_view name, const std::string& what)
{
  requireLength(name, what, kMaxName);
  requireCharacters(name, what, isNameChar, "in a name (letters, digits, _ . : -)");
  if (!isWordChar(name.front()))
    fail(what, name, "a name starts with a letter, a digit or '_'");
  if (lowerCase(name) == "shell")
    fail(what, name, "'shell' is reserved: it runs a program in ngspice's control language");
}

void validatePath(const std::filesystem::path& path, const std::string& what)
{
  // The rule is adc::isSafeSpicePath, the technology reader's too; the
  // checks here only name what breaks it.
  const std::string text = path.string();
  requireLength(text, what, 1024);
  requireCharacters(text, what, adc::isSpicePathCharacter, "in a path (letters, digits, _ . / + ~ : @ -)");
  if (text.front() == '-')
    fail(what, text, "a path may not start with '-'");
  if (!adc::isSafeSpicePath(text))
    fail(what, text, "a path starts with '.' only as ./ or ../");
}

void validateValue(std::string_view value, const std::string& what)
{
  ValueScanner(value, what);
}

void validateTitle(std::string_view title, const std::string& what)
{
  if (title.empty())
    return;
  if (title.size() > kMaxTitle)
    fail(what, title, fmt::format("is longer than {} characters", kMaxTitle));
  if (title.front() == '*')
    fail(what, title, "a title may not start with '*' (*ng_script would make the deck a script)");
  validateCardText(title, what);
}

void validateCardText(std::string_view text, const std::string& what)
{
  requireLength(text, what, kMaxText);
  requireCharacters(text, what, isCardTextChar, "in a card");
  for (std::size_t start = 0; start < text.size(); ++start)
    if ((start == 0 || text[start - 1] == ' ') && text[start] == '.' && start + 1 < text.size() &&
        isLetter(text[start + 1]))
      fail(what, text, "a word starting with '.' and a letter would read as a directive");
}

bool isAnalysisDirective(std::string_view word)
{
  return isOneOf(word, {".tran", ".op", ".dc", ".ac", ".ic", ".nodeset", ".save", ".temp"});
}

bool isMeasureDirective(std::string_view word)
{
  return isOneOf(word, {".meas", ".measure"});
}

void validateAnalysis(std::string_view line)
{
  validateDirectiveLine(line, isAnalysisDirective, ".tran, .op, .dc, .ac, .ic, .nodeset, .save or .temp");
}

void validateMeasure(std::string_view line)
{
  validateDirectiveLine(line, isMeasureDirective, ".meas or .measure");
}

std::vector<std::string> referencedNodes(std::string_view value)
{
  return value.empty() ? std::vector<std::string>{} : ValueScanner(value, "value").nodes;
}

std::vector<std::string> referencedParameters(std::string_view value)
{
  return value.empty() ? std::vector<std::string>{} : ValueScanner(value, "value").parameters;
}

std::string_view expressionOf(const Device& device)
{
  const std::string_view value = device.value;
  if (device.kind == DeviceKind::behavioural && lowerCase(value.substr(0, 2)) == "v=")
    return value.substr(2);
  return value;
}

const DeviceSyntax& deviceSyntax(DeviceKind kind)
{
  return kSyntax.at(static_cast<std::size_t>(kind));
}

std::optional<DeviceKind> deviceKindOfLetter(char letter)
{
  const char upper = letter >= 'a' && letter <= 'z' ? static_cast<char>(letter - 32) : letter;
  for (std::size_t kind = 0; kind < kSyntax.size(); ++kind)
    if (kSyntax[kind].letter == upper)
      return static_cast<DeviceKind>(kind);
  return std::nullopt;
}

void validateDevice(const Device& device, const std::string& scope)
{
  const std::string in = scope.empty() ? "" : " in " + scope;
  validateName(device.name, "device name" + in);
  const DeviceSyntax& syntax = deviceSyntax(device.kind);
  const std::string who = device.name + in;
  if (deviceKindOfLetter(device.name.front()) != device.kind)
    throw InputError(fmt::format("device {}: a {}'s name starts with {}", who, syntax.noun, syntax.letter));
  if (syntax.nets != 0 && device.nets.size() != syntax.nets)
    throw InputError(
        fmt::format("device {}: {} nets given; a {} has {}", who, device.nets.size(), syntax.noun, syntax.nets));
  for (std::size_t i = 0; i < device.nets.size(); ++i)
    validateName(device.nets[i], fmt::format("net {} of {}", i + 1, who));

  if (syntax.hasModel)
    validateName(device.model, (device.kind == DeviceKind::instance ? "subcircuit of " : "model of ") + who);
  else if (!device.model.empty())
    throw InputError(fmt::format("device {}: a {} takes no model", who, syntax.noun));

  if (!syntax.hasValue && !device.value.empty())
    throw InputError(fmt::format("device {}: a {} takes no value", who, syntax.noun));
  if (syntax.hasValue) {
    const std::string what = "value of " + who;
    if (device.kind == DeviceKind::behavioural && expressionOf(device).size() == device.value.size())
      fail(what, device.value, "a behavioural source's value is V=expression");
    if (syntax.singleWordValue)
      validateWordValue(device.value, what);
    else
      validateValue(expressionOf(device), what);
  }

  if (!syntax.hasParams && !device.params.empty())
    throw InputError(fmt::format("device {}: a {} takes no parameters", who, syntax.noun));
  validateParameters(device.params, who);
}

void validateModel(const ModelCard& model)
{
  validateName(model.name, "model name");
  validateName(model.type, "type of model " + model.name);
  validateParameters(model.params, "model " + model.name);
}

void validateSubcircuitHeader(const Subcircuit& subcircuit)
{
  validateName(subcircuit.name, "subcircuit name");
  for (std::size_t i = 0; i < subcircuit.ports.size(); ++i)
    validateName(subcircuit.ports[i], fmt::format("port {} of subckt {}", i + 1, subcircuit.name));
  validateParameters(subcircuit.params, "subckt " + subcircuit.name);
}

std::vector<std::string> cardWords(std::string_view text)
{
  const auto isSpace = [](char c) { return c == ' ' || c == '\t'; };
  std::vector<std::string> words;
  bool glue = false; // the last word ended with '=': the next text continues it
  for (std::size_t i = 0; i < text.size();) {
    if (isSpace(text[i])) {
      ++i;
      continue;
    }
    const std::size_t end = std::find_if(text.begin() + i, text.end(), isSpace) - text.begin();
    const std::string_view word = text.substr(i, end - i);
    if (glue || (word.front() == '=' && !words.empty()))
      words.back() += word;
    else
      words.emplace_back(word);
    glue = words.back().back() == '=';
    i = end;
  }
  return words;
}

} // namespace nladc::netlist
