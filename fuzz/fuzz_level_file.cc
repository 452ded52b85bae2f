// The level-file (JSON) reader on arbitrary text.
#include "fuzz/FuzzInput.hh"
#include "quant/LevelFileReader.hh"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  return nladc::fuzz::expectOnlyInputError(
      [&] { nladc::quant::parseLevelFile(nladc::fuzz::textOf(data, size), "fuzz.json"); });
}
