// The .npy and .npz readers on arbitrary bytes: a zip archive (it starts with
// "PK") goes to the .npz reader, anything else to the .npy reader, in memory
// and streamed, which must agree.
#include "fuzz/FuzzInput.hh"
#include "quant/NpyReader.hh"
#include "quant/NpzReader.hh"

#include <optional>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view bytes = nladc::fuzz::textOf(data, size);
  if (bytes.starts_with("PK"))
    return nladc::fuzz::expectOnlyInputError([&] { nladc::quant::parseNpz(bytes, "fuzz.npz", std::nullopt); });
  return nladc::fuzz::expectSameSamples(
      [&] {
        std::istringstream in{std::string(bytes)};
        return nladc::quant::readNpy(in, bytes.size(), "fuzz.npy");
      },
      [&](const nladc::quant::SampleSink& sink) {
        std::istringstream in{std::string(bytes)};
        nladc::quant::streamNpy(nladc::quant::bytesFrom(in, "fuzz.npy"), bytes.size(), "fuzz.npy", sink);
      });
}
