// The text (.csv, .txt) reader on arbitrary bytes, in memory and streamed,
// which must agree. The first byte picks the column option (none or 1…4);
// the rest is the file.
#include "fuzz/FuzzInput.hh"
#include "quant/TextReader.hh"

#include <optional>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  if (size == 0)
    return 0;
  const int choice = data[0] % 5;
  const std::optional<int> column = choice == 0 ? std::nullopt : std::optional<int>(choice);
  const std::string text(nladc::fuzz::textOf(data + 1, size - 1));
  return nladc::fuzz::expectSameSamples(
      [&] {
        std::istringstream in{text};
        return nladc::quant::readText(in, column, "fuzz.csv");
      },
      [&](const nladc::quant::SampleSink& sink) {
        std::istringstream in{text};
        nladc::quant::streamText(in, column, "fuzz.csv", sink);
      });
}
