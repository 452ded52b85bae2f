// The .npy and .npz readers on arbitrary bytes: a zip archive (it starts with
// "PK") goes to the .npz reader, anything else to the .npy reader.
#include "fuzz/FuzzInput.hh"
#include "quant/NpyReader.hh"
#include "quant/NpzReader.hh"

#include <optional>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view bytes = nladc::fuzz::textOf(data, size);
  return nladc::fuzz::expectOnlyInputError([&] {
    if (bytes.starts_with("PK")) {
      nladc::quant::parseNpz(bytes, "fuzz.npz", std::nullopt);
      return;
    }
    std::istringstream in{std::string(bytes)};
    nladc::quant::readNpy(in, bytes.size(), "fuzz.npy");
  });
}
