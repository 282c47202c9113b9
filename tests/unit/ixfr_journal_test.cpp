// The on-disk IXFR journal: round trip, reopen, recovery from a torn or damaged tail, trim
// by count and by size, serial lookups with RFC 1982 arithmetic, and its CRC-32C.
#include "transfer/ixfr_journal.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "transfer/crc32c.h"
#include "wire/message_header.h"
#include "wire/rrtype.h"

namespace zoned::transfer {
namespace {

namespace rrtype = wire::rrtype;

wire::Name name_of(const std::string& text) {
  wire::Name n;
  EXPECT_EQ(wire::parse_name(text, nullptr, n), wire::NameTextError::kOk) << text;
  return n;
}

class TempDir {
 public:
  TempDir() {
    std::string t = testing::TempDir() + "ixfr_journal_XXXXXX";
    path_ = ::mkdtemp(t.data());
    EXPECT_FALSE(path_.empty());
  }
  ~TempDir() {
    for (const char* f : {"/journal", "/journal.tmp", "/copy", "/other"})
      ::unlink((path_ + f).c_str());
    ::rmdir(path_.c_str());
  }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

std::vector<std::uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const std::string& path, const std::vector<std::uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
}

off_t file_size(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? st.st_size : -1;
}

// A delta old -> new whose records say which step they belong to.
ZoneDelta make(std::uint32_t old_serial, std::uint32_t new_serial, int records = 3) {
  static const wire::Name apex = name_of("j.example.");
  static const wire::Name host = name_of("host.j.example.");
  auto soa = [](std::uint32_t serial) {
    std::vector<std::uint8_t> rdata = {3, 'n', 's', '1', 0, 1, 'h', 0};
    for (std::uint32_t v : {serial, 7200u, 3600u, 1209600u, 300u}) {
      rdata.resize(rdata.size() + 4);
      wire::store_u32(rdata.data() + rdata.size() - 4, v);
    }
    return rdata;
  };
  ZoneDelta d;
  const std::vector<std::uint8_t> a = soa(old_serial), b = soa(new_serial);
  d.old_soa.append({apex, rrtype::SOA, wire::rrclass::IN, 3600, a});
  d.new_soa.append({apex, rrtype::SOA, wire::rrclass::IN, 3600, b});
  for (int i = 0; i < records; ++i) {
    std::uint8_t old_a[4] = {10, static_cast<std::uint8_t>(old_serial), 0,
                             static_cast<std::uint8_t>(i)};
    std::uint8_t new_a[4] = {10, static_cast<std::uint8_t>(new_serial), 0,
                             static_cast<std::uint8_t>(i)};
    d.removed.append({host, rrtype::A, wire::rrclass::IN, 60, old_a});
    d.added.append({host, rrtype::A, wire::rrclass::IN, 60, new_a});
  }
  return d;
}

bool same(const ZoneDelta& a, const ZoneDelta& b) {
  auto eq = [](const RrList& x, const RrList& y) {
    return x.size() == y.size() && std::ranges::equal(x.wire(), y.wire());
  };
  return eq(a.old_soa, b.old_soa) && eq(a.new_soa, b.new_soa) && eq(a.removed, b.removed) &&
         eq(a.added, b.added);
}

IxfrJournal open_ok(const std::string& path) {
  std::string error;
  std::optional<IxfrJournal> j = IxfrJournal::open(path, error);
  EXPECT_TRUE(j.has_value()) << error;
  return std::move(*j);
}

TEST(Crc32c, KnownValues) {
  const std::string check = "123456789";
  EXPECT_EQ(crc32c({reinterpret_cast<const std::uint8_t*>(check.data()), check.size()}),
            0xE3069283u);
  EXPECT_EQ(crc32c({}), 0u);
  std::vector<std::uint8_t> zeros(32, 0);
  EXPECT_EQ(crc32c(zeros), 0x8A9136AAu);  // RFC 3720 B.4: 32 octets of zeros
  // In pieces of every split, the same as in one go.
  std::vector<std::uint8_t> data(100);
  for (std::size_t i = 0; i < data.size(); ++i)
    data[i] = static_cast<std::uint8_t>(i * 7 + 3);
  const std::uint32_t whole = crc32c(data);
  for (std::size_t cut = 0; cut <= data.size(); ++cut)
    EXPECT_EQ(crc32c(std::span(data).subspan(cut), crc32c(std::span(data).first(cut))), whole);
}

TEST(IxfrJournal, MissingFileIsEmptyAndNotCreated) {
  TempDir dir;
  IxfrJournal j = open_ok(dir.file("journal"));
  EXPECT_TRUE(j.empty());
  EXPECT_FALSE(j.deltas_since(1).has_value());
  EXPECT_EQ(file_size(dir.file("journal")), -1);
  EXPECT_TRUE(j.trim(1, 1));
}

TEST(IxfrJournal, RoundTripAndReopen) {
  TempDir dir;
  const std::string path = dir.file("journal");
  std::vector<ZoneDelta> deltas = {make(1, 2), make(2, 3, 0), make(3, 7, 50)};
  {
    IxfrJournal j = open_ok(path);
    for (const ZoneDelta& d : deltas)
      ASSERT_TRUE(j.append(d)) << j.error();
    EXPECT_EQ(j.size(), 3u);
    EXPECT_EQ(j.first_serial(), 1u);
    EXPECT_EQ(j.last_serial(), 7u);
    EXPECT_EQ(static_cast<off_t>(IxfrJournal::kHeaderSize + j.bytes()), file_size(path));
  }
  IxfrJournal j = open_ok(path);
  EXPECT_EQ(j.recovered_bytes(), 0u);
  ASSERT_EQ(j.size(), 3u);
  for (std::uint32_t from : {1u, 2u, 3u}) {
    std::optional<std::vector<ZoneDelta>> chain = j.deltas_since(from);
    ASSERT_TRUE(chain.has_value()) << from;
    const std::size_t first = from == 1 ? 0 : from == 2 ? 1 : 2;
    ASSERT_EQ(chain->size(), 3 - first);
    for (std::size_t i = 0; i < chain->size(); ++i)
      EXPECT_TRUE(same((*chain)[i], deltas[first + i]));
  }
  // Up to date: an empty chain. Unknown (never a version, too old, newer): nothing.
  ASSERT_TRUE(j.deltas_since(7).has_value());
  EXPECT_TRUE(j.deltas_since(7)->empty());
  EXPECT_FALSE(j.deltas_since(0).has_value());
  EXPECT_FALSE(j.deltas_since(5).has_value());
  EXPECT_FALSE(j.deltas_since(8).has_value());
  // And it goes on where it was.
  ASSERT_TRUE(j.append(make(7, 8)));
  EXPECT_EQ(j.deltas_since(1)->size(), 4u);
}

// Builds a journal of three deltas and returns the file's size after the second.
std::size_t three_entries(const std::string& path) {
  IxfrJournal j = open_ok(path);
  EXPECT_TRUE(j.append(make(10, 11)));
  EXPECT_TRUE(j.append(make(11, 12, 1)));
  const std::size_t two = static_cast<std::size_t>(file_size(path));
  EXPECT_TRUE(j.append(make(12, 13, 0)));
  return two;
}

TEST(IxfrJournal, TornLastEntryAtEveryOffset) {
  TempDir dir;
  const std::string path = dir.file("journal"), copy = dir.file("copy");
  const std::size_t two = three_entries(path);
  const std::vector<std::uint8_t> full = read_file(path);
  ASSERT_GT(full.size(), two);
  for (std::size_t cut = two; cut < full.size(); ++cut) {
    write_file(copy, std::vector<std::uint8_t>(full.begin(), full.begin() + cut));
    IxfrJournal j = open_ok(copy);
    ASSERT_EQ(j.size(), 2u) << cut;
    EXPECT_EQ(j.last_serial(), 12u);
    EXPECT_EQ(j.recovered_bytes(), cut - two);
    EXPECT_EQ(static_cast<std::size_t>(file_size(copy)), two) << "truncated back";
    ASSERT_TRUE(j.deltas_since(10).has_value());
    EXPECT_EQ(j.deltas_since(10)->size(), 2u);
  }
  // After a recovery, appending goes on from the last good entry.
  write_file(copy, std::vector<std::uint8_t>(full.begin(), full.end() - 3));
  {
    IxfrJournal j = open_ok(copy);
    ASSERT_TRUE(j.append(make(12, 13, 0)));
  }
  EXPECT_EQ(read_file(copy), full);
}

TEST(IxfrJournal, DamagedMiddleEntryKeepsTheGoodPrefix) {
  TempDir dir;
  const std::string path = dir.file("journal"), copy = dir.file("copy");
  three_entries(path);
  const std::vector<std::uint8_t> full = read_file(path);
  IxfrJournal whole = open_ok(path);
  const std::size_t one =
      IxfrJournal::kHeaderSize + make(10, 11).bytes() + 4 * 8 + IxfrJournal::kEntryHeaderSize;
  const std::size_t two = IxfrJournal::kHeaderSize + whole.bytes() -
                          (make(12, 13, 0).bytes() + 4 * 8 + IxfrJournal::kEntryHeaderSize);
  // Every octet of the middle entry, header and payload, one at a time.
  for (std::size_t at = one; at < two; ++at) {
    std::vector<std::uint8_t> bad = full;
    bad[at] ^= 0x40;
    write_file(copy, bad);
    IxfrJournal j = open_ok(copy);
    ASSERT_EQ(j.size(), 1u) << at;
    EXPECT_EQ(j.last_serial(), 11u);
    EXPECT_EQ(static_cast<std::size_t>(file_size(copy)), one);
    EXPECT_EQ(j.recovered_bytes(), full.size() - one);
  }
}

TEST(IxfrJournal, TrimByCountAndBySize) {
  TempDir dir;
  const std::string path = dir.file("journal");
  IxfrJournal j = open_ok(path);
  for (std::uint32_t s = 1; s <= 5; ++s)
    ASSERT_TRUE(j.append(make(s, s + 1, static_cast<int>(s))));
  ASSERT_TRUE(j.trim(5, 0));  // nothing to do
  EXPECT_EQ(j.size(), 5u);
  ASSERT_TRUE(j.trim(3, 0)) << j.error();
  EXPECT_EQ(j.size(), 3u);
  EXPECT_EQ(j.first_serial(), 3u);
  EXPECT_FALSE(j.deltas_since(1).has_value());  // too old now
  EXPECT_FALSE(j.deltas_since(2).has_value());
  ASSERT_TRUE(j.deltas_since(3).has_value());
  EXPECT_TRUE(same(j.deltas_since(3)->front(), make(3, 4, 3)));
  EXPECT_EQ(file_size(dir.file("journal.tmp")), -1);
  EXPECT_EQ(static_cast<off_t>(IxfrJournal::kHeaderSize + j.bytes()), file_size(path));
  // By size: room for exactly the last two entries.
  const std::size_t last_two = j.bytes() - (make(3, 4, 3).bytes() + 32 + 16);
  ASSERT_TRUE(j.trim(0, last_two));
  EXPECT_EQ(j.size(), 2u);
  EXPECT_EQ(j.first_serial(), 4u);
  ASSERT_TRUE(j.trim(0, last_two - 1));
  EXPECT_EQ(j.size(), 1u);
  // Appends go to the rewritten file, which reopens the same.
  ASSERT_TRUE(j.append(make(6, 9)));
  IxfrJournal again = open_ok(path);
  EXPECT_EQ(again.size(), 2u);
  EXPECT_EQ(again.first_serial(), 5u);
  EXPECT_EQ(again.last_serial(), 9u);
  EXPECT_EQ(again.recovered_bytes(), 0u);
  // Everything can go.
  ASSERT_TRUE(again.trim(0, 1));
  EXPECT_TRUE(again.empty());
  EXPECT_EQ(file_size(path), static_cast<off_t>(IxfrJournal::kHeaderSize));
  ASSERT_TRUE(again.append(make(9, 10)));
  EXPECT_EQ(open_ok(path).size(), 1u);
}

TEST(IxfrJournal, SerialArithmetic) {
  TempDir dir;
  IxfrJournal j = open_ok(dir.file("journal"));
  // Across the wrap: 0xFFFFFFFE -> 0xFFFFFFFF -> 0 -> 5 are each newer (RFC 1982 §3.2).
  ASSERT_TRUE(j.append(make(0xFFFFFFFEu, 0xFFFFFFFFu)));
  ASSERT_TRUE(j.append(make(0xFFFFFFFFu, 0)));
  ASSERT_TRUE(j.append(make(0, 5)));
  ASSERT_TRUE(j.deltas_since(0xFFFFFFFEu).has_value());
  EXPECT_EQ(j.deltas_since(0xFFFFFFFEu)->size(), 3u);
  EXPECT_EQ(j.deltas_since(0)->size(), 1u);
  // Not newer: older, equal, or exactly 2^31 away (undefined).
  EXPECT_FALSE(j.append(make(5, 4)));
  EXPECT_FALSE(j.append(make(5, 5)));
  EXPECT_FALSE(j.append(make(5, 5 + 0x80000000u)));
  EXPECT_EQ(j.size(), 3u);
  // The largest step forward is 2^31 - 1.
  ASSERT_TRUE(j.append(make(5, 5 + 0x7FFFFFFFu)));
  IxfrJournal again = open_ok(dir.file("journal"));
  EXPECT_EQ(again.size(), 4u);
  EXPECT_EQ(again.last_serial(), 5 + 0x7FFFFFFFu);
}

TEST(IxfrJournal, AppendThatDoesNotFollowOnStartsAfresh) {
  TempDir dir;
  IxfrJournal j = open_ok(dir.file("journal"));
  ASSERT_TRUE(j.append(make(1, 2)));
  ASSERT_TRUE(j.append(make(2, 3)));
  ASSERT_TRUE(j.append(make(100, 101)));  // the zone was reloaded from another file
  EXPECT_EQ(j.size(), 1u);
  EXPECT_EQ(j.first_serial(), 100u);
  EXPECT_FALSE(j.deltas_since(1).has_value());
  EXPECT_EQ(open_ok(dir.file("journal")).size(), 1u);
}

TEST(IxfrJournal, RefusesAFileThatIsNotAJournal) {
  TempDir dir;
  const std::string other = dir.file("other");
  const std::vector<std::uint8_t> text = {'z',  'o', 'n', 'e', ' ', 'f', 'i', 'l', 'e',
                                          '\n', '@', ' ', 'S', 'O', 'A', ' ', '.', '\n'};
  write_file(other, text);
  std::string error;
  EXPECT_FALSE(IxfrJournal::open(other, error).has_value());
  EXPECT_NE(error.find("not an IXFR journal"), std::string::npos) << error;
  EXPECT_EQ(read_file(other), text);  // untouched
}

TEST(IxfrJournal, TornHeaderIsAnEmptyJournal) {
  TempDir dir;
  const std::string path = dir.file("journal");
  write_file(path, {'Z', 'O', 'N', 'E', 'D'});
  IxfrJournal j = open_ok(path);
  EXPECT_TRUE(j.empty());
  EXPECT_EQ(j.recovered_bytes(), 5u);
  ASSERT_TRUE(j.append(make(1, 2)));
  EXPECT_EQ(open_ok(path).size(), 1u);
}

TEST(IxfrJournal, RejectsDeltasWithoutTwoSoas) {
  TempDir dir;
  IxfrJournal j = open_ok(dir.file("journal"));
  ZoneDelta d = make(1, 2);
  d.new_soa.clear();
  EXPECT_FALSE(j.append(d));
  EXPECT_TRUE(j.empty());
}

TEST(IxfrJournal, PayloadRoundTrip) {
  const ZoneDelta d = make(3, 4, 7);
  std::vector<std::uint8_t> payload;
  serialize_delta(d, payload);
  ZoneDelta back;
  ASSERT_TRUE(parse_delta(payload, back));
  EXPECT_TRUE(same(d, back));
  payload.push_back(0);
  EXPECT_FALSE(parse_delta(payload, back));
  payload.pop_back();
  payload.pop_back();
  EXPECT_FALSE(parse_delta(payload, back));
}

}  // namespace
}  // namespace zoned::transfer
