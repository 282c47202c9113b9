// The secondary's state file (transfer/secondary_state_file.h): round trips, a missing file,
// and every way a damaged file is refused with its line.
#include "transfer/secondary_state_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace zoned::transfer {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string t = testing::TempDir() + "secondary_state_XXXXXX";
    path_ = ::mkdtemp(t.data());
    EXPECT_FALSE(path_.empty());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  std::size_t entries() const {
    return static_cast<std::size_t>(
        std::distance(fs::directory_iterator(path_), fs::directory_iterator()));
  }

 private:
  std::string path_;
};

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<SecondaryZoneRecord> sample() {
  SecondaryZoneRecord a;
  a.zone = "example.com.";
  a.has_serial = true;
  a.serial = 4294967295u;
  a.acquired = 1795694400;
  a.last_refresh = 1795694460;
  a.next_refresh = 1795705260;
  a.has_notified = true;
  a.notified_serial = 0;
  a.last_transfer = "IXFR 7 -> 8 from 127.0.0.2@53 key secretkey0 at 2026-11-26 12:00:00";
  SecondaryZoneRecord b;
  b.zone = "expired.example.";
  b.expired = true;
  b.acquired = -5;
  b.retry_step = 7;
  b.last_error = " two\nlines, a \\ backslash,\ta tab, \r\x01 and a space at each end ";
  b.last_transfer = "\\n is not a newline\\";
  SecondaryZoneRecord c;
  c.zone = "never.example.";
  return {a, b, c};
}

// Writes `text` and reads it: the error, or "" when it was read.
std::string read_error(const std::string& text, std::vector<SecondaryZoneRecord>* out = nullptr) {
  static const TempDir dir;  // one for all: the truncation test reads a thousand files
  const std::string path = dir.file("state");
  write_text(path, text);
  std::vector<SecondaryZoneRecord> zones;
  std::string error;
  if (!read_secondary_state(path, zones, error)) {
    EXPECT_EQ(error.substr(0, path.size() + 1), path + ":");
    return error.substr(path.size());
  }
  if (out != nullptr) *out = zones;
  return "";
}

TEST(SecondaryStateFile, RoundTrip) {
  TempDir dir;
  const std::string path = dir.file("sub/dir/xfrd.state");
  std::string error;
  ASSERT_TRUE(write_secondary_state(path, sample(), error)) << error;
  EXPECT_EQ(dir.entries(), 1u);
  std::vector<SecondaryZoneRecord> back;
  ASSERT_TRUE(read_secondary_state(path, back, error)) << error;
  EXPECT_EQ(back, sample());

  // No zones at all.
  ASSERT_TRUE(write_secondary_state(path, {}, error)) << error;
  ASSERT_TRUE(read_secondary_state(path, back, error)) << error;
  EXPECT_TRUE(back.empty());
}

TEST(SecondaryStateFile, TheTextIsOneLineAFact) {
  const std::string text = secondary_state_text({sample()[0], sample()[1]});
  EXPECT_EQ(text,
            "zoned-secondary-state 1\n"
            "zone: example.com.\n"
            "  serial: 4294967295\n"
            "  expired: no\n"
            "  acquired: 1795694400\n"
            "  last-refresh: 1795694460\n"
            "  next-refresh: 1795705260\n"
            "  retry-step: 0\n"
            "  notified-serial: 0\n"
            "  last-transfer: IXFR 7 -> 8 from 127.0.0.2@53 key secretkey0 at 2026-11-26 "
            "12:00:00\n"
            "  last-error: \n"
            "end\n"
            "zone: expired.example.\n"
            "  expired: yes\n"
            "  acquired: -5\n"
            "  last-refresh: 0\n"
            "  next-refresh: 0\n"
            "  retry-step: 7\n"
            "  last-transfer: \\\\n is not a newline\\\\\n"
            "  last-error: \\x20two\\nlines, a \\\\ backslash,\\ta tab, \\r\\x01 and a space at "
            "each end\\x20\n"
            "end\n"
            "end-of-state 2\n");
}

TEST(SecondaryStateFile, MissingFileIsNoState) {
  TempDir dir;
  std::vector<SecondaryZoneRecord> zones = sample();
  std::string error;
  EXPECT_TRUE(read_secondary_state(dir.file("none"), zones, error));
  EXPECT_TRUE(zones.empty());
  EXPECT_TRUE(error.empty());
}

TEST(SecondaryStateFile, UnreadableFile) {
  TempDir dir;
  std::vector<SecondaryZoneRecord> zones;
  std::string error;
  EXPECT_FALSE(read_secondary_state(dir.file(""), zones, error));  // a directory
  EXPECT_EQ(error, "cannot read " + dir.file("") + ": Is a directory");
}

TEST(SecondaryStateFile, UnknownKeysAreIgnored) {
  std::vector<SecondaryZoneRecord> zones;
  EXPECT_EQ(read_error("zoned-secondary-state 1\n"
                       "# a comment\n"
                       "global-thing: from a later version\n"
                       "\n"
                       "zone: Example.COM.\n"
                       "\tserial: 5\n"
                       "\tfuture-key: whatever \\q it holds\n"
                       "\tfuture-key: twice is fine too\n"
                       "end\n"
                       "end-of-state 1\n",
                       &zones),
            "");
  ASSERT_EQ(zones.size(), 1u);
  EXPECT_EQ(zones[0].zone, "example.com.");  // the key form: lower case
  EXPECT_TRUE(zones[0].has_serial);
  EXPECT_EQ(zones[0].serial, 5u);
  EXPECT_FALSE(zones[0].has_notified);
  EXPECT_EQ(zones[0].retry_step, 0u);
}

TEST(SecondaryStateFile, MalformedLinesGiveTheirLine) {
  const std::string head = "zoned-secondary-state 1\nzone: example.com.\n";
  const std::string tail = "end\nend-of-state 1\n";
  EXPECT_EQ(read_error(head + "  serial 5\n" + tail), ":3: expected \"key: value\"");
  EXPECT_EQ(read_error(head + "  serial: 4294967296\n" + tail),
            ":3: bad value for serial: \"4294967296\"");
  EXPECT_EQ(read_error(head + "  serial: 12x\n" + tail), ":3: bad value for serial: \"12x\"");
  EXPECT_EQ(read_error(head + "  serial:\n" + tail), ":3: bad value for serial: \"\"");
  EXPECT_EQ(read_error(head + "  expired: maybe\n" + tail), ":3: bad value for expired: \"maybe\"");
  EXPECT_EQ(read_error(head + "  acquired: 1.5\n" + tail), ":3: bad value for acquired: \"1.5\"");
  EXPECT_EQ(read_error(head + "  retry-step: -1\n" + tail), ":3: bad value for retry-step: \"-1\"");
  EXPECT_EQ(read_error(head + "  serial: 1\n  serial: 2\n" + tail), ":4: serial given twice");
  EXPECT_EQ(read_error(head + "  last-error: a \\q\n" + tail),
            ":3: bad escape in the value of last-error");
  EXPECT_EQ(read_error(head + "  last-error: \\x4\n" + tail),
            ":3: bad escape in the value of last-error");
  EXPECT_EQ(read_error(head + "  last-error: ends in \\\n" + tail),
            ":3: bad escape in the value of last-error");
  EXPECT_EQ(read_error("zoned-secondary-state 1\nserial: 5\nend-of-state 0\n"),
            ":2: serial outside a zone block");
  EXPECT_EQ(read_error("zoned-secondary-state 1\nend\nend-of-state 0\n"),
            ":2: \"end\" outside a zone block");
  EXPECT_EQ(read_error("zoned-secondary-state 1\nzone: example\nend\nend-of-state 1\n"),
            ":2: bad zone name \"example\" (absolute, with the trailing dot)");
  EXPECT_EQ(read_error("zoned-secondary-state 1\nzone: a..b.\nend\nend-of-state 1\n"),
            ":2: bad zone name \"a..b.\" (absolute, with the trailing dot)");
  EXPECT_EQ(read_error(head + "end\nzone: EXAMPLE.com.\nend\nend-of-state 2\n"),
            ":4: zone example.com. listed twice");
  EXPECT_EQ(read_error(head + "zone: other.\nend\nend-of-state 2\n"),
            ":3: zone other. starts inside the block of example.com. (no \"end\")");
  EXPECT_EQ(read_error(head + tail + "zone: other.\n"), ":5: text after the end-of-state line");
  EXPECT_EQ(read_error(head + "end\nend-of-state 2\n"),
            ":4: end-of-state says 2 zones, the file has 1");
  EXPECT_EQ(read_error(head + "end\nend-of-state\n"),
            ":4: expected \"end-of-state <number of zones>\"");
}

TEST(SecondaryStateFile, WrongHeader) {
  EXPECT_EQ(read_error(""), ":1: empty file: no \"zoned-secondary-state\" line");
  EXPECT_EQ(read_error("zone: example.com.\nend\nend-of-state 1\n"),
            ":1: not a zoned secondary state file (no \"zoned-secondary-state 1\" line)");
  EXPECT_EQ(read_error("zoned-secondary-state\nend-of-state 0\n"),
            ":1: not a zoned secondary state file (no \"zoned-secondary-state 1\" line)");
  EXPECT_EQ(read_error("zoned-secondary-state 2\nend-of-state 0\n"),
            ":1: state file version 2 is not supported (1 is)");
}

// Cut anywhere, the file is refused: never read as a smaller state.
TEST(SecondaryStateFile, TruncatedFileIsAnError) {
  const std::string text = secondary_state_text(sample());
  EXPECT_EQ(read_error(text), "");
  // Only part of the last block.
  const std::size_t last_block = text.rfind("zone: ");
  const std::string part = text.substr(0, text.find('\n', last_block) + 1);
  const std::size_t lines = static_cast<std::size_t>(std::count(part.begin(), part.end(), '\n'));
  EXPECT_EQ(read_error(part), ":" + std::to_string(lines) +
                                  ": the file ends inside the block of zone never.example. "
                                  "(truncated?)");
  // Exactly at a block's end.
  const std::string whole_blocks = text.substr(0, text.rfind("end-of-state"));
  EXPECT_NE(read_error(whole_blocks).find("the file ends without its end-of-state line"),
            std::string::npos);
  // In the middle of a line.
  EXPECT_NE(read_error(text.substr(0, text.size() - 2)).find("the last line is cut short"),
            std::string::npos);
  // At every length short of the whole.
  for (std::size_t n = 0; n < text.size(); ++n)
    EXPECT_NE(read_error(text.substr(0, n)), "") << n;
}

TEST(SecondaryStateFile, FailedWriteKeepsTheOldFile) {
  TempDir dir;
  write_text(dir.file("plain"), "a file\n");
  std::string error;
  EXPECT_FALSE(write_secondary_state(dir.file("plain/state"), sample(), error));
  EXPECT_EQ(error, "cannot write " + dir.file("plain/state") + ": cannot create directory " +
                       dir.file("plain") + ": Not a directory");
  EXPECT_EQ(read_text(dir.file("plain")), "a file\n");
  EXPECT_EQ(dir.entries(), 1u);
}

}  // namespace
}  // namespace zoned::transfer
