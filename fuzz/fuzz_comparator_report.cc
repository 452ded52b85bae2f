// The comparator.json reader (design, mc and area --comparator) on arbitrary text.
#include "adc/ComparatorReportReader.hh"
#include "fuzz/FuzzInput.hh"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  return nladc::fuzz::expectOnlyInputError(
      [&] { nladc::adc::parseComparatorReport(nladc::fuzz::textOf(data, size), "fuzz.json"); });
}
