// The SPICE subset reader on arbitrary text.
#include "fuzz/FuzzInput.hh"
#include "netlist/SpiceReader.hh"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  return nladc::fuzz::expectOnlyInputError(
      [&] { nladc::netlist::readSpice(nladc::fuzz::textOf(data, size), "fuzz.sp"); });
}
