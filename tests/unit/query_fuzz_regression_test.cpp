// Every input of fuzz/corpus/query and fuzz/regressions/query goes through what
// fuzz/fuzz_query.cpp does with an input (the same function: that file is included here):
// process_query() over the fuzz target's zones and policies, then every invariant it
// checks. A broken invariant traps, so this program dies on the input it names last on
// stderr.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "../../fuzz/fuzz_query.cpp"

namespace zoned::server {
namespace {

namespace fs = std::filesystem;

std::vector<std::uint8_t> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in),
                                   std::istreambuf_iterator<char>());
}

// The files of fuzz/<dir>, in name order (README.md and other notes left out).
std::vector<fs::path> inputs(const std::string& dir) {
  std::vector<fs::path> files;
  const fs::path root = fs::path(ZONED_TEST_DATA) / ".." / "fuzz" / dir;
  if (!fs::is_directory(root)) return files;
  for (const fs::directory_entry& entry : fs::directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.path().extension() == ".md") continue;
    files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::size_t replay(const std::string& dir) {
  std::size_t count = 0;
  for (const fs::path& file : inputs(dir)) {
    // Named before the run: a trapped invariant ends the program without a gtest message.
    std::fprintf(stderr, "%s\n", file.filename().c_str());
    std::vector<std::uint8_t> data = read_file(file);
    EXPECT_EQ(LLVMFuzzerTestOneInput(data.data(), data.size()), 0) << file;
    ++count;
  }
  return count;
}

TEST(QueryFuzzRegression, SeedCorpusKeepsEveryInvariant) {
  EXPECT_GE(replay("corpus/query"), 20u);
}

TEST(QueryFuzzRegression, KeptCrashesKeepEveryInvariant) {
  replay("regressions/query");
}

// The control octets alone (and less) are no message: nothing to answer.
TEST(QueryFuzzRegression, ShortInputs) {
  const std::uint8_t none[2] = {0, 0};
  EXPECT_EQ(LLVMFuzzerTestOneInput(none, 0), 0);
  EXPECT_EQ(LLVMFuzzerTestOneInput(none, 1), 0);
  EXPECT_EQ(LLVMFuzzerTestOneInput(none, 2), 0);
}

// Every transport, source and signing mode over one query: each answer keeps the invariants
// (a signed one verifies with the key), whatever the mode octets say.
TEST(QueryFuzzRegression, EveryModeOverOneQuery) {
  const std::vector<std::uint8_t> query = {
      0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // header
      3,    'w',  'w',  'w',  4,    'f',  'u',  'z',  'z',  7,    'e',  'x',
      'a',  'm',  'p',  'l',  'e',  0,    0x00, 0x01, 0x00, 0x01};  // www.fuzz.example. A IN
  for (unsigned mode = 0; mode < 256; ++mode) {
    for (unsigned options : {0u, 0x7fu, 0x80u}) {
      std::vector<std::uint8_t> input = {static_cast<std::uint8_t>(mode),
                                         static_cast<std::uint8_t>(options)};
      input.insert(input.end(), query.begin(), query.end());
      EXPECT_EQ(LLVMFuzzerTestOneInput(input.data(), input.size()), 0);
    }
  }
}

}  // namespace
}  // namespace zoned::server
