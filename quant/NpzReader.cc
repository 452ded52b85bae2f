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

// Opens `source` as a zip archive; on failure `source` is freed too.
Archive openArchive(zip_source_t* source, const std::string& where)
{
  zip_error_t error;
  zip_error_init(&error);
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (archive == nullptr) {
    zip_source_free(source);
    const std::string message =
        fmt::format("{}: not a readable .npz (zip) archive: {}", where, zip_error_strerror(&error));
    zip_error_fini(&error);
    throw InputError(message);
  }
  zip_error_fini(&error);
  return Archive(archive);
}

zip_source_t* checkedSource(zip_source_t* source, zip_error_t& error, const std::string& where)
{
  if (source == nullptr) {
    const std::string message = fmt::format("{}: cannot open: {}", where, zip_error_strerror(&error));
    zip_error_fini(&error);
    throw InputError(message);
  }
  zip_error_fini(&error);
  return source;
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

// Calls read(bytes) with the ReadBytes of one member, open for the call.
template <typename ReadMember>
auto withMember(zip_t* archive, const Member& member, const std::string& where, ReadMember&& readMember)
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
  return readMember(read);
}

// The members to read: all, or the one `tensor` names.
std::vector<Member> selectedMembers(const Archive& archive, const std::string& where,
                                    const std::optional<std::string>& tensor)
{
  std::vector<Member> members = listMembers(archive.get(), where);
  if (members.empty())
    throw InputError(where + ": the archive holds no arrays");
  if (!tensor)
    return members;
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
  return {*selected};
}

std::string memberWhere(const std::string& where, const Member& member)
{
  return fmt::format("{}: member '{}'", where, printableExcerpt(member.fileName));
}

std::vector<Tensor> readArchive(const Archive& archive, const std::string& where,
                                const std::optional<std::string>& tensor)
{
  // Each member is held to what the members before it left of the file's
  // limit, before its data is read.
  std::vector<Tensor> tensors;
  std::uint64_t samples = 0;
  for (const Member& member : selectedMembers(archive, where, tensor)) {
    const std::string memberAt = memberWhere(where, member);
    tensors.push_back(
        {levelSetNameFrom(member.arrayName), withMember(archive.get(), member, memberAt, [&](const ReadBytes& read) {
           return parseNpy(read, member.size, memberAt, samples);
         })});
    samples += tensors.back().values.size();
  }
  return tensors;
}

Archive openFile(const std::filesystem::path& path)
{
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = checkedSource(zip_source_file_create(path.c_str(), 0, -1, &error), error, path.string());
  return openArchive(source, path.string());
}

} // namespace

std::vector<Tensor> readNpz(const std::filesystem::path& path, const std::optional<std::string>& tensor)
{
  return readArchive(openFile(path), path.string(), tensor);
}

void streamNpz(const std::filesystem::path& path, const std::optional<std::string>& tensor,
               const std::function<const SampleSink&(const std::string& name)>& sinkFor)
{
  const std::string where = path.string();
  const Archive archive = openFile(path);
  for (const Member& member : selectedMembers(archive, where, tensor)) {
    const std::string memberAt = memberWhere(where, member);
    const SampleSink& sink = sinkFor(levelSetNameFrom(member.arrayName));
    withMember(archive.get(), member, memberAt,
               [&](const ReadBytes& read) { streamNpy(read, member.size, memberAt, sink); });
  }
}

std::vector<Tensor> parseNpz(std::string_view bytes, const std::string& fileLabel,
                             const std::optional<std::string>& tensor)
{
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source =
      checkedSource(zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error), error, fileLabel);
  return readArchive(openArchive(source, fileLabel), fileLabel, tensor);
}

} // namespace nladc::quant
