// Writes the synthetic samples of tests/support/Synthetic.hh as raw float32,
// so the tables in docs/ can be reproduced with the nladc command:
//   write_synthetic relu6 200000 17 relu6.f32 && nladc compare relu6.f32 --bits 3

#include "tests/support/Synthetic.hh"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

int main(int argc, char** argv)
{
  if (argc != 5) {
    std::fprintf(stderr, "usage: write_synthetic relu6|normal COUNT SEED OUT.f32\n");
    return 2;
  }
  const std::string shape = argv[1];
  const size_t count = std::strtoull(argv[2], nullptr, 10);
  const uint64_t seed = std::strtoull(argv[3], nullptr, 10);
  if (shape != "relu6" && shape != "normal") {
    std::fprintf(stderr, "write_synthetic: unknown shape '%s'\n", argv[1]);
    return 2;
  }
  const std::vector<float> values =
      shape == "relu6" ? nladc::testing::reluShaped(count, seed) : nladc::testing::standardNormal(count, seed);
  std::ofstream out(argv[4], std::ios::binary);
  out.write(reinterpret_cast<const char*>(values.data()), static_cast<std::streamsize>(values.size() * sizeof(float)));
  return out ? 0 : 1;
}
