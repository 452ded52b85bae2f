#include "netlist/CellLibrary.hh"

#include <array>
#include <fmt/format.h>
#include <utility>

namespace nladc::netlist {

namespace {

constexpr std::array<std::pair<LibraryCell, std::string_view>, 8> names{{
    {LibraryCell::rramCell, "nladc_cell"},
    {LibraryCell::unitResistor, "nladc_unit_resistor"},
    {LibraryCell::inverter, "nladc_std_inv"},
    {LibraryCell::nand2, "nladc_std_nand2"},
    {LibraryCell::xor2, "nladc_std_xor2"},
    {LibraryCell::mux2, "nladc_std_mux2"},
    {LibraryCell::latch, "nladc_std_latch"},
    {LibraryCell::flipFlop, "nladc_std_dff"},
}};

bool equalFolded(std::string_view a, std::string_view b)
{
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i]))
      return false;
  }
  return true;
}

} // namespace

std::string_view libraryCellName(LibraryCell cell)
{
  for (const auto& [c, name] : names)
    if (c == cell)
      return name;
  return {};
}

std::optional<LibraryCell> findLibraryCell(std::string_view subcircuit)
{
  for (const auto& [cell, name] : names)
    if (equalFolded(subcircuit, name))
      return cell;
  return std::nullopt;
}

Device libraryInstance(std::string name, LibraryCell cell, std::vector<std::string> nets)
{
  return Device{std::move(name), DeviceKind::instance, std::move(nets), std::string(libraryCellName(cell)), "", {}};
}

void addCellChain(Subcircuit& block, const std::string& prefix, LibraryCell cell, int count)
{
  for (int i = 0; i < count; ++i)
    block.devices.push_back(libraryInstance(fmt::format("{}{}", prefix, i), cell,
                                            {fmt::format("{}_n{}", prefix, i), fmt::format("{}_n{}", prefix, i + 1)}));
}

} // namespace nladc::netlist
