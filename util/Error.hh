#pragma once

#include <stdexcept>

namespace nladc {

// Bad usage or bad input: the CLI prints the one-line message and exits 2.
// Messages name the file, the field or line, and what is wrong.
class InputError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// The work itself failed (I/O, a simulation): the CLI exits 1.
class WorkError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

} // namespace nladc
