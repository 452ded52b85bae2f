#include "netlist/SpiceReader.hh"

#include "netlist/SpiceToken.hh"
#include "util/Error.hh"
#include "util/Text.hh"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>
#include <utility>

namespace nladc::netlist {

namespace fs = std::filesystem;

namespace {

using Words = std::vector<std::string>;

std::string joined(const Words& words, std::size_t from)
{
  std::string text;
  for (std::size_t i = from; i < words.size(); ++i)
    text += (i == from ? "" : " ") + words[i];
  return text;
}

// A logical line: a card with its continuation lines, and where it starts.
struct Card {
  std::size_t line = 0;
  std::string text;
};

// The cards of `text` from line `firstLine` on: blank and '*' lines dropped,
// '+' lines joined to the card before with a space. A '+' line with no card
// before it stays a card of its own.
std::vector<Card> cardsOf(std::string_view text, std::size_t firstLine)
{
  std::vector<Card> cards;
  std::size_t number = 0;
  for (std::size_t start = 0; start <= text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view line = trimmed(text.substr(start, end - start));
    start = end + 1;
    if (++number < firstLine || line.empty() || line.front() == '*')
      continue;
    if (line.front() == '+' && !cards.empty())
      (cards.back().text += ' ') += line.substr(1);
    else
      cards.push_back({number, std::string(line)});
  }
  return cards;
}

// Far above any deck nladc writes or PDK library it scans, far below memory.
constexpr std::uintmax_t maxDeckBytes = std::uintmax_t{256} << 20;

std::optional<std::string> fileText(const fs::path& path, std::string& error)
{
  std::error_code code;
  if (!fs::is_regular_file(path, code)) {
    error = fs::exists(path, code) ? "not a regular file" : "no such file";
    return std::nullopt;
  }
  if (const std::uintmax_t size = fs::file_size(path, code); !code && size > maxDeckBytes) {
    error = fmt::format("{} bytes is more than the {} MiB nladc reads of a deck or library (docs/limits.md)", size,
                        maxDeckBytes >> 20);
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.is_open() || in.bad()) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  return text;
}

std::pair<std::string, std::string> splitParameter(const std::string& word)
{
  const std::size_t equals = word.find('=');
  return {word.substr(0, equals), equals == std::string::npos ? "" : word.substr(equals + 1)};
}

class DeckReader {
public:
  explicit DeckReader(const std::string& label) : label_(label) {}

  Circuit read(std::string_view text)
  {
    if (trimmed(text).empty())
      fail(1, "the deck is empty");
    checkCharacters(text);
    title(text.substr(0, text.find('\n')));
    for (const Card& card : cardsOf(text, 2)) {
      if (ended_)
        fail(card.line, "text after .end (ngspice would still read it)");
      if (card.text.front() == '+')
        fail(card.line, "a '+' continuation line with no card before it");
      const Words words = cardWords(card.text);
      if (words[0].front() == '.')
        directive(card.line, words);
      else if (lowerCase(words[0]) == "shell")
        fail(card.line, "'shell' runs a program in ngspice's control language; it is not accepted");
      else if (const std::optional<DeviceKind> kind = deviceKindOfLetter(words[0].front()))
        device(card.line, *kind, words);
      else
        fail(card.line, fmt::format("unknown device letter in '{}': nladc reads R, C, V, E, B, S, M, X and I",
                                    printableExcerpt(words[0])));
    }
    if (open_)
      fail(openLine_, fmt::format(".subckt {} has no .ends", open_->name));
    return std::move(circuit_);
  }

private:
  [[noreturn]] void fail(std::size_t line, const std::string& problem) const
  {
    throw InputError(fmt::format("{}:{}: {}", label_, line, problem));
  }

  // Runs a check of SpiceToken.hh, its message placed at `line`.
  template <typename Check> void atLine(std::size_t line, Check check) const
  {
    try {
      check();
    } catch (const InputError& e) {
      fail(line, e.what());
    }
  }

  // Decks are ASCII text: tabs, and a carriage return before a newline, are
  // the only control characters, in comments too.
  void checkCharacters(std::string_view text) const
  {
    std::size_t line = 1;
    for (std::size_t i = 0; i < text.size(); ++i) {
      const auto byte = static_cast<unsigned char>(text[i]);
      if (byte == '\n')
        ++line;
      else if (byte == '\r' && (i + 1 == text.size() || text[i + 1] == '\n'))
        continue;
      else if (byte >= 0x80)
        fail(line, fmt::format("non-ASCII byte 0x{:02x}: a deck is ASCII text", byte));
      else if ((byte < 0x20 && byte != '\t') || byte == 0x7f)
        fail(line, fmt::format("control character 0x{:02x}", byte));
    }
  }

  void title(std::string_view line)
  {
    std::string text(trimmed(line));
    std::replace(text.begin(), text.end(), '\t', ' ');
    if (lowerCase(text).starts_with("*ng_script"))
      fail(1, "a deck that starts with *ng_script is a control script; it is not accepted");
    if (text.starts_with('*'))
      text = trimmed(text.substr(1));
    atLine(1, [&] { validateTitle(text, "title"); });
    circuit_.title = text;
  }

  std::string scope() const { return open_ ? "subckt " + open_->name : ""; }

  void directive(std::size_t line, const Words& words)
  {
    const std::string name = lowerCase(words[0]);
    const auto requireArguments = [&](std::size_t count, std::string_view what) {
      if (words.size() != count + 1)
        fail(line, fmt::format("{} takes {}", name, what));
    };
    if (name == ".control" || name == ".endc")
      fail(line, name + ": control blocks are not accepted (a deck carries no control language)");
    if (name == ".subckt")
      return openSubcircuit(line, words);
    if (name == ".ends")
      return closeSubcircuit(line, words);
    if (open_)
      fail(line, fmt::format("{} is not accepted inside .subckt {}", printableExcerpt(name), open_->name));

    if (name == ".end") {
      requireArguments(0, "no arguments");
      ended_ = true;
    } else if (name == ".include" || name == ".inc") {
      requireArguments(1, "one path");
      atLine(line, [&] { validatePath(words[1], ".include path"); });
      circuit_.includes.emplace_back(words[1]);
    } else if (name == ".lib") {
      requireArguments(2, "a path and a section");
      atLine(line, [&] {
        validatePath(words[1], ".lib path");
        validateName(words[2], ".lib section");
      });
      circuit_.libs.emplace_back(words[1], words[2]);
    } else if (name == ".model") {
      model(line, words);
    } else if (name == ".options" || name == ".option" || name == ".opt") {
      const std::string text = joined(words, 1);
      atLine(line, [&] { validateCardText(text, ".options"); });
      circuit_.options.push_back(text);
    } else if (isAnalysisDirective(name)) {
      const std::string text = joined(words, 0);
      atLine(line, [&] { validateAnalysis(text); });
      circuit_.analyses.push_back(text);
    } else if (isMeasureDirective(name)) {
      const std::string text = joined(words, 0);
      atLine(line, [&] { validateMeasure(text); });
      circuit_.measures.push_back(text);
    } else {
      fail(line, fmt::format("unsupported directive {} (docs/netlist.md lists what nladc reads)",
                             printableExcerpt(words[0])));
    }
  }

  // .model NAME TYPE, then name=value parameters, in parentheses or not.
  void model(std::size_t line, const Words& words)
  {
    if (words.size() < 3)
      fail(line, ".model takes a name, a type and parameters");
    const std::string rest = joined(words, 2);
    const std::size_t typeEnd = rest.find_first_of(" (");
    ModelCard card{words[1], rest.substr(0, typeEnd), {}};
    std::string_view params = typeEnd == std::string::npos ? "" : trimmed(std::string_view(rest).substr(typeEnd));
    if (params.starts_with('(')) {
      if (!params.ends_with(')'))
        fail(line, fmt::format(".model {}: '(' without ')'", card.name));
      params = params.substr(1, params.size() - 2);
    }
    for (const std::string& word : cardWords(params))
      card.params.push_back(splitParameter(word));
    atLine(line, [&] { validateModel(card); });
    circuit_.models.push_back(std::move(card));
  }

  void openSubcircuit(std::size_t line, const Words& words)
  {
    if (open_)
      fail(line, fmt::format(".subckt inside .subckt {} (line {}): nesting is not accepted", open_->name, openLine_));
    if (words.size() < 2)
      fail(line, ".subckt takes a name, ports and parameters");
    Subcircuit subcircuit{words[1], {}, {}, {}};
    for (std::size_t i = 2; i < words.size(); ++i) {
      if (lowerCase(words[i]) == "params:")
        continue;
      if (words[i].find('=') != std::string::npos)
        subcircuit.params.push_back(splitParameter(words[i]));
      else if (subcircuit.params.empty())
        subcircuit.ports.push_back(words[i]);
      else
        fail(line, fmt::format(".subckt {}: port {} after the parameters", words[1], words[i]));
    }
    atLine(line, [&] { validateSubcircuitHeader(subcircuit); });
    open_ = std::move(subcircuit);
    openLine_ = line;
  }

  void closeSubcircuit(std::size_t line, const Words& words)
  {
    if (!open_)
      fail(line, ".ends without .subckt");
    if (words.size() > 2 || (words.size() == 2 && lowerCase(words[1]) != lowerCase(open_->name)))
      fail(line, fmt::format("'{}' does not close .subckt {}", printableExcerpt(joined(words, 0)), open_->name));
    circuit_.subcircuits.push_back(std::move(*open_));
    open_.reset();
  }

  // NAME nets… [model|subckt] [value…] [name=value…], as deviceSyntax says.
  void device(std::size_t line, DeviceKind kind, const Words& words)
  {
    const DeviceSyntax& syntax = deviceSyntax(kind);
    Device device{words[0], kind, {}, {}, {}, {}};
    auto end = words.end();
    if (syntax.hasParams) {
      while (end - 1 != words.begin() && end[-1].find('=') != std::string::npos)
        --end;
      for (auto param = end; param != words.end(); ++param)
        device.params.push_back(splitParameter(*param));
    }
    Words rest(words.begin() + 1, end);
    if (kind == DeviceKind::instance) {
      if (rest.empty())
        fail(line, fmt::format("{}: the subcircuit name is missing", device.name));
      device.model = rest.back();
      rest.pop_back();
      device.nets = std::move(rest);
    } else {
      if (rest.size() < syntax.nets)
        fail(line, fmt::format("{}: {} nets; a {} has {}", device.name, rest.size(), syntax.noun, syntax.nets));
      device.nets.assign(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(syntax.nets));
      if (syntax.hasModel && rest.size() != syntax.nets + 1)
        fail(line, fmt::format("{}: the {} nets and one model name expected", device.name, syntax.nets));
      if (syntax.hasModel)
        device.model = rest.back();
      else
        device.value = joined(rest, syntax.nets);
    }
    atLine(line, [&] { validateDevice(device, scope()); });
    (open_ ? open_->devices : circuit_.devices).push_back(std::move(device));
  }

  const std::string& label_;
  Circuit circuit_;
  std::optional<Subcircuit> open_; // the .subckt being read
  std::size_t openLine_ = 0;
  bool ended_ = false;
};

// ngspice ends a card at ';', and at '$' after whitespace.
std::string_view withoutInlineComment(std::string_view text)
{
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == ';' || (text[i] == '$' && i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t')))
      return text.substr(0, i);
  return text;
}

std::string unquoted(const std::string& word)
{
  const bool quoted = word.size() >= 2 && (word.front() == '"' || word.front() == '\'') && word.back() == word.front();
  return quoted ? word.substr(1, word.size() - 2) : word;
}

class LibraryScanner {
public:
  explicit LibraryScanner(LibraryDefinitions& into) : into_(into) {}

  void scan(const fs::path& path, const std::string& section, int depth)
  {
    constexpr int kMaxDepth = 16;
    if (depth > kMaxDepth) {
      into_.problems.push_back(fmt::format("{}: libraries nested deeper than {}", path.string(), kMaxDepth));
      return;
    }
    std::error_code code;
    if (!visited_.emplace(fs::weakly_canonical(path, code).string(), lowerCase(section)).second)
      return;
    std::string error;
    const std::optional<std::string> text = fileText(path, error);
    if (!text) {
      into_.problems.push_back(fmt::format("cannot read {}: {}", path.string(), error));
      return;
    }
    bool active = section.empty();
    bool found = section.empty();
    int subcircuitDepth = 0;
    for (const Card& card : cardsOf(*text, 1)) {
      const Words words = cardWords(withoutInlineComment(card.text));
      const std::string directive = words.empty() ? "" : lowerCase(words[0]);
      if (directive == ".lib" && words.size() == 2) {
        // A section header; only the sections asked for count.
        active = section.empty() || lowerCase(words[1]) == lowerCase(section);
        found = found || active;
      } else if (directive == ".endl") {
        active = section.empty();
      } else if (active) {
        definition(path, directive, words, subcircuitDepth, depth);
      }
    }
    if (!found)
      into_.problems.push_back(fmt::format("{}: no .lib section {}", path.string(), section));
  }

private:
  void definition(const fs::path& path, const std::string& directive, const Words& words, int& subcircuitDepth,
                  int depth)
  {
    const auto nested = [&](const std::string& word) {
      const fs::path target = unquoted(word);
      return target.is_absolute() ? target : path.parent_path() / target;
    };
    if ((directive == ".include" || directive == ".inc") && words.size() >= 2)
      scan(nested(words[1]), "", depth + 1);
    else if (directive == ".lib" && words.size() >= 3)
      scan(nested(words[1]), words[2], depth + 1);
    else if (directive == ".subckt" && words.size() >= 2 && subcircuitDepth++ == 0)
      into_.subcircuits.emplace(lowerCase(words[1]), portCount(words));
    else if (directive == ".ends")
      subcircuitDepth = std::max(0, subcircuitDepth - 1);
    else if (directive == ".model" && words.size() >= 2 && subcircuitDepth == 0)
      model(lowerCase(words[1]));
  }

  static std::size_t portCount(const Words& words)
  {
    const auto end = std::find_if(words.begin() + 2, words.end(), [](const std::string& word) {
      return word.find('=') != std::string::npos || lowerCase(word) == "params:";
    });
    return static_cast<std::size_t>(end - words.begin() - 2);
  }

  void model(const std::string& name)
  {
    into_.models.insert(name);
    const std::size_t dot = name.rfind('.');
    if (dot != std::string::npos && dot + 1 < name.size() &&
        std::all_of(name.begin() + static_cast<std::ptrdiff_t>(dot) + 1, name.end(),
                    [](char c) { return c >= '0' && c <= '9'; }))
      into_.models.insert(name.substr(0, dot));
  }

  LibraryDefinitions& into_;
  std::set<std::pair<std::string, std::string>> visited_; // (file, section): include cycles end
};

} // namespace

Circuit readSpice(std::string_view text, const std::string& fileLabel)
{
  return DeckReader(fileLabel).read(text);
}

Circuit readSpiceFile(const fs::path& path)
{
  std::string error;
  const std::optional<std::string> text = fileText(path, error);
  if (!text)
    throw InputError(fmt::format("{}: cannot read: {}", path.string(), error));
  return readSpice(*text, path.string());
}

void scanLibrary(const fs::path& path, const std::string& section, LibraryDefinitions& into)
{
  LibraryScanner(into).scan(path, section, 0);
}

} // namespace nladc::netlist
