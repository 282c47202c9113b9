// include: as NSD does it: anywhere in the text, relative to the working directory, globs in
// sorted order, and (unlike NSD) cycles reported instead of followed until the file
// descriptors run out.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "config/config_loader.h"

namespace zoned::config {
namespace {

namespace fs = std::filesystem;

// A fresh directory that is the working directory for the test's lifetime.
class IncludeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "zoned-include-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    old_cwd_ = fs::current_path();
    fs::current_path(dir_);
  }
  void TearDown() override {
    fs::current_path(old_cwd_);
    fs::remove_all(dir_);
  }
  void write(const std::string& name, const std::string& text) {
    fs::create_directories((dir_ / name).parent_path());
    std::ofstream(dir_ / name) << text;
  }
  static std::vector<std::string> errors(const LoadedConfig& loaded) {
    std::vector<std::string> out;
    for (const Diagnostic& d : loaded.diagnostics.messages()) {
      if (d.severity == Severity::kError) out.push_back(d.to_string());
    }
    return out;
  }

  fs::path dir_;
  fs::path old_cwd_;
};

TEST_F(IncludeTest, IncludedTextContinuesTheClauseAndKeepsItsOwnLines) {
  write("main.conf", "server:\n  include: \"part.conf\"\n  verbosity: 2\n");
  write("part.conf", "# part\nport: 5353\nbogus: 1\n");
  LoadedConfig loaded = load_config_file("main.conf");
  EXPECT_EQ(loaded.config.server.port, 5353);
  EXPECT_EQ(loaded.config.server.verbosity, 2u);
  EXPECT_EQ(errors(loaded),
            (std::vector<std::string>{"part.conf:3: error: unknown option 'bogus' in server:"}));
}

TEST_F(IncludeTest, RelativePathsAreFromTheWorkingDirectoryAsInNsd) {
  write("conf/main.conf", "include: conf/keys.conf\n");
  write("conf/keys.conf", "key:\n name: k\n secret: \"YWJj\"\n");
  LoadedConfig loaded = load_config_file("conf/main.conf");
  ASSERT_TRUE(loaded.ok()) << errors(loaded)[0];
  EXPECT_NE(loaded.config.find_key("k"), nullptr);

  write("conf/other.conf", "include: keys.conf\n");  // not relative to conf/
  LoadedConfig other = load_config_file("conf/other.conf");
  ASSERT_EQ(errors(other).size(), 1u);
  EXPECT_EQ(errors(other)[0],
            "conf/other.conf:1: error: cannot open include file 'keys.conf': No such file or "
            "directory");
}

TEST_F(IncludeTest, GlobIncludesEveryMatchInSortedOrder) {
  write("main.conf", "include: \"zones.d/*.conf\"\n");
  write("zones.d/b.conf", "zone:\n name: b.example\n zonefile: b\n");
  write("zones.d/a.conf", "zone:\n name: a.example\n zonefile: a\n");
  write("zones.d/c.conf", "zone:\n name: c.example\n zonefile: c\n");
  write("zones.d/ignored.txt", "bogus");
  LoadedConfig loaded = load_config_file("main.conf");
  ASSERT_TRUE(loaded.ok()) << errors(loaded)[0];
  ASSERT_EQ(loaded.config.zones.size(), 3u);
  EXPECT_EQ(loaded.config.zones[0].name, "a.example");
  EXPECT_EQ(loaded.config.zones[1].name, "b.example");
  EXPECT_EQ(loaded.config.zones[2].name, "c.example");
}

TEST_F(IncludeTest, GlobWithoutMatchesIsNotAnError) {
  fs::create_directories(dir_ / "empty.d");
  write("main.conf", "include: \"empty.d/*.conf\"\nserver:\n port: 54\n");
  LoadedConfig loaded = load_config_file("main.conf");
  EXPECT_TRUE(loaded.ok());
  EXPECT_EQ(loaded.config.server.port, 54);
}

TEST_F(IncludeTest, BraceGlob) {
  write("main.conf", "include: \"{x,y}.conf\"\n");
  write("x.conf", "server:\n port: 1\n");
  write("y.conf", "server:\n verbosity: 1\n");
  LoadedConfig loaded = load_config_file("main.conf");
  EXPECT_EQ(loaded.config.server.port, 1);
  EXPECT_EQ(loaded.config.server.verbosity, 1u);
}

TEST_F(IncludeTest, MissingFileIsAnErrorAtTheIncludeLine) {
  write("main.conf", "server:\n\ninclude: \"missing.conf\"\n");
  LoadedConfig loaded = load_config_file("main.conf");
  EXPECT_EQ(errors(loaded), (std::vector<std::string>{
                                "main.conf:3: error: cannot open include file 'missing.conf': No "
                                "such file or directory"}));
}

TEST_F(IncludeTest, CycleIsAnError) {
  write("a.conf", "include: b.conf\nserver:\n port: 1\n");
  write("b.conf", "\ninclude: a.conf\n");
  LoadedConfig loaded = load_config_file("a.conf");
  EXPECT_EQ(errors(loaded),
            (std::vector<std::string>{"b.conf:2: error: include of 'a.conf' makes a cycle: that "
                                      "file is already being read"}));
  EXPECT_EQ(loaded.config.server.port, 1);
}

TEST_F(IncludeTest, SelfIncludeThroughAnotherSpellingIsACycle) {
  write("a.conf", "include: ./a.conf\n");
  EXPECT_EQ(errors(load_config_file("a.conf")).size(), 1u);
}

TEST_F(IncludeTest, SameFileTwiceInARowIsNoCycle) {
  write("main.conf", "include: z.conf\ninclude: z.conf\n");
  write("z.conf", "server:\n verbosity: 1\n");
  EXPECT_TRUE(load_config_file("main.conf").ok());
}

TEST_F(IncludeTest, IncludeMayStandBetweenAnOptionAndItsValue) {
  write("main.conf", "key:\n name: k\n secret: include: secret.conf\n");
  write("secret.conf", "\"YWJj\"\n");
  LoadedConfig loaded = load_config_file("main.conf");
  ASSERT_TRUE(loaded.ok()) << errors(loaded)[0];
  EXPECT_EQ(loaded.config.keys[0].secret_base64, "YWJj");
}

TEST_F(IncludeTest, IncludeWithoutAName) {
  write("main.conf", "include:\n");
  EXPECT_EQ(errors(load_config_file("main.conf")),
            (std::vector<std::string>{"main.conf:1: error: include: needs a file name"}));
  write("empty.conf", "include: \"\"\n");
  EXPECT_EQ(errors(load_config_file("empty.conf")),
            (std::vector<std::string>{"empty.conf:1: error: include: has an empty file name"}));
}

TEST_F(IncludeTest, MissingMainFile) {
  EXPECT_EQ(errors(load_config_file("nope.conf")),
            (std::vector<std::string>{
                "nope.conf: error: cannot read the configuration: No such file or directory"}));
}

TEST_F(IncludeTest, IncludesCanBeTurnedOff) {
  write("z.conf", "server:\n verbosity: 1\n");
  InputLimits limits;
  limits.follow_includes = false;
  LoadedConfig loaded = load_config_text("include: z.conf\n", "t.conf", limits);
  EXPECT_EQ(errors(loaded),
            (std::vector<std::string>{"t.conf:1: error: include: is not allowed here"}));
}

TEST_F(IncludeTest, OversizedFileIsRefused) {
  write("big.conf", std::string(100, '#'));
  InputLimits limits;
  limits.max_file_size = 10;
  LoadedConfig loaded = load_config_text("include: big.conf\n", "t.conf", limits);
  EXPECT_EQ(errors(loaded), (std::vector<std::string>{
                                "t.conf:1: error: cannot open include file 'big.conf': larger "
                                "than 10 octets"}));
}

}  // namespace
}  // namespace zoned::config
