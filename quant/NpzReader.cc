#include "quant/NpzReader.hh"

#include "quant/NpyReader.hh"
#include "util/Error.hh"

#include <fmt/format.h>
#include <zip.h>

#include <algorithm>
#include <memory>
#include <string_view>

namespace nladc::quant {

namespace {

struct ArchiveCloser {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
struct MemberCloser {
  void operator()(zip_file_t* member) const { zip_fclose(member); }
};
using Archive = std::unique_ptr<zip_t, ArchiveCloser>;
using MemberFile = std::unique_ptr<zip_file_t, MemberCloser>;

struct Member {
  zip_uint64_t index;
  std::string fileName;  // as stored: "conv1.relu.npy"
  std::string arrayName; // as given to np.savez: "conv1.relu"
  zip_uint64_t size;     // uncompressed
};

Archive openArchive(const std::filesystem::path& path)
{
  int code = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_RDONLY, &code);
  if (archive == nullptr) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    const std::string message =
        fmt::format("{}: not a readable .npz (zip) archive: {}", path.string(), zip_error_strerror(&error));
    zip_error_fini(&error);
    throw InputError(message);
  }
  return Archive(archive);
}

std::vector<Member> listMembers(zip_t* archive, const std::string& where)
{
  constexpr std::string_view kSuffix = ".npy";
  std::vector<Member> members;
  const zip_int64_t count = zip_get_num_entries(archive, 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    const auto index = static_cast<zip_uint64_t>(i);
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(archive, index, 0, &stat) != 0 || (stat.valid & ZIP_STAT_NAME) == 0 ||
        (stat.valid & ZIP_STAT_SIZE) == 0)
      throw InputError(
          fmt::format("{}: cannot read the directory entry of member {}: {}", where, index + 1, zip_strerror(archive)));
    std::string fileName = stat.name;
    std::string arrayName =
        fileName.ends_with(kSuffix) ? fileName.substr(0, fileName.size() - kSuffix.size()) : fileName;
    members.push_back({index, std::move(fileName), std::move(arrayName), stat.size});
  }
  return members;
}

std::vector<float> readMember(zip_t* archive, const Member& member, const std::string& where)
{
  const MemberFile file(zip_fopen_index(archive, member.index, 0));
  if (!file)
    throw InputError(fmt::format("{}: cannot open: {}", where, zip_strerror(archive)));
  const ReadBytes read = [&](char* buffer, std::size_t size) {
    const zip_int64_t got = zip_fread(file.get(), buffer, size);
    if (got < 0)
      throw InputError(fmt::format("{}: cannot read: {}", where, zip_file_strerror(file.get())));
    return static_cast<std::size_t>(got);
  };
  return parseNpy(read, member.size, where);
}

} // namespace

std::vector<Tensor> readNpz(const std::filesystem::path& path, const std::optional<std::string>& tensor)
{
  const std::string where = path.string();
  const Archive archive = openArchive(path);
  std::vector<Member> members = listMembers(archive.get(), where);
  if (members.empty())
    throw InputError(where + ": the archive holds no arrays");

  if (tensor) {
    const auto selected = std::find_if(members.begin(), members.end(), [&](const Member& member) {
      return member.arrayName == *tensor || levelSetNameFrom(member.arrayName) == *tensor;
    });
    if (selected == members.end()) {
      std::vector<std::string> available;
      for (const Member& member : members)
        available.push_back(printableExcerpt(member.arrayName));
      throw InputError(fmt::format("{}: no tensor '{}'; the archive holds {}", where, printableExcerpt(*tensor),
                                   fmt::join(available, ", ")));
    }
    members = {*selected};
  }

  std::vector<Tensor> tensors;
  for (const Member& member : members) {
    const std::string memberWhere = fmt::format("{}: member '{}'", where, printableExcerpt(member.fileName));
    tensors.push_back({levelSetNameFrom(member.arrayName), readMember(archive.get(), member, memberWhere)});
  }
  return tensors;
}

} // namespace nladc::quant
