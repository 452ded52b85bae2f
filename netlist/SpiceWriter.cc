#include "netlist/SpiceWriter.hh"

#include "netlist/SpiceToken.hh"
#include "util/AtomicFile.hh"

namespace nladc::netlist {

namespace {

constexpr std::size_t kLineWidth = 100;

using Words = std::vector<std::string>;

// Appends one card, breaking it between words onto '+' lines.
void appendCard(std::string& deck, const Words& words)
{
  std::size_t width = 0;
  for (const std::string& word : words) {
    if (width == 0) {
      width = word.size();
    } else if (width + 1 + word.size() > kLineWidth) {
      deck += "\n+ ";
      width = 2 + word.size();
    } else {
      deck += ' ';
      width += 1 + word.size();
    }
    deck += word;
  }
  deck += '\n';
}

void appendWords(Words& words, const std::string& text)
{
  for (std::string& word : cardWords(text))
    words.push_back(std::move(word));
}

void appendParameters(Words& words, const std::vector<std::pair<std::string, std::string>>& params)
{
  for (const auto& [name, value] : params)
    words.push_back(name + "=" + value);
}

void appendDevice(std::string& deck, const Device& device, const std::string& scope)
{
  validateDevice(device, scope);
  Words words{device.name};
  words.insert(words.end(), device.nets.begin(), device.nets.end());
  if (deviceSyntax(device.kind).hasModel)
    words.push_back(device.model);
  appendWords(words, device.value);
  appendParameters(words, device.params);
  appendCard(deck, words);
}

void appendModel(std::string& deck, const ModelCard& model)
{
  validateModel(model);
  Words words{".model", model.name, model.type};
  appendParameters(words, model.params);
  if (!model.params.empty()) {
    words[3].insert(0, "(");
    words.back() += ")";
  }
  appendCard(deck, words);
}

void appendSubcircuit(std::string& deck, const Subcircuit& subcircuit)
{
  validateSubcircuitHeader(subcircuit);
  Words header{".subckt", subcircuit.name};
  header.insert(header.end(), subcircuit.ports.begin(), subcircuit.ports.end());
  appendParameters(header, subcircuit.params);
  deck += '\n';
  appendCard(deck, header);
  for (const Device& device : subcircuit.devices)
    appendDevice(deck, device, "subckt " + subcircuit.name);
  appendCard(deck, {".ends", subcircuit.name});
}

} // namespace

std::string writeSpice(const Circuit& circuit)
{
  validateTitle(circuit.title, "title");
  std::string deck = circuit.title + "\n";
  for (const std::filesystem::path& path : circuit.includes) {
    validatePath(path, ".include path");
    appendCard(deck, {".include", path.string()});
  }
  for (const auto& [path, section] : circuit.libs) {
    validatePath(path, ".lib path");
    validateName(section, ".lib section of " + path.string());
    appendCard(deck, {".lib", path.string(), section});
  }
  for (const ModelCard& model : circuit.models)
    appendModel(deck, model);
  for (const Subcircuit& subcircuit : circuit.subcircuits)
    appendSubcircuit(deck, subcircuit);

  deck += '\n';
  for (const Device& device : circuit.devices)
    appendDevice(deck, device, "");

  deck += '\n';
  for (const std::string& options : circuit.options) {
    validateCardText(options, ".options");
    Words words{".options"};
    appendWords(words, options);
    appendCard(deck, words);
  }
  for (const std::string& analysis : circuit.analyses) {
    validateAnalysis(analysis);
    appendCard(deck, cardWords(analysis));
  }
  for (const std::string& measure : circuit.measures) {
    validateMeasure(measure);
    appendCard(deck, cardWords(measure));
  }
  return deck + ".end\n";
}

void writeSpiceFile(const std::filesystem::path& path, const Circuit& circuit)
{
  writeFileAtomically(path, writeSpice(circuit));
}

} // namespace nladc::netlist
