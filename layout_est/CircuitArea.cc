#include "layout_est/CircuitArea.hh"

#include "layout_est/DeviceArea.hh"
#include "netlist/AnalogBlocks.hh"
#include "netlist/CellLibrary.hh"
#include "util/Error.hh"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fmt/format.h>
#include <map>
#include <optional>
#include <vector>

namespace nladc::layout_est {

namespace {

std::string folded(std::string_view s)
{
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

double plainNumber(const std::string& text, const std::string& what)
{
  double v = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !(v >= 0.0))
    throw InputError(fmt::format("{}: '{}' is not a non-negative plain number", what, text));
  return v;
}

std::optional<double> optionalParameter(const netlist::Device& d, std::string_view key, const std::string& where)
{
  for (const auto& [name, value] : d.params)
    if (folded(name) == folded(key))
      return plainNumber(value, where + " " + std::string(key));
  return std::nullopt;
}

double parameter(const netlist::Device& d, std::string_view key, const std::string& where)
{
  if (const std::optional<double> v = optionalParameter(d, key, where))
    return *v;
  throw InputError(fmt::format("{}: no {}= parameter", where, key));
}

// A library cell's area; a unit resistor drawn UNITS long counts that many units.
double libraryDeviceArea(const netlist::Device& d, netlist::LibraryCell cell, const adc::Technology& t,
                         const std::string& where)
{
  double units = 1.0;
  if (cell == netlist::LibraryCell::unitResistor)
    units = optionalParameter(d, netlist::unitResistorLength, where).value_or(1.0);
  if (!(units >= 1.0))
    throw InputError(fmt::format("{}: {} must be at least 1", where, netlist::unitResistorLength));
  return units * libraryCellArea(t, cell);
}

class AreaWalker {
public:
  AreaWalker(const netlist::Circuit& circuit, const adc::Technology& technology) : technology_(technology)
  {
    for (const netlist::Subcircuit& s : circuit.subcircuits)
      subcircuits_.emplace(folded(s.name), &s);
  }

  double subcircuit(std::string_view name, const std::string& where)
  {
    const std::string key = folded(name);
    if (const auto known = areas_.find(key); known != areas_.end())
      return known->second;
    const auto found = subcircuits_.find(key);
    if (found == subcircuits_.end())
      throw InputError(fmt::format("{}: subcircuit '{}' is neither defined nor a library cell", where, name));
    if (std::find(expanding_.begin(), expanding_.end(), key) != expanding_.end())
      throw InputError(fmt::format("{}: subcircuit '{}' instantiates itself", where, name));
    expanding_.push_back(key);
    double area = 0.0;
    for (const netlist::Device& d : found->second->devices)
      area += device(d, found->second->name + "." + d.name);
    expanding_.pop_back();
    areas_.emplace(key, area);
    return area;
  }

private:
  double device(const netlist::Device& d, const std::string& where)
  {
    switch (d.kind) {
    case netlist::DeviceKind::mosfet:
      return transistorArea(technology_, parameter(d, "W", where), parameter(d, "L", where));
    case netlist::DeviceKind::capacitor:
      return capacitorArea(technology_.area, plainNumber(d.value, where), d.model == netlist::mimCapacitorModel);
    case netlist::DeviceKind::instance:
      if (const auto cell = netlist::findLibraryCell(d.model))
        return libraryDeviceArea(d, *cell, technology_, where);
      return subcircuit(d.model, where);
    default: throw InputError(fmt::format("{}: no area rule for this kind of device", where));
    }
  }

  const adc::Technology& technology_;
  std::map<std::string, const netlist::Subcircuit*> subcircuits_; // lower-case name → first definition
  std::map<std::string, double> areas_;                           // lower-case name → device area
  std::vector<std::string> expanding_;
};

} // namespace

double subcircuitDeviceArea(const netlist::Circuit& circuit, std::string_view name, const adc::Technology& technology)
{
  return AreaWalker(circuit, technology).subcircuit(name, circuit.title);
}

} // namespace nladc::layout_est
