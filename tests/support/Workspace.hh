#pragma once

// A temporary directory for end-to-end tests, and a way to run the nladc
// executable (NLADC_BINARY) in it and collect exit status, stdout, stderr.

#include "tests/support/TempDir.hh"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
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

// The bundled generic 65 nm technology file: the tests' technology.
inline std::string bundledTechnology()
{
  return std::string(NLADC_EXAMPLES_DIR) + "/tech/generic-65nm.yaml";
}

inline std::string slurp(const std::filesystem::path& path)
{
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline size_t lineCount(const std::filesystem::path& file)
{
  const std::string text = slurp(file);
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

// A CLI error is one line: non-empty, ending in its only newline.
inline bool isOneLine(const std::string& s)
{
  return !s.empty() && s.back() == '\n' && s.find('\n') == s.size() - 1;
}

class Workspace {
public:
  std::filesystem::path path(const std::string& name) const { return dir_.path() / name; }

  Run run(const std::vector<std::string>& args) const { return runCommand(withBinary(args)); }

  // Any command (its first word the program), as run() runs nladc: for a
  // launcher in front of nladc (mpirun).
  Run runCommand(const std::vector<std::string>& command) const
  {
    std::string line;
    for (const std::string& word : command)
      line += quoted(word) + " ";
    line += "> " + quoted(path("stdout").string()) + " 2> " + quoted(path("stderr").string()) + " < /dev/null";
    const int raw = std::system(line.c_str());
    Run r;
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.out = slurp(path("stdout"));
    r.err = slurp(path("stderr"));
    return r;
  }

  // Starts nladc in the background (output discarded) for a test that
  // signals it; the caller waits for the returned process.
  pid_t start(const std::vector<std::string>& args) const { return startCommand(withBinary(args)); }

  pid_t startCommand(const std::vector<std::string>& command) const
  {
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      std::vector<char*> argv;
      for (const std::string& word : command)
        argv.push_back(const_cast<char*>(word.c_str()));
      argv.push_back(nullptr);
      const int devNull = open("/dev/null", O_WRONLY);
      dup2(devNull, STDOUT_FILENO);
      dup2(devNull, STDERR_FILENO);
      execv(argv[0], argv.data());
      _exit(127);
    }
    return child;
  }

  // Starts nladc, and once `ready()` holds (polled every 50 ms, for at most
  // `patience`) stops it with SIGINT; the exit status it ended with, which
  // must be a normal exit.
  int interrupted(const std::vector<std::string>& args, const std::function<bool()>& ready,
                  std::chrono::seconds patience = std::chrono::seconds(120)) const
  {
    const pid_t child = start(args);
    const auto deadline = std::chrono::steady_clock::now() + patience;
    while (!ready() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    kill(child, SIGINT);
    int status = 0;
    waitpid(child, &status, 0);
    REQUIRE(WIFEXITED(status));
    return WEXITSTATUS(status);
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
  static std::vector<std::string> withBinary(const std::vector<std::string>& args)
  {
    std::vector<std::string> command{NLADC_BINARY};
    command.insert(command.end(), args.begin(), args.end());
    return command;
  }

  TempDir dir_{"nladc-cli"};
};

} // namespace nladc::testing
