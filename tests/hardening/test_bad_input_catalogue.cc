// docs/bad-input.md is executable: every row of its table runs the nladc
// executable on one bad input and checks the contract of DESIGN.md §7.

#include "quant/ActivationReader.hh"
#include "tests/support/Npz.hh"
#include "tests/support/TempDir.hh"
#include "tests/support/Workspace.hh"
#include "util/Text.hh"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace fs = std::filesystem;

namespace {

using nladc::testing::Run;
using nladc::testing::TempDir;
using nladc::testing::Workspace;

struct Row {
  std::string number;
  std::string args;
  std::string message;
};

// The cells of a Markdown table row "| a | b | … |".
std::vector<std::string> cellsOf(const std::string& line)
{
  std::vector<std::string> cells;
  std::istringstream in(line.substr(1));
  for (std::string cell; std::getline(in, cell, '|');)
    cells.push_back(std::string(nladc::trimmed(cell)));
  return cells;
}

std::string unquoted(const std::string& cell)
{
  REQUIRE(cell.size() >= 2);
  REQUIRE(cell.front() == '`');
  REQUIRE(cell.back() == '`');
  return cell.substr(1, cell.size() - 2);
}

std::vector<Row> catalogueRows()
{
  std::ifstream in(fs::path(NLADC_DOCS_DIR) / "bad-input.md");
  REQUIRE(in);
  std::vector<Row> rows;
  for (std::string line; std::getline(in, line);) {
    if (!line.starts_with("| ") || line.size() < 3 || line[2] < '0' || line[2] > '9')
      continue;
    const std::vector<std::string> cells = cellsOf(line);
    REQUIRE(cells.size() == 5);
    REQUIRE(cells[0] == std::to_string(rows.size() + 1));
    rows.push_back({cells[0], unquoted(cells[3]), unquoted(cells[4])});
  }
  return rows;
}

std::string substituted(std::string text, const std::map<std::string, std::string>& values)
{
  for (const auto& [key, value] : values)
    for (size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
      text.replace(at, key.size(), value);
  return text;
}

std::vector<std::string> split(const std::string& args)
{
  std::vector<std::string> words;
  std::istringstream in(args);
  for (std::string word; std::getline(in, word, ' ');)
    words.push_back(word);
  return words;
}

// Large inputs made without using the disk: sparse files (a level file and
// a deck one byte past the limits of docs/limits.md; a raw .f32 and an .npy
// of 10^8 + 1 zeros, which the streaming readers pass through) and a small
// .npz whose second member's header declares 10^8 samples and no data.
void writeOversizedInputs(const fs::path& dir)
{
  for (const auto& [name, bytes] : {std::pair{"huge.json", (64u << 20) + 1}, std::pair{"huge.sp", (256u << 20) + 1}}) {
    std::ofstream(dir / name).close();
    fs::resize_file(dir / name, bytes);
  }
  const std::uintmax_t samples = nladc::quant::maxSamplesPerFile + 1;
  std::ofstream(dir / "huge.f32").close();
  fs::resize_file(dir / "huge.f32", samples * 4);

  const std::string header = nladc::testing::npyBytes("<f4", samples, "");
  std::ofstream(dir / "huge.npy", std::ios::binary) << header;
  fs::resize_file(dir / "huge.npy", header.size() + samples * 4);

  nladc::testing::writeNpz(dir / "huge.npz", {{"a.npy", nladc::testing::npyBytes("<f4", 1, std::string(4, '\0'))},
                                              {"b.npy", nladc::testing::npyBytes("<f4", samples - 1, "")}});
}

} // namespace

TEST_CASE("docs/bad-input.md: every row exits 2 with its one line and writes nothing")
{
  const std::vector<Row> rows = catalogueRows();
  REQUIRE(rows.size() >= 40);
  const TempDir big("nladc-big");
  writeOversizedInputs(big.path());

  for (const Row& row : rows) {
    const Workspace ws;
    const fs::path dir = ws.path("stdout").parent_path();
    const std::map<std::string, std::string> values{
        {"{data}", NLADC_TEST_DATA_DIR},
        {"{cat}", std::string(NLADC_TEST_DATA_DIR) + "/catalogue"},
        {"{tech}", std::string(NLADC_EXAMPLES_DIR) + "/tech/generic-65nm.yaml"},
        {"{ws}", dir.string()},
        {"{big}", big.path().string()},
    };
    const Run r = ws.run(split(substituted(row.args, values)));
    INFO("row " << row.number << ": " << row.args << "\n→ " << r.err);
    CHECK(r.status == 2);
    CHECK(r.err == "nladc: " + substituted(row.message, values) + "\n");
    CHECK(r.out.empty());
    std::vector<std::string> left;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir))
      if (entry.path().filename() != "stdout" && entry.path().filename() != "stderr")
        left.push_back(entry.path().filename().string());
    CHECK(left.empty());
  }
}
