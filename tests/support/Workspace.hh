#pragma once

// A temporary directory for end-to-end tests, and a way to run the nladc
// executable (NLADC_BINARY) in it and collect exit status, stdout, stderr.

#include "tests/support/TempDir.hh"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace nladc::testing {

struct Run {
  int status = -1;
  std::string out;
  std::string err;
};

inline std::string quoted(const std::string& arg)
{
  std::string q = "'";
  for (const char c : arg)
    q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

inline std::string slurp(const std::filesystem::path& path)
{
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A CLI error is one line: non-empty, ending in its only newline.
inline bool isOneLine(const std::string& s)
{
  return !s.empty() && s.back() == '\n' && s.find('\n') == s.size() - 1;
}

class Workspace {
public:
  std::filesystem::path path(const std::string& name) const { return dir_.path() / name; }

  Run run(const std::vector<std::string>& args) const
  {
    std::string command = quoted(NLADC_BINARY);
    for (const std::string& a : args)
      command += " " + quoted(a);
    command += " > " + quoted(path("stdout").string()) + " 2> " + quoted(path("stderr").string()) + " < /dev/null";
    const int raw = std::system(command.c_str());
    Run r;
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.out = slurp(path("stdout"));
    r.err = slurp(path("stderr"));
    return r;
  }

  // Raw little-endian float32 samples, the simplest activation file.
  std::filesystem::path writeF32(const std::string& name, const std::vector<float>& values) const
  {
    const std::filesystem::path p = path(name);
    std::ofstream out(p, std::ios::binary);
    out.write(reinterpret_cast<const char*>(values.data()), static_cast<std::streamsize>(values.size() * 4));
    return p;
  }

  std::filesystem::path writeText(const std::string& name, const std::string& text) const
  {
    const std::filesystem::path p = path(name);
    std::ofstream(p) << text;
    return p;
  }

private:
  TempDir dir_{"nladc-cli"};
};

} // namespace nladc::testing
