#pragma once

// .npy streams and .npz archives written by hand, so a test can make a header
// declare more samples than the data after it: the readers must refuse a
// count past their limit from the header alone.

#include "quant/NpyWriter.hh"

#include <catch2/catch.hpp>
#include <zip.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace nladc::testing {

// A version 1.0 .npy stream of a one-dimensional array of `count` elements of
// `descr` ('<f4', …), the header padded as numpy pads it, then `data` (which
// may hold fewer bytes than `count` elements need).
inline std::string npyBytes(const std::string& descr, std::uint64_t count, const std::string& data)
{
  const std::uint64_t shape[] = {count};
  return quant::npyHeader(descr, shape) + data;
}

struct NpzMember {
  std::string name;  // "a.npy"
  std::string bytes; // an .npy stream
};

// Writes `members` into a new zip archive at `path`, deflated as
// np.savez_compressed writes them.
inline void writeNpz(const std::filesystem::path& path, const std::vector<NpzMember>& members)
{
  struct Discard {
    void operator()(zip_t* archive) const { zip_discard(archive); }
  };
  int error = 0;
  std::unique_ptr<zip_t, Discard> archive(zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error));
  REQUIRE(archive != nullptr);
  for (const NpzMember& member : members) {
    zip_source_t* source = zip_source_buffer(archive.get(), member.bytes.data(), member.bytes.size(), 0);
    REQUIRE(source != nullptr);
    const zip_int64_t index = zip_file_add(archive.get(), member.name.c_str(), source, ZIP_FL_ENC_UTF_8);
    if (index < 0)
      zip_source_free(source);
    REQUIRE(index >= 0);
    REQUIRE(zip_set_file_compression(archive.get(), static_cast<zip_uint64_t>(index), ZIP_CM_DEFLATE, 0) == 0);
  }
  // The sources are read here, while `members` still holds their bytes; on
  // success zip_close frees the archive.
  REQUIRE(zip_close(archive.get()) == 0);
  archive.release();
}

} // namespace nladc::testing
