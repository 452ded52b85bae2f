#pragma once

// A testbench's transistor by its ngspice name, for the comparator's and
// the front end's characterisation tests.

#include "netlist/ComparatorTestbench.hh"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace nladc::testing {

// The index of `name` in simulation.transistors(); fails the test when absent.
template <class Simulation> size_t transistorNamed(const Simulation& simulation, const std::string& name)
{
  const std::vector<netlist::TestbenchTransistor>& transistors = simulation.transistors();
  for (size_t i = 0; i < transistors.size(); ++i)
    if (transistors[i].spiceName == name)
      return i;
  FAIL("no transistor " << name);
  return 0;
}

} // namespace nladc::testing
