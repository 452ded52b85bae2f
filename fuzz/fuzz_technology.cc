// The technology-file (YAML) reader on arbitrary text. Model paths resolve
// against examples/tech/, so the seeds' model files exist.
#include "adc/TechnologyReader.hh"
#include "fuzz/FuzzInput.hh"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  return nladc::fuzz::expectOnlyInputError(
      [&] { nladc::adc::parseTechnology(nladc::fuzz::textOf(data, size), "fuzz.yaml", NLADC_EXAMPLES_TECH_DIR); });
}
