#include "util/AtomicFile.hh"

#include "util/Error.hh"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace nladc {

namespace {

std::string systemMessage(const std::filesystem::path& path, const char* what)
{
  return path.string() + ": " + what + ": " + std::strerror(errno);
}

} // namespace

void writeFileAtomically(const std::filesystem::path& path, std::string_view content)
{
  writeFileAtomically(path, [content](const PieceWriter& put) { put(content); });
}

void writeFileAtomically(const std::filesystem::path& path, const std::function<void(const PieceWriter& put)>& produce)
{
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
  // Hidden, beside the target, so the rename stays on one file system.
  std::filesystem::path hidden(".");
  hidden += path.filename();
  hidden += ".tmp-XXXXXX";
  std::string temp = (dir / hidden).string();
  const int fd = mkstemp(temp.data());
  if (fd < 0)
    throw WorkError(systemMessage(path, "cannot create temporary file"));

  const PieceWriter put = [&](std::string_view piece) {
    const char* data = piece.data();
    size_t left = piece.size();
    while (left > 0) {
      const ssize_t written = ::write(fd, data, left);
      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        throw WorkError(systemMessage(path, "cannot write"));
      data += written;
      left -= static_cast<size_t>(written);
    }
  };
  try {
    produce(put);
  } catch (...) {
    ::close(fd);
    ::unlink(temp.c_str());
    throw;
  }
  // mkstemp creates 0600; a result file should be readable like any other.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  const bool synced = ::fsync(fd) == 0;
  const bool closed = ::close(fd) == 0;
  if (!synced || !closed) {
    const std::string message = systemMessage(path, "cannot flush");
    ::unlink(temp.c_str());
    throw WorkError(message);
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const std::string message = systemMessage(path, "cannot rename into place");
    ::unlink(temp.c_str());
    throw WorkError(message);
  }
}

void requireWritablePath(const std::filesystem::path& path)
{
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error))
    throw InputError(path.string() + ": its directory does not exist");
  if (std::filesystem::is_directory(path, error))
    throw InputError(path.string() + ": is a directory");
  if (access(dir.c_str(), W_OK) != 0)
    throw InputError(systemMessage(dir, "cannot write there"));
}

} // namespace nladc
