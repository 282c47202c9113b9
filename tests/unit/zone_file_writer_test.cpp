// Writing a snapshot back as a zone file (zone/zone_file_writer.h) and the atomic file
// replacement under it (zone/atomic_file.h): the file loads back to the same snapshot, and a
// failed write leaves the target as it was and no temp file behind.
#include "zone/zone_file_writer.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "wire/name.h"
#include "wire/rrtype.h"
#include "zone/atomic_file.h"
#include "zone/zone_cursor.h"
#include "zone/zone_diff.h"
#include "zone/zone_loader.h"

namespace zoned::zone {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string t = testing::TempDir() + "zone_file_writer_XXXXXX";
    path_ = ::mkdtemp(t.data());
    EXPECT_FALSE(path_.empty());
  }
  ~TempDir() {
    std::error_code ec;
    for (const auto& entry : fs::recursive_directory_iterator(path_, ec)) {
      if (entry.is_directory()) ::chmod(entry.path().c_str(), 0755);
    }
    fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  // Every file name in the directory.
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& entry : fs::directory_iterator(path_))
      out.push_back(entry.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  std::string path_;
};

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string data_path(const std::string& file) {
  return std::string(ZONED_TEST_DATA) + "/zones/" + file;
}

wire::Name name_of(const std::string& text) {
  wire::Name n;
  EXPECT_EQ(wire::parse_name(text, nullptr, n), wire::NameTextError::kOk) << text;
  return n;
}

struct Loaded {
  std::shared_ptr<const ZoneSnapshot> zone;
  std::size_t warnings = 0;
};

Loaded load(const std::string& apex, const std::string& path) {
  ZoneContents contents(name_of(apex));
  std::vector<std::string> errors;
  LoadResult r = load_zone_file(path, contents, [&](const std::string& line) {
    if (line.find("error") != std::string::npos) errors.push_back(line);
  });
  EXPECT_EQ(r.errors, 0u) << path << ": " << (errors.empty() ? "" : errors.front());
  return {build_snapshot(std::move(contents)), r.warnings};
}

// Every record of the cursor walk, byte for byte (owner case included), in order.
std::vector<std::string> walk(const ZoneSnapshot& zone) {
  std::vector<std::string> out;
  for (ZoneCursor c(zone); !c.done(); c.advance()) {
    const ZoneRecord& r = c.record();
    std::string k(reinterpret_cast<const char*>(r.owner.data()), r.owner.size());
    k += "|" + std::to_string(r.type) + "|" + std::to_string(r.ttl) + "|";
    k.append(reinterpret_cast<const char*>(r.rdata.data()), r.rdata.size());
    out.push_back(std::move(k));
  }
  return out;
}

class CountingSink : public DiffSink {
 public:
  void removed(const ZoneRecord& r) override { lines.push_back("- " + text(r)); }
  void added(const ZoneRecord& r) override { lines.push_back("+ " + text(r)); }
  std::vector<std::string> lines;

 private:
  static std::string text(const ZoneRecord& r) {
    return wire::to_text(r.owner) + " " + wire::type_to_text(r.type) + " " + std::to_string(r.ttl);
  }
};

// The text after the header line.
std::string body_of(const std::string& text) {
  return text.substr(text.find('\n') + 1);
}

// Loads `path`, writes the snapshot, loads the written file: the same snapshot, record for
// record. Writing the reloaded snapshot gives the same text again. Returns the file's text.
std::string expect_round_trip(const std::string& apex, const std::string& path) {
  SCOPED_TRACE(path);
  TempDir dir;
  const Loaded original = load(apex, path);
  if (original.zone == nullptr) return "";
  const std::string written = dir.file("written.zone");
  std::string error;
  EXPECT_TRUE(write_zone_file(*original.zone, written, error)) << error;
  EXPECT_EQ(dir.names(), std::vector<std::string>{"written.zone"});

  const std::string text = read_text(written);
  const std::string header = "; zone " + wire::to_text(original.zone->apex()) + " serial " +
                             std::to_string(original.zone->serial()) + ", written by zoned ";
  EXPECT_EQ(text.substr(0, header.size()), header);
  const std::string body = body_of(text);
  EXPECT_EQ(body.substr(0, body.find('\n')).find("\tIN\tSOA\t") != std::string::npos, true)
      << "the SOA comes first: " << body.substr(0, body.find('\n'));

  const Loaded again = load(apex, written);
  if (again.zone == nullptr) return text;
  EXPECT_LE(again.warnings, original.warnings);
  EXPECT_EQ(again.zone->serial(), original.zone->serial());
  CountingSink sink;
  diff_snapshots(*original.zone, *again.zone, sink);
  EXPECT_TRUE(sink.lines.empty()) << sink.lines.size() << " differences, first "
                                  << sink.lines.front();
  const std::vector<std::string> before = walk(*original.zone);
  EXPECT_EQ(walk(*again.zone), before);
  EXPECT_GT(before.size(), 1u);
  // One line a record, after the header.
  EXPECT_EQ(static_cast<std::size_t>(std::count(body.begin(), body.end(), '\n')), before.size());

  const std::string rewritten = dir.file("rewritten.zone");
  EXPECT_TRUE(write_zone_file(*again.zone, rewritten, error)) << error;
  EXPECT_EQ(body_of(read_text(rewritten)), body);
  return text;
}

TEST(ZoneFileWriter, RoundTripsTheTestZones) {
  const std::pair<const char*, const char*> zones[] = {
      {"example.com.", "example.com.zone"},
      {"signed-nsec.example.", "signed-nsec.example.zone"},
      {"signed-nsec3.example.", "signed-nsec3.example.zone"},
      {"interop.example.", "interop/interop.example.zone"},
      {"wildapex.example.", "interop/wildapex.example.zone"},
      {"signed-interop-ldns.example.", "interop/signed-interop-ldns.example.zone"},
      {"signed-interop-ldns3.example.", "interop/signed-interop-ldns3.example.zone"},
      {"signed-interop-nsec.example.", "interop/signed-interop-nsec.example.zone"},
      {"signed-interop-nsec3.example.", "interop/signed-interop-nsec3.example.zone"},
      {"signed-interop-optout.example.", "interop/signed-interop-optout.example.zone"},
      {"answer.example.", "answer/answer.example.zone"},
      {"big-rrset.example.", "xfr/big-rrset.example.zone"},
      {"generated.example.", "xfr/generated.example.zone"},
      {"lossy.example.", "xfr/lossy.example.zone"},
      {"lossy-noparam.example.", "xfr/lossy-noparam.example.zone"},
  };
  for (const auto& [apex, file] : zones)
    expect_round_trip(apex, data_path(file));
}

// Owners and texts whose presentation needs escapes, case kept, odd types and TTLs.
TEST(ZoneFileWriter, RoundTripsEscapesAndOddRecords) {
  TempDir dir;
  const std::string source = dir.file("escapes.zone");
  const std::string long_line = "long TXT \"" + std::string(255, 'x') + "\"\n";
  write_text(source, R"($ORIGIN Escapes.Example.
$TTL 300
@                SOA   ns1 hostmaster 7 3600 600 86400 300
@                NS    ns1
ns1              A     192.0.2.1
Mixed.CASE.owner A     192.0.2.2
\@at             TXT   "owner starts with an at sign"
\$dollar         TXT   "owner starts with a dollar"
semi\;colon      TXT   "semicolon \; in text; and \"quotes\" ( ) "
sp\032ace        TXT   "tab\009and\010newline"
bin\000\255\127  TXT   "\000\001\255 octets" "second" ""
paren\(\)        A     192.0.2.3
quote\"          TXT   "\\ backslash \\\\ two"
a.b\.c.d         TXT   "a dot in a label"
*.wild           TXT   "wildcard"
nul              NULL  \# 3 010203
unk              TYPE65280 \# 0
caa              CAA   0 issue ";"
ttl0         0   A     192.0.2.4
big   2147483647 A     192.0.2.5
svc              SVCB  1 . alpn="h2,h3" port=8443 ipv4hint=192.0.2.1 key65000="\034\092x"
https            HTTPS 1 svc mandatory=alpn alpn=h3 no-default-alpn
)" + long_line);
  const std::string text = expect_round_trip("escapes.example.", source);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1 + 21) << text;
  for (const char* line : {
           "\\@at.Escapes.Example.\t300\tIN\tTXT\t\"owner starts with an at sign\"\n",
           "bin\\000\\255\\127.Escapes.Example.\t300\tIN\tTXT\t",
           "Mixed.CASE.owner.Escapes.Example.\t300\tIN\tA\t192.0.2.2\n",
           "big.Escapes.Example.\t2147483647\tIN\tA\t192.0.2.5\n",
           "unk.Escapes.Example.\t300\tIN\tTYPE65280\t\\# 0\n",
       })
    EXPECT_NE(text.find(line), std::string::npos) << line << " not in\n" << text;
}

TEST(ZoneFileWriter, ReplacesAnExistingFileWhole) {
  TempDir dir;
  const Loaded zone = load("wildapex.example.", data_path("interop/wildapex.example.zone"));
  const std::string target = dir.file("zone");
  write_text(target, std::string(1 << 20, ';') + "\n");  // longer than the zone
  std::string error;
  ASSERT_TRUE(write_zone_file(*zone.zone, target, error)) << error;
  const std::string fresh = dir.file("fresh");
  ASSERT_TRUE(write_zone_file(*zone.zone, fresh, error)) << error;
  EXPECT_EQ(body_of(read_text(target)), body_of(read_text(fresh)));
  EXPECT_LT(read_text(target).size(), 4096u);
  EXPECT_EQ(dir.names(), (std::vector<std::string>{"fresh", "zone"}));
}

TEST(ZoneFileWriter, FailsInAReadOnlyDirectory) {
  if (::geteuid() == 0) GTEST_SKIP() << "root writes into read-only directories";
  TempDir dir;
  const Loaded zone = load("wildapex.example.", data_path("interop/wildapex.example.zone"));
  const std::string ro = dir.file("ro");
  ASSERT_EQ(::mkdir(ro.c_str(), 0755), 0);
  const std::string target = ro + "/zone";
  write_text(target, "old\n");
  ASSERT_EQ(::chmod(ro.c_str(), 0555), 0);
  std::string error;
  EXPECT_FALSE(write_zone_file(*zone.zone, target, error));
  EXPECT_EQ(error, "cannot write " + target + ": Permission denied");
  EXPECT_EQ(read_text(target), "old\n");
  std::vector<std::string> left;
  for (const auto& entry : fs::directory_iterator(ro))
    left.push_back(entry.path().filename().string());
  EXPECT_EQ(left, std::vector<std::string>{"zone"});
}

TEST(ZoneFileWriter, FailsWhenTheParentIsAFile) {
  TempDir dir;
  const Loaded zone = load("wildapex.example.", data_path("interop/wildapex.example.zone"));
  write_text(dir.file("plain"), "a file\n");
  std::string error;
  const std::string target = dir.file("plain") + "/sub/zone";
  EXPECT_FALSE(write_zone_file(*zone.zone, target, error));
  EXPECT_EQ(error, "cannot write " + target + ": cannot create directory " + dir.file("plain") +
                       ": Not a directory");
  EXPECT_EQ(read_text(dir.file("plain")), "a file\n");
  EXPECT_EQ(dir.names(), std::vector<std::string>{"plain"});
}

// The file system fills up after `limit` octets: RLIMIT_FSIZE stands in for ENOSPC (the same
// short write, then an error), in a child process so the limit stays there.
void expect_write_fails_after(const ZoneSnapshot& zone, rlim_t limit) {
  SCOPED_TRACE(limit);
  TempDir dir;
  const std::string target = dir.file("zone");
  write_text(target, "old\n");
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::signal(SIGXFSZ, SIG_IGN);
    struct rlimit rl = {limit, limit};
    ::setrlimit(RLIMIT_FSIZE, &rl);
    std::string error;
    const bool ok = write_zone_file(zone, target, error);
    const bool right = error == "cannot write " + target + ": File too large";
    ::_exit(!ok && right ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "the write did not fail as it should";
  EXPECT_EQ(read_text(target), "old\n");
  EXPECT_EQ(dir.names(), std::vector<std::string>{"zone"});
}

TEST(ZoneFileWriter, AFailedWriteLeavesTheTargetAndNoTempFile) {
  // A small zone fails in the last write, at commit.
  const Loaded small = load("signed-nsec3.example.", data_path("signed-nsec3.example.zone"));
  expect_write_fails_after(*small.zone, 4096);
  // A zone of several chunks fails in the middle of the stream: in the first chunk, and
  // in a later one.
  TempDir dir;
  std::string text =
      "$ORIGIN big.example.\n$TTL 300\n@ SOA ns1 hostmaster 1 3600 600 86400 300\n"
      "@ NS ns1\nns1 A 192.0.2.1\n";
  for (int i = 0; i < 40000; ++i)
    text += "host" + std::to_string(i) + " TXT \"some text to make the line longer\"\n";
  write_text(dir.file("big.zone"), text);
  const Loaded big = load("big.example.", dir.file("big.zone"));
  for (rlim_t limit : {rlim_t{100}, rlim_t{3 * AtomicFileWriter::kChunkSize + 5}})
    expect_write_fails_after(*big.zone, limit);
}

TEST(AtomicFileWriter, CreatesMissingDirectoriesAndWritesInChunks) {
  TempDir dir;
  const mode_t old_mask = ::umask(022);
  const std::string target = dir.file("a/b/c/file");
  std::string expected;
  AtomicFileWriter out;
  std::string error;
  ASSERT_TRUE(out.open(target, error)) << error;
  const std::string temp = out.temp_path();
  EXPECT_EQ(temp, target + ".zoned-tmp." + std::to_string(::getpid()));
  EXPECT_TRUE(fs::exists(out.temp_path()));
  EXPECT_FALSE(fs::exists(target));
  // Small pieces, one larger than a chunk, and small ones again.
  for (int i = 0; i < 10000; ++i)
    expected += "line " + std::to_string(i) + "\n";
  expected += std::string(3 * AtomicFileWriter::kChunkSize + 17, 'y');
  for (int i = 0; i < 10000; ++i)
    expected += std::to_string(i);
  std::string_view rest = expected;
  for (std::size_t piece : {std::size_t{1}, std::size_t{100}, std::size_t{4 * 65536 + 1}}) {
    for (int i = 0; i < 5 && !rest.empty(); ++i) {
      const std::size_t n = std::min(piece, rest.size());
      EXPECT_TRUE(out.write(rest.substr(0, n)));
      rest.remove_prefix(n);
    }
  }
  EXPECT_TRUE(out.write(rest));
  EXPECT_FALSE(out.replaced());
  ASSERT_TRUE(out.commit(error)) << error;
  EXPECT_TRUE(out.replaced());
  ::umask(old_mask);
  EXPECT_EQ(read_text(target), expected);
  EXPECT_FALSE(fs::exists(temp));
  struct stat st;
  ASSERT_EQ(::stat(target.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
  ASSERT_EQ(::stat(dir.file("a/b").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0755u);
  EXPECT_EQ(fs::directory_iterator(dir.file("a/b/c"))->path().filename(), "file");
}

TEST(AtomicFileWriter, AbandonedWithoutCommit) {
  TempDir dir;
  const std::string target = dir.file("file");
  write_text(target, "old\n");
  {
    AtomicFileWriter out;
    std::string error;
    ASSERT_TRUE(out.open(target, error)) << error;
    EXPECT_TRUE(out.write("new\n"));
    EXPECT_FALSE(out.replaced());
  }
  EXPECT_EQ(read_text(target), "old\n");
  EXPECT_EQ(dir.names(), std::vector<std::string>{"file"});
}

TEST(AtomicFileWriter, ReplacesAStaleTempFile) {
  TempDir dir;
  const std::string target = dir.file("file");
  const std::string stale = target + ".zoned-tmp." + std::to_string(::getpid());
  write_text(stale, "left by a crash\n");
  std::string error;
  ASSERT_TRUE(write_file_atomically(target, "new\n", error)) << error;
  EXPECT_EQ(read_text(target), "new\n");
  EXPECT_EQ(dir.names(), std::vector<std::string>{"file"});
}

TEST(AtomicFileWriter, StaleTempFilesOfAnyPidAreRemovedAtStart) {
  TempDir dir;
  const std::string target = dir.file("zone");
  write_text(target, "whole\n");
  write_text(target + ".zoned-tmp.12345", "cut short\n");
  write_text(target + ".zoned-tmp.1", "cut short\n");
  write_text(target + ".zoned-tmp.x1", "not ours\n");
  write_text(dir.file("other.zoned-tmp.7"), "another file's\n");
  EXPECT_EQ(remove_stale_temp_files(target), 2u);
  EXPECT_EQ(dir.names(),
            (std::vector<std::string>{"other.zoned-tmp.7", "zone", "zone.zoned-tmp.x1"}));
  EXPECT_EQ(remove_stale_temp_files(dir.file("missing/zone")), 0u);
}

TEST(AtomicFileWriter, TargetIsADirectory) {
  TempDir dir;
  ASSERT_EQ(::mkdir(dir.file("d").c_str(), 0755), 0);
  std::string error;
  EXPECT_FALSE(write_file_atomically(dir.file("d"), "x", error));
  EXPECT_EQ(error, "cannot write " + dir.file("d") + ": Is a directory");
  EXPECT_EQ(dir.names(), std::vector<std::string>{"d"});
}

// The 1M-name bench zone, if it is there: how long writing it takes (printed, not checked).
TEST(ZoneFileWriter, MillionNameZone) {
  const std::string path = std::string(ZONED_TEST_DATA) + "/../bench/data/zone-1000000.zone";
  if (!fs::exists(path)) GTEST_SKIP() << path << " is not there";
  using Clock = std::chrono::steady_clock;
  auto ms = [](Clock::duration d) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
  };
  const Clock::time_point t0 = Clock::now();
  const Loaded zone = load("example.com.", path);
  const Clock::time_point t1 = Clock::now();
  TempDir dir;
  std::string error;
  ASSERT_TRUE(write_zone_file(*zone.zone, dir.file("zone"), error)) << error;
  const Clock::time_point t2 = Clock::now();
  const Loaded again = load("example.com.", dir.file("zone"));
  CountingSink sink;
  diff_snapshots(*zone.zone, *again.zone, sink);
  EXPECT_TRUE(sink.lines.empty());
  std::printf("1M-name zone: load %lld ms, write %lld ms (%llu bytes), reload %lld ms\n",
              static_cast<long long>(ms(t1 - t0)), static_cast<long long>(ms(t2 - t1)),
              static_cast<unsigned long long>(fs::file_size(dir.file("zone"))),
              static_cast<long long>(ms(Clock::now() - t2)));
}

}  // namespace
}  // namespace zoned::zone
