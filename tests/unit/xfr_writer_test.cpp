// Outgoing AXFR and IXFR messages: read back with the repo's message parser (header,
// question, record sequence, sizes, reserve_tail), names compared byte for byte with the
// zone's (compression keeps their case), pointers past 0x3FFF, and the same streams checked
// by dnspython (/usr/bin/python3): an AXFR builds the zone file's zone, an IXFR applied to
// the old zone file's zone gives the new one's.
#include "transfer/axfr_writer.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "allocation_counter.h"
#include "transfer/ixfr_writer.h"
#include "transfer/xfr_message.h"
#include "transfer/zone_delta.h"
#include "wire/message_builder.h"
#include "wire/message_parser.h"
#include "wire/name_compression.h"
#include "wire/rdata.h"
#include "wire/rrtype.h"
#include "zone/zone_cursor.h"
#include "zone/zone_loader.h"
#include "zone/zonefile_parser.h"

namespace zoned::transfer {
namespace {

namespace rrtype = wire::rrtype;
using zone::ZoneRecord;
using zone::ZoneSnapshot;

std::string data_path(const std::string& file) {
  return std::string(ZONED_TEST_DATA) + "/zones/" + file;
}

wire::Name name_of(const std::string& text) {
  wire::Name n;
  EXPECT_EQ(wire::parse_name(text, nullptr, n), wire::NameTextError::kOk) << text;
  return n;
}

std::shared_ptr<const ZoneSnapshot> load(const std::string& apex, const std::string& path) {
  zone::ZoneContents contents(name_of(apex));
  std::string first_error;
  zone::LoadResult r = zone::load_zone_file(path, contents, [&](const std::string& line) {
    if (first_error.empty() && line.find("error") != std::string::npos) first_error = line;
  });
  EXPECT_EQ(r.errors, 0u) << first_error;
  return zone::build_snapshot(std::move(contents));
}

// A query as a client sends it, parsed as the server sees it.
struct Query {
  std::vector<std::uint8_t> wire = std::vector<std::uint8_t>(512);
  wire::MessageInfo info;
};

Query make_query(const std::string& apex, std::uint16_t qtype, const ZoneRecord* authority_soa,
                 std::uint16_t id = 0x4A7B) {
  Query q;
  wire::MessageBuilder b(q.wire, q.wire.size());
  b.header().id = id;
  b.header().set(wire::flag::RD, true);
  EXPECT_EQ(b.add_question(name_of(apex), qtype, wire::rrclass::IN), wire::BuildError::kOk);
  if (authority_soa != nullptr) {
    const ZoneRecord& s = *authority_soa;
    EXPECT_EQ(b.add_rr(wire::Section::kAuthority, s.owner, s.type, s.rclass, s.ttl, s.rdata),
              wire::BuildError::kOk);
  }
  q.wire.resize(b.finish().size());
  EXPECT_EQ(wire::parse_message(q.wire, q.info), wire::ParseError::kOk);
  return q;
}

struct Rr {
  wire::Name owner;
  std::uint16_t type;
  std::uint32_t ttl;
  std::vector<std::uint8_t> rdata;
};

// "owner TYPE ttl rdata-hex" with the owner and the names in RDATA lowercased (RFC 4034
// §6.2), to compare record sets as the zone's semantics see them; exact() below compares
// records byte for byte, case included.
std::string key(wire::NameView owner, std::uint16_t type, std::uint32_t ttl,
                std::span<const std::uint8_t> rdata_in) {
  std::uint8_t lower[wire::kMaxNameLength];
  wire::to_lower(owner, lower);
  std::string k = wire::to_text(wire::NameView(lower, owner.size())) + " " +
                  wire::type_to_text(type) + " " + std::to_string(ttl) + " ";
  std::vector<std::uint8_t> rdata(rdata_in.begin(), rdata_in.end());
  wire::rdata_canonicalize(type, rdata);
  char hex[3];
  for (std::uint8_t b : rdata) {
    std::snprintf(hex, sizeof hex, "%02x", b);
    k += hex;
  }
  return k;
}
std::string key(const Rr& r) {
  return key(r.owner, r.type, r.ttl, r.rdata);
}
std::string key(const ZoneRecord& r) {
  return key(r.owner, r.type, r.ttl, r.rdata);
}

// "owner TYPE ttl rdata-hex" exactly as the record is: the owner's octets as they are (its
// presentation form keeps the case), the RDATA's as they are.
std::string exact(wire::NameView owner, std::uint16_t type, std::uint32_t ttl,
                  std::span<const std::uint8_t> rdata) {
  std::string k =
      wire::to_text(owner) + " " + wire::type_to_text(type) + " " + std::to_string(ttl) + " ";
  char hex[3];
  for (std::uint8_t b : rdata) {
    std::snprintf(hex, sizeof hex, "%02x", b);
    k += hex;
  }
  return k;
}
std::string exact(const Rr& r) {
  return exact(r.owner, r.type, r.ttl, r.rdata);
}
std::string exact(const ZoneRecord& r) {
  return exact(r.owner, r.type, r.ttl, r.rdata);
}

// Every message of a stream parsed and checked against the query; the records in order.
struct Stream {
  std::vector<std::vector<std::uint8_t>> messages;
  std::vector<Rr> records;
  std::vector<std::size_t> questions;  // per message
};

template <typename Writer>
Stream run(Writer& w, const Query& q, std::size_t buffer_size, std::size_t reserve_tail) {
  Stream s;
  std::vector<std::uint8_t> buffer(buffer_size);
  std::vector<std::uint8_t> rdata(wire::kMaxRdataLength);
  while (!w.done()) {
    const std::size_t n = w.next(buffer, reserve_tail);
    EXPECT_GT(n, 0u);
    if (n == 0) break;
    EXPECT_LE(n, std::min<std::size_t>(buffer_size, 65535) - reserve_tail);
    std::vector<std::uint8_t> m(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(n));
    wire::MessageInfo info;
    EXPECT_EQ(wire::parse_message(m, info), wire::ParseError::kOk);
    EXPECT_EQ(info.header.id, q.info.header.id);
    EXPECT_TRUE(info.header.has(wire::flag::QR));
    EXPECT_TRUE(info.header.has(wire::flag::AA));
    EXPECT_EQ(info.header.has(wire::flag::RD), q.info.header.has(wire::flag::RD));
    EXPECT_FALSE(info.header.has(wire::flag::TC));
    EXPECT_EQ(info.header.opcode(), wire::Opcode::kQuery);
    EXPECT_EQ(info.header.rcode_bits(), 0);
    EXPECT_EQ(info.header.nscount, 0);
    EXPECT_EQ(info.header.arcount, 0);
    EXPECT_GT(info.header.ancount, 0);
    s.questions.push_back(info.header.qdcount);
    if (info.has_question) {
      EXPECT_TRUE(wire::equal(info.question.name, q.info.question.name));
      EXPECT_EQ(info.question.type, q.info.question.type);
    }
    wire::RecordIterator it(m, info, rdata);
    wire::Record r;
    while (it.next(r)) {
      EXPECT_EQ(r.section, wire::Section::kAnswer);
      EXPECT_EQ(r.cls, wire::rrclass::IN);
      s.records.push_back({r.owner, r.type, r.ttl, {r.rdata.begin(), r.rdata.end()}});
    }
    EXPECT_EQ(it.error(), wire::ParseError::kOk);
    s.messages.push_back(std::move(m));
  }
  EXPECT_FALSE(w.failed());
  return s;
}

std::vector<std::string> sorted_keys(const std::vector<Rr>& rrs, std::size_t from, std::size_t to) {
  std::vector<std::string> out;
  for (std::size_t i = from; i < to; ++i)
    out.push_back(key(rrs[i]));
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> cursor_keys(const ZoneSnapshot& z) {
  std::vector<std::string> out;
  for (zone::ZoneCursor c(z); !c.done(); c.advance())
    out.push_back(key(c.record()));
  std::sort(out.begin(), out.end());
  return out;
}

void check_axfr(const std::string& apex, const std::string& file, std::size_t buffer_size,
                std::size_t reserve_tail, XfrOptions options = {}) {
  SCOPED_TRACE(file + " buffer " + std::to_string(buffer_size));
  auto z = load(apex, data_path(file));
  const std::vector<std::string> expected = cursor_keys(*z);
  Query q = make_query(apex, rrtype::AXFR, nullptr);
  AxfrWriter w(z, q.info, options);
  Stream s = run(w, q, buffer_size, reserve_tail);
  ASSERT_GE(s.records.size(), 2u);
  EXPECT_EQ(s.records.front().type, rrtype::SOA);
  EXPECT_EQ(s.records.back().type, rrtype::SOA);
  EXPECT_EQ(key(s.records.front()), key(s.records.back()));
  // Nothing else is an SOA, and everything in between is the zone.
  std::vector<std::string> got = sorted_keys(s.records, 0, s.records.size() - 1);
  EXPECT_TRUE(got == expected) << got.size() << " records, expected " << expected.size();
  EXPECT_EQ(w.records(), s.records.size());
  EXPECT_EQ(w.messages(), s.messages.size());
  for (std::size_t i = 0; i < s.questions.size(); ++i)
    EXPECT_EQ(s.questions[i], i == 0 || options.question_in_every_message ? 1u : 0u) << i;
}

TEST(AxfrWriter, SignedZonesInOneMessageEach) {
  check_axfr("signed-nsec.example.", "signed-nsec.example.zone", 65535, 0);
  check_axfr("signed-nsec3.example.", "signed-nsec3.example.zone", 65535, 0);
  check_axfr("answer.example.", "answer/answer.example.zone", 65535, 0);
}

TEST(AxfrWriter, LargeZoneInManyMessages) {
  check_axfr("generated.example.", "xfr/generated.example.zone", 65535, 0);
  check_axfr("generated.example.", "xfr/generated.example.zone", 16384, 0);
  // Room kept for a TSIG in every message.
  check_axfr("generated.example.", "xfr/generated.example.zone", 65535, 300);
  // A buffer larger than a message can be: messages stop at kXfrMessageSize octets.
  check_axfr("generated.example.", "xfr/generated.example.zone", 100000, 0);
  check_axfr("signed-interop-nsec3.example.", "interop/signed-interop-nsec3.example.zone", 512,
             100);
}

TEST(AxfrWriter, QuestionInTheFirstMessageOnly) {
  check_axfr("generated.example.", "xfr/generated.example.zone", 16384, 0,
             XfrOptions{.question_in_every_message = false});
}

TEST(AxfrWriter, RrsetOfMoreRecordsThanAMessageHolds) {
  check_axfr("big-rrset.example.", "xfr/big-rrset.example.zone", 65535, 0);
}

TEST(AxfrWriter, MessagesAreFull) {
  auto z = load("generated.example.", data_path("xfr/generated.example.zone"));
  Query q = make_query("generated.example.", rrtype::AXFR, nullptr);
  for (std::size_t reserve : {std::size_t{0}, std::size_t{300}}) {
    AxfrWriter w(z, q.info);
    Stream s = run(w, q, 65535, reserve);
    ASSERT_GT(s.messages.size(), 3u);
    // Every message but the last had no room for the next record (none is over ~300
    // octets); none is over the transfer message size.
    for (std::size_t i = 0; i < s.messages.size(); ++i) {
      EXPECT_LE(s.messages[i].size(), kXfrMessageSize) << i;
      if (i + 1 < s.messages.size()) {
        EXPECT_GT(s.messages[i].size(), kXfrMessageSize - 300u) << i;
      }
    }
  }
}

// The records of the stream are the cursor's, in its order, then the closing SOA, each
// octet of each owner and RDATA as the zone has it.
void check_exact_sequence(const std::string& apex, const std::string& file, std::size_t buffer_size,
                          std::size_t reserve_tail, XfrOptions options = {}) {
  SCOPED_TRACE(file + " buffer " + std::to_string(buffer_size));
  auto z = load(apex, data_path(file));
  std::vector<std::string> expected;
  for (zone::ZoneCursor c(*z); !c.done(); c.advance())
    expected.push_back(exact(c.record()));
  expected.push_back(expected.front());
  Query q = make_query(apex, rrtype::AXFR, nullptr);
  AxfrWriter w(z, q.info, options);
  Stream s = run(w, q, buffer_size, reserve_tail);
  ASSERT_EQ(s.records.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i)
    ASSERT_EQ(exact(s.records[i]), expected[i]) << "record " << i;
}

TEST(AxfrWriter, RecordSequenceExactlyTheCursors) {
  check_exact_sequence("generated.example.", "xfr/generated.example.zone", 65535, 0);
  check_exact_sequence("generated.example.", "xfr/generated.example.zone", 4096, 200,
                       XfrOptions{.question_in_every_message = false});
  check_exact_sequence("signed-nsec3.example.", "signed-nsec3.example.zone", 65535, 0);
  check_exact_sequence("signed-nsec.example.", "signed-nsec.example.zone", 1024, 0);
  check_exact_sequence("answer.example.", "answer/answer.example.zone", 700, 0);
  check_exact_sequence("signed-interop-nsec3.example.", "interop/signed-interop-nsec3.example.zone",
                       512, 100);
}

// Names keep their case exactly: compression points only to a suffix spelled the same.
// "MiXeD7 CNAME HOST7" follows host7's records in the same message; the secondary receives
// "HOST7" (a case-insensitive compressor would send "host7"). Also when the client asks
// in another case than the zone's.
TEST(AxfrWriter, NameCaseInMessages) {
  auto z = load("generated.example.", data_path("xfr/generated.example.zone"));
  for (const char* qname : {"generated.example.", "GENERATED.Example."}) {
    SCOPED_TRACE(qname);
    Query q = make_query(qname, rrtype::AXFR, nullptr);
    AxfrWriter w(z, q.info);
    Stream s = run(w, q, 65535, 0);
    std::size_t cnames = 0;
    for (const Rr& r : s.records) {
      const std::string owner = wire::to_text(r.owner);
      ASSERT_GE(owner.size(), 18u);
      EXPECT_EQ(owner.substr(owner.size() - 18), "generated.example.") << owner;
      if (r.type != rrtype::CNAME) continue;
      ++cnames;
      const std::string n = owner.substr(5, owner.find('.') - 5);
      EXPECT_EQ(owner, "MiXeD" + n + ".generated.example.");
      EXPECT_EQ(wire::to_text(wire::NameView(r.rdata.data(), r.rdata.size())),
                "HOST" + n + ".generated.example.");
    }
    EXPECT_EQ(cnames, 100u);
  }
}

TEST(AxfrWriter, HoldsTheSnapshotForTheWholeTransfer) {
  auto z = load("signed-nsec3.example.", data_path("signed-nsec3.example.zone"));
  const std::vector<std::string> expected = cursor_keys(*z);
  Query q = make_query("signed-nsec3.example.", rrtype::AXFR, nullptr);
  AxfrWriter w(z, q.info);
  std::weak_ptr<const ZoneSnapshot> weak = z;
  z.reset();  // a reload replaced it: the transfer goes on with the version it started with
  EXPECT_FALSE(weak.expired());
  Stream s = run(w, q, 512, 0);
  EXPECT_EQ(sorted_keys(s.records, 0, s.records.size() - 1), expected);
}

TEST(AxfrWriter, AllocatesNothingWhileWriting) {
  auto z = load("generated.example.", data_path("xfr/generated.example.zone"));
  Query q = make_query("generated.example.", rrtype::AXFR, nullptr);
  AxfrWriter w(z, q.info);
  std::vector<std::uint8_t> buffer(65535);
  std::size_t messages = 0;
  g_allocations = 0;
  g_counting = true;
  while (!w.done() && w.next(buffer, 0) > 0)
    ++messages;
  g_counting = false;
  EXPECT_EQ(g_allocations, 0);
  EXPECT_TRUE(w.done());
  EXPECT_GT(messages, 10u);
}

TEST(AxfrWriter, FailsWhenNotEvenOneRecordFits) {
  auto z = load("signed-nsec3.example.", data_path("signed-nsec3.example.zone"));
  Query q = make_query("signed-nsec3.example.", rrtype::AXFR, nullptr);
  {
    AxfrWriter w(z, q.info);
    std::vector<std::uint8_t> buffer(100);  // the SOA fits, the DNSKEYs and RRSIGs do not
    std::size_t n = 1;
    while (!w.done() && (n = w.next(buffer, 0)) > 0) {
    }
    EXPECT_EQ(n, 0u);
    EXPECT_TRUE(w.failed());
    EXPECT_FALSE(w.done());
    EXPECT_EQ(w.next(buffer, 0), 0u);  // and stays failed
  }
  AxfrWriter w(z, q.info);
  std::vector<std::uint8_t> buffer(512);
  EXPECT_EQ(w.next(buffer, 600), 0u);  // the reserve is larger than the message
  EXPECT_TRUE(w.failed());
}

// ----- XfrPacker and XfrMessage on records made up here -----

std::vector<std::uint8_t> wire_name(const std::string& text) {
  const wire::Name n = name_of(text);
  return {n.data(), n.data() + n.size()};
}

// RDATA from pieces: names in wire form, numbers, character-strings, filler.
struct RdataOf {
  std::vector<std::uint8_t> b;
  RdataOf& name(const std::string& text) {
    const std::vector<std::uint8_t> w = wire_name(text);
    b.insert(b.end(), w.begin(), w.end());
    return *this;
  }
  RdataOf& u16(std::uint16_t v) {
    b.push_back(static_cast<std::uint8_t>(v >> 8));
    b.push_back(static_cast<std::uint8_t>(v));
    return *this;
  }
  RdataOf& u32(std::uint32_t v) {
    u16(static_cast<std::uint16_t>(v >> 16));
    return u16(static_cast<std::uint16_t>(v));
  }
  RdataOf& text(const std::string& t) {
    b.push_back(static_cast<std::uint8_t>(t.size()));
    b.insert(b.end(), t.begin(), t.end());
    return *this;
  }
  // `n` octets of character-strings of up to 255 octets (a big TXT).
  RdataOf& strings(std::size_t n) {
    while (n > 0) {
      const std::size_t len = std::min<std::size_t>(n - 1, 255);
      text(std::string(len, 'x'));
      n -= len + 1;
    }
    return *this;
  }
  operator std::vector<std::uint8_t>() const { return b; }  // NOLINT
};

std::vector<std::uint8_t> soa_rdata(const std::string& mname, const std::string& rname) {
  return RdataOf().name(mname).name(rname).u32(1).u32(7200).u32(3600).u32(1209600).u32(300);
}

// Records made up by a test, as a packer's source: every record has its own copy of its
// owner (as a delta's records do), so owners are compared by their octets.
class ListSource {
 public:
  void add(const std::string& owner, std::uint16_t type, std::vector<std::uint8_t> rdata,
           std::uint32_t ttl = 300) {
    owned_.push_back({name_of(owner), type, ttl, std::move(rdata)});
  }
  // After the last add().
  void start() {
    views_.clear();
    for (const Rr& r : owned_)
      views_.push_back({r.owner, r.type, wire::rrclass::IN, r.ttl, r.rdata});
    at_ = 0;
  }
  bool done() const { return at_ == views_.size(); }
  const ZoneRecord& record() const { return views_[at_]; }
  void advance() { ++at_; }
  const std::vector<ZoneRecord>& records() const { return views_; }

 private:
  std::vector<Rr> owned_;
  std::vector<ZoneRecord> views_;
  std::size_t at_ = 0;
};

// A ListSource behind a packer, as run() wants a writer.
struct ListWriter {
  ListWriter(ListSource& s, const Query& q, XfrOptions options = {})
      : source(s), packer(q.info, options) {
    source.start();
  }
  bool done() const { return source.done(); }
  std::size_t next(std::span<std::uint8_t> out, std::size_t reserve) {
    return packer.pack(source, out, reserve);
  }
  bool failed() const { return packer.failed(); }
  ListSource& source;
  XfrPacker packer;
};

// Where each record's RDATA is in `m`, as sent (not decompressed).
std::vector<std::span<const std::uint8_t>> raw_rdatas(const std::vector<std::uint8_t>& m) {
  wire::MessageInfo info;
  EXPECT_EQ(wire::parse_message(m, info), wire::ParseError::kOk);
  std::vector<std::uint8_t> buffer(wire::kMaxRdataLength);
  wire::RecordIterator it(m, info, buffer);
  wire::Record r;
  std::vector<std::span<const std::uint8_t>> out;
  while (it.next(r)) {
    const wire::NameRead owner = wire::read_name(m, r.offset, nullptr);
    const std::size_t length = wire::load_u16(m.data() + owner.end + 8);
    out.emplace_back(m.data() + owner.end + 10, length);
  }
  return out;
}

ListSource mixed_case_records() {
  ListSource src;
  src.add("Example.COM.", rrtype::SOA, soa_rdata("NS1.example.com.", "HostMaster.Example.COM."));
  src.add("Example.COM.", rrtype::NS, RdataOf().name("ns1.example.com."));
  src.add("Example.COM.", rrtype::NS, RdataOf().name("NS1.Example.COM."));
  src.add("Example.COM.", rrtype::MX, RdataOf().u16(10).name("Mail.Example.COM."));
  src.add("example.com.", rrtype::A, RdataOf().u32(0xC0000201));
  src.add("EXAMPLE.COM.", rrtype::TXT, RdataOf().text("apex in capitals"));
  src.add("www.Example.COM.", rrtype::CNAME, RdataOf().name("WWW.example.com."));
  src.add("WWW.example.com.", rrtype::A, RdataOf().u32(0xC0000202));
  src.add("www.example.com.", rrtype::A, RdataOf().u32(0xC0000203));
  src.add("a.WWW.example.com.", rrtype::PTR, RdataOf().name("www.Example.COM."));
  src.add("B.www.example.com.", rrtype::MINFO,
          RdataOf().name("a.WWW.example.com.").name("A.www.example.com."));
  src.add("b.www.example.com.", rrtype::MB, RdataOf().name("B.www.example.com."));
  // RFC 3597 §4: names in these RDATA are never compressed, whatever precedes them.
  src.add("host.example.com.", rrtype::SRV,
          RdataOf().u16(0).u16(0).u16(53).name("host.example.com."));
  src.add("host.example.com.", rrtype::RP,
          RdataOf().name("Host.example.com.").name("txt.HOST.example.com."));
  src.add("host.example.com.", rrtype::AFSDB, RdataOf().u16(1).name("host.example.com."));
  src.add("host.example.com.", rrtype::NAPTR,
          RdataOf().u16(1).u16(2).text("s").text("SIP+D2U").text("").name("example.com."));
  src.add("x.example.com.", rrtype::MX, RdataOf().u16(10).name("Mail.Example.COM."));
  src.add("y.example.com.", rrtype::MX, RdataOf().u16(20).name("mail.example.com."));
  src.add("y.example.com.", rrtype::NS, RdataOf().name("mail.example.com."));
  src.add("y.EXAMPLE.com.", rrtype::NS, RdataOf().name("MAIL.example.com."));
  src.add("z.y.example.com.", rrtype::CNAME, RdataOf().name("y.EXAMPLE.com."));
  src.add("Z.y.example.com.", rrtype::DNAME, RdataOf().name("z.y.example.com."));
  src.add("\\046.example.com.", rrtype::NS, RdataOf().name("a\\.b.example.com."));
  src.add("ab.example.com.", rrtype::NS, RdataOf().name("\\002ab.example.com."));
  src.add(".", rrtype::NS, RdataOf().name("."));
  return src;
}

TEST(XfrPacker, MixedCaseNamesSurviveByteForByte) {
  for (const char* qname : {"Example.COM.", "example.com."}) {
    for (bool every : {true, false}) {
      for (std::size_t buffer : {std::size_t{65535}, std::size_t{200}}) {
        SCOPED_TRACE(std::string(qname) + (every ? " question in every message" : " once") +
                     " buffer " + std::to_string(buffer));
        ListSource src = mixed_case_records();
        Query q = make_query(qname, rrtype::AXFR, nullptr);
        ListWriter w(src, q, XfrOptions{.question_in_every_message = every});
        Stream s = run(w, q, buffer, 0);
        const std::vector<ZoneRecord>& in = src.records();
        ASSERT_EQ(s.records.size(), in.size());
        for (std::size_t i = 0; i < in.size(); ++i)
          EXPECT_EQ(exact(s.records[i]), exact(in[i])) << i;
        // The RDATA of types after RFC 1035 went out as it is, without pointers.
        std::size_t i = 0;
        for (const auto& m : s.messages) {
          for (std::span<const std::uint8_t> raw : raw_rdatas(m)) {
            const ZoneRecord& r = in[i++];
            const wire::CompressibleRdata* layout = wire::compressible_rdata(r.type);
            if (layout == nullptr || !layout->compress_on_build) {
              EXPECT_TRUE(std::equal(raw.begin(), raw.end(), r.rdata.begin(), r.rdata.end()))
                  << wire::type_to_text(r.type);
            }
          }
        }
        if (buffer == 65535) {
          ASSERT_EQ(s.messages.size(), 1u);
          // And compression did its work: well under the uncompressed size.
          std::size_t plain = 12 + std::string(qname).size() + 5;
          for (const ZoneRecord& r : in)
            plain += r.owner.size() + 10 + r.rdata.size();
          EXPECT_LT(s.messages[0].size() + 150, plain);
        }
      }
    }
  }
}

// Only the RFC 1035 types have their RDATA names compressed (RFC 3597 §4), and they are all
// below 32 (XfrMessage keeps them as a 32-bit set).
TEST(XfrPacker, CompressedRdataTypesAreTheRfc1035Ones) {
  std::vector<std::uint16_t> marked;
  for (std::uint32_t t = 0; t <= 0xFFFF; ++t) {
    const wire::CompressibleRdata* layout = wire::compressible_rdata(static_cast<std::uint16_t>(t));
    if (layout != nullptr && layout->compress_on_build)
      marked.push_back(static_cast<std::uint16_t>(t));
  }
  const std::vector<std::uint16_t> rfc1035 = {rrtype::NS,  rrtype::MD,    rrtype::MF, rrtype::CNAME,
                                              rrtype::SOA, rrtype::MB,    rrtype::MG, rrtype::MR,
                                              rrtype::PTR, rrtype::MINFO, rrtype::MX};
  std::vector<std::uint16_t> sorted = rfc1035;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(marked, sorted);
  for (std::uint16_t t : marked)
    EXPECT_LT(t, 32u);
}

// Every pointer in a message must reach its target with 14 bits. A message larger than
// kXfrMessageSize (made directly here; the packer makes one only for a record that does not
// fit a message of that size) has names past 0x3FFF: none of them may be pointed to, and
// every name must still read back exactly.
TEST(XfrMessage, NoPointerBeyond0x3FFF) {
  std::vector<std::uint8_t> buffer(65535);
  Query q = make_query("Example.COM.", rrtype::AXFR, nullptr);
  wire::Header h;
  h.id = 7;
  h.set(wire::flag::QR, true);
  std::vector<Rr> in;
  auto record = [&](const std::string& owner, std::uint16_t type, std::vector<std::uint8_t> rd) {
    in.push_back({name_of(owner), type, 300, std::move(rd)});
  };
  record("Example.COM.", rrtype::TXT, RdataOf().strings(16300));
  for (int i = 0; i < 3000; ++i) {
    const std::string n = std::to_string(i % 700);
    const std::string owner = (i % 3 == 0 ? "Host" : "host") + n + ".Sub.Example.COM.";
    record(owner, rrtype::A, RdataOf().u32(static_cast<std::uint32_t>(i)));
    record(owner, rrtype::CNAME, RdataOf().name("target" + n + ".Sub.Example.COM."));
    if (i % 5 == 0) record("x." + owner, rrtype::MX, RdataOf().u16(1).name(owner));
    if (i % 7 == 0) record("sub.example.com.", rrtype::NS, RdataOf().name("ns.Sub.Example.COM."));
  }
  XfrMessage m;
  ASSERT_TRUE(m.begin(buffer, 65535, h, &q.info.question));
  std::size_t added = 0;
  std::vector<std::size_t> starts;  // where each record begins
  while (added < in.size()) {
    const Rr& r = in[added];
    const std::size_t at = m.size();
    if (m.add(r.owner, r.type, wire::rrclass::IN, r.ttl, r.rdata) != XfrMessage::Add::kOk) break;
    starts.push_back(at);
    ++added;
  }
  const std::size_t size = m.finish();
  ASSERT_GT(size, 60000u);
  ASSERT_GT(added, 1000u);
  std::vector<std::uint8_t> msg(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(size));
  // Read back (the parser follows each pointer, backwards only) and compared exactly.
  wire::MessageInfo info;
  ASSERT_EQ(wire::parse_message(msg, info), wire::ParseError::kOk);
  std::vector<std::uint8_t> rdata(wire::kMaxRdataLength);
  wire::RecordIterator it(msg, info, rdata);
  wire::Record r;
  std::size_t i = 0;
  while (it.next(r)) {
    ASSERT_LT(i, added);
    EXPECT_EQ(exact(r.owner, r.type, r.ttl, r.rdata), exact(in[i])) << i;
    EXPECT_EQ(r.offset, starts[i]);
    ++i;
  }
  EXPECT_EQ(it.error(), wire::ParseError::kOk);
  EXPECT_EQ(i, added);
  // Names past 0x3FFF are still compressed against what lies below it when they can be:
  // an owner ending in "Example.COM." (the question) is some labels and one pointer; one
  // that does not ("sub.example.com.", only ever written past 0x3FFF) is written whole.
  std::size_t late = 0;
  for (std::size_t k = 0; k < added; ++k) {
    if (starts[k] <= 0x3FFF) continue;
    ++late;
    const wire::NameRead owner = wire::read_name(msg, starts[k], nullptr);
    const std::string text = wire::to_text(in[k].owner);
    if (text.size() >= 12 && text.compare(text.size() - 12, 12, "Example.COM.") == 0) {
      EXPECT_LT(owner.end - starts[k], in[k].owner.size()) << k;
    } else {
      EXPECT_EQ(owner.end - starts[k], in[k].owner.size()) << k;
    }
    // Walk the labels to the pointer: it points below 0x4000, to a name start the reader
    // accepts, strictly before this one.
    std::size_t p = starts[k];
    while (msg[p] != 0 && (msg[p] & 0xC0) == 0)
      p += msg[p] + 1u;
    if ((msg[p] & 0xC0) == 0xC0) {
      const std::size_t target = wire::load_u16(msg.data() + p) & 0x3FFF;
      EXPECT_LT(target, starts[k]);
      EXPECT_LE(target, 0x3FFFu);
    }
  }
  EXPECT_GT(late, 1000u);
}

// No message is larger than the transfer message size (or the buffer, less the reserve),
// but for a record that fits no such message: it goes alone in a larger one.
TEST(XfrPacker, MessagesNeverExceedTheSize) {
  auto records = [] {
    ListSource src;
    src.add("big.example.", rrtype::SOA, soa_rdata("ns.big.example.", "admin.big.example."));
    for (int i = 0; i < 4000; ++i) {
      const std::string owner = "n" + std::to_string(i) + ".big.example.";
      src.add(owner, rrtype::TXT, RdataOf().strings(static_cast<std::size_t>(1 + (i * 37) % 300)));
      if (i % 9 == 0)
        src.add(owner, rrtype::CNAME, RdataOf().name("N" + std::to_string(i) + ".big.example."));
    }
    return src;
  };
  for (std::size_t buffer : {std::size_t{65535}, std::size_t{100000}, std::size_t{16384},
                             std::size_t{9000}, std::size_t{700}}) {
    for (std::size_t reserve : {std::size_t{0}, std::size_t{150}}) {
      SCOPED_TRACE("buffer " + std::to_string(buffer) + " reserve " + std::to_string(reserve));
      ListSource src = records();
      Query q = make_query("big.example.", rrtype::AXFR, nullptr);
      ListWriter w(src, q);
      Stream s = run(w, q, buffer, reserve);
      const std::size_t most =
          std::min(kXfrMessageSize, std::min<std::size_t>(buffer, 65535) - reserve);
      for (std::size_t i = 0; i < s.messages.size(); ++i) {
        EXPECT_LE(s.messages[i].size(), most) << i;
        if (i + 1 < s.messages.size()) {
          EXPECT_GT(s.messages[i].size() + 320, most) << i;
        }
      }
      ASSERT_EQ(s.records.size(), src.records().size());
      for (std::size_t i = 0; i < s.records.size(); ++i)
        ASSERT_EQ(exact(s.records[i]), exact(src.records()[i])) << i;
    }
  }
  // A record of 30000 octets: alone in its message, in a buffer that holds it.
  for (std::size_t reserve : {std::size_t{0}, std::size_t{150}}) {
    ListSource src;
    src.add("big.example.", rrtype::SOA, soa_rdata("ns.big.example.", "admin.big.example."));
    src.add("big.example.", rrtype::TXT, RdataOf().strings(30000));
    src.add("a.big.example.", rrtype::TXT, RdataOf().strings(30));
    Query q = make_query("big.example.", rrtype::AXFR, nullptr);
    ListWriter w(src, q);
    Stream s = run(w, q, 65535, reserve);
    ASSERT_EQ(s.messages.size(), 3u);
    EXPECT_EQ(wire::load_u16(s.messages[1].data() + 6), 1u);  // ANCOUNT
    EXPECT_GT(s.messages[1].size(), kXfrMessageSize);
    EXPECT_LE(s.messages[1].size(), 65535u - reserve);
    ASSERT_EQ(s.records.size(), 3u);
    EXPECT_EQ(s.records[1].rdata.size(), 30000u);
    // Not in a buffer too small for it.
    ListWriter small(src, q);
    std::vector<std::uint8_t> out(20000);
    EXPECT_GT(small.next(out, reserve), 0u);  // the SOA
    EXPECT_EQ(small.next(out, reserve), 0u);
    EXPECT_TRUE(small.failed());
  }
}

// ----- IXFR -----

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

struct IxfrCase {
  std::string dir;
  std::string old_path, new_path;
  std::shared_ptr<const ZoneSnapshot> old_zone, new_zone;
  std::shared_ptr<const ZoneDelta> delta;

  IxfrCase() {
    std::string t = testing::TempDir() + "xfr_writer_XXXXXX";
    dir = ::mkdtemp(t.data());
    old_path = dir + "/old.zone";
    new_path = dir + "/new.zone";
    const std::string a = read_text(data_path("xfr/generated.example.zone"));
    std::string b = a;
    b.replace(b.find("2026010101"), 10, "2026010102");
    b.replace(b.find("$GENERATE 0-99 www.sub$"), 23, "$GENERATE 0-49 www.sub$");  // removals
    b += "$GENERATE 0-2999 extra$ TXT \"added $\"\n";                             // additions
    b += "ns1 60 A 192.0.2.1\n";  // a TTL change (ns1's A was 3600)
    b.replace(b.find("ns1         A     192.0.2.1"), 27, "");
    write_text(old_path, a);
    write_text(new_path, b);
    old_zone = load("generated.example.", old_path);
    new_zone = load("generated.example.", new_path);
    delta = std::make_shared<const ZoneDelta>(make_delta(*old_zone, *new_zone));
  }
  ~IxfrCase() {
    for (const char* f :
         {"/old.zone", "/new.zone", "/old.rr", "/new.rr", "/axfr.bin", "/ixfr.bin", "/check.py"})
      ::unlink((dir + f).c_str());
    ::rmdir(dir.c_str());
  }
};

TEST(IxfrWriter, RecordSequence) {
  IxfrCase c;
  ASSERT_EQ(c.delta->removed.size(), 51u);  // 50 TXT, ns1's A
  ASSERT_EQ(c.delta->added.size(), 3001u);  // 3000 TXT, ns1's A
  ZoneRecord old_soa, new_soa;
  ASSERT_TRUE(zone::soa_record(*c.old_zone, old_soa));
  ASSERT_TRUE(zone::soa_record(*c.new_zone, new_soa));
  Query q = make_query("generated.example.", rrtype::IXFR, &old_soa);
  ASSERT_EQ(ixfr_query_serial(q.wire, q.info), std::optional<std::uint32_t>(2026010101u));
  IxfrWriter w(c.delta, q.info);
  Stream s = run(w, q, 16384, 200);
  EXPECT_GT(s.messages.size(), 2u);  // streamed over several messages
  const std::vector<Rr>& r = s.records;
  const std::size_t nr = c.delta->removed.size(), na = c.delta->added.size();
  ASSERT_EQ(r.size(), 4 + nr + na);
  EXPECT_EQ(key(r[0]), key(new_soa));
  EXPECT_EQ(key(r[1]), key(old_soa));
  EXPECT_EQ(key(r[2 + nr]), key(new_soa));
  EXPECT_EQ(key(r.back()), key(new_soa));
  std::vector<std::string> removed, added;
  for (ZoneRecord x : c.delta->removed)
    removed.push_back(key(x));
  for (ZoneRecord x : c.delta->added)
    added.push_back(key(x));
  std::sort(removed.begin(), removed.end());
  std::sort(added.begin(), added.end());
  EXPECT_EQ(sorted_keys(r, 2, 2 + nr), removed);
  EXPECT_EQ(sorted_keys(r, 3 + nr, 3 + nr + na), added);
  // And exactly, in order: the lists' records as they are, octet for octet.
  std::vector<std::string> expected = {exact(new_soa), exact(old_soa)};
  for (ZoneRecord x : c.delta->removed)
    expected.push_back(exact(x));
  expected.push_back(exact(new_soa));
  for (ZoneRecord x : c.delta->added)
    expected.push_back(exact(x));
  expected.push_back(exact(new_soa));
  for (std::size_t i = 0; i < r.size(); ++i)
    ASSERT_EQ(exact(r[i]), expected[i]) << "record " << i;
}

TEST(IxfrWriter, EmptyListsStillHaveTheirSoas) {
  IxfrCase c;
  ZoneDelta only_soas;
  only_soas.old_soa.append(c.delta->old_soa.front());
  only_soas.new_soa.append(c.delta->new_soa.front());
  Query q = make_query("generated.example.", rrtype::IXFR, nullptr);
  IxfrWriter w(std::make_shared<const ZoneDelta>(std::move(only_soas)), q.info);
  Stream s = run(w, q, 512, 0);
  ASSERT_EQ(s.records.size(), 4u);
  EXPECT_EQ(soa_serial(s.records[0].rdata), 2026010102u);
  EXPECT_EQ(soa_serial(s.records[1].rdata), 2026010101u);
  EXPECT_EQ(soa_serial(s.records[2].rdata), 2026010102u);
  EXPECT_EQ(soa_serial(s.records[3].rdata), 2026010102u);
}

TEST(IxfrWriter, UpToDateClientGetsOneSoa) {
  auto z = load("signed-nsec3.example.", data_path("signed-nsec3.example.zone"));
  ZoneRecord soa;
  ASSERT_TRUE(zone::soa_record(*z, soa));
  Query q = make_query("signed-nsec3.example.", rrtype::IXFR, &soa, 77);
  std::vector<std::uint8_t> buffer(512);
  const std::size_t n = write_ixfr_up_to_date(buffer, 0, q.info, soa);
  ASSERT_GT(n, 0u);
  buffer.resize(n);
  wire::MessageInfo info;
  ASSERT_EQ(wire::parse_message(buffer, info), wire::ParseError::kOk);
  EXPECT_EQ(info.header.id, 77);
  EXPECT_TRUE(info.header.has(wire::flag::AA));
  EXPECT_EQ(info.header.qdcount, 1);
  EXPECT_EQ(info.question.type, rrtype::IXFR);
  EXPECT_EQ(info.header.ancount, 1);
  EXPECT_EQ(ixfr_query_serial(q.wire, q.info), std::optional<std::uint32_t>(z->serial()));
  Query no_soa = make_query("signed-nsec3.example.", rrtype::IXFR, nullptr);
  EXPECT_FALSE(ixfr_query_serial(no_soa.wire, no_soa.info).has_value());
}

// ----- dnspython -----

const char* kCheckScript = R"(
import struct, sys
try:
    import dns.message, dns.name, dns.rdata, dns.rdataclass, dns.rdatatype, dns.xfr, dns.zone
except ImportError:
    sys.exit(77)

def messages(path):
    data = open(path, "rb").read()
    at = 0
    while at < len(data):
        (n,) = struct.unpack("!H", data[at:at + 2])
        yield dns.message.from_wire(data[at + 2:at + 2 + n], xfr=True, one_rr_per_rrset=True)
        at += 2 + n

def zone_of_records(path, origin):
    # The zone file's records as the parser read them: owner, type, class, TTL, RDLENGTH, RDATA.
    data = open(path, "rb").read()
    zone = dns.zone.Zone(origin, relativize=False)
    at = 0
    with zone.writer() as txn:
        while at < len(data):
            owner, used = dns.name.from_wire(data, at)
            at += used
            rdtype, rdclass, ttl, rdlength = struct.unpack("!HHIH", data[at:at + 10])
            at += 10
            rd = dns.rdata.from_wire(rdclass, rdtype, data, at, rdlength)
            at += rdlength
            txn.add(owner, ttl, rd)
    return zone

def records(zone):
    # Canonical form (RFC 4034 6.2): owners and the names in RDATA compare case-insensitively.
    return sorted((name.canonicalize().to_wire(), rds.ttl, rd.rdtype, rd.to_digestable())
                  for name, rds in zone.iterate_rdatasets() for rd in rds)

mode, stream, origin, expected = sys.argv[1:5]
o = dns.name.from_text(origin)
want = zone_of_records(expected, o)
if mode == "axfr":
    zone, rdtype, serial = dns.zone.Zone(o, relativize=False), dns.rdatatype.AXFR, None
else:
    zone = zone_of_records(sys.argv[5], o)
    rdtype = dns.rdatatype.IXFR
    serial = zone.find_rdataset(o, dns.rdatatype.SOA)[0].serial
done, count = False, 0
with dns.xfr.Inbound(zone, rdtype, serial) as inbound:
    for m in messages(stream):
        assert not done, "a message after the end of the transfer"
        done = inbound.process_message(m)
        count += 1
assert done, "the transfer did not end"
got, exp = records(zone), records(want)
if got != exp:
    print("differs:", len(got), "vs", len(exp), [r for r in got if r not in exp][:3],
          [r for r in exp if r not in got][:3])
    sys.exit(1)
print(mode, "checked by dnspython:", count, "messages,", len(got), "records")
)";

void write_stream(const std::string& path, const std::vector<std::vector<std::uint8_t>>& msgs) {
  std::ofstream out(path, std::ios::binary);
  for (const auto& m : msgs) {
    const char len[2] = {static_cast<char>(m.size() >> 8), static_cast<char>(m.size() & 0xFF)};
    out.write(len, 2);
    out.write(reinterpret_cast<const char*>(m.data()), static_cast<std::streamsize>(m.size()));
  }
}

// The records of a zone file as the parser reads them, in RrList form.
class RrFile : public zone::RecordSink {
 public:
  void record(const zone::ParsedRecord& r) override {
    list.append({r.owner, r.type, r.rclass, r.ttl, r.rdata});
  }
  void diagnostic(const zone::Diagnostic&) override {}
  RrList list;
};

// The same, with the one normalisation a snapshot makes (RFC 2181 §5.2): the RRSIGs of one
// RRset (owner, covered type) all take the first one's TTL.
class NormalisedRrFile : public RrFile {
 public:
  void record(const zone::ParsedRecord& r) override {
    std::uint32_t ttl = r.ttl;
    if (r.type == rrtype::RRSIG && r.rdata.size() >= 2) {
      std::string set(r.owner.size(), '\0');
      wire::to_lower(r.owner, reinterpret_cast<std::uint8_t*>(set.data()));
      set += std::to_string(wire::load_u16(r.rdata.data()));
      ttl = first_ttl.try_emplace(set, r.ttl).first->second;
    }
    list.append({r.owner, r.type, r.rclass, ttl, r.rdata});
  }
  std::map<std::string, std::uint32_t> first_ttl;
};

void write_records(const std::string& zone_file, const std::string& apex, const std::string& out,
                   bool normalised = false) {
  NormalisedRrFile normalised_sink;
  RrFile plain_sink;
  RrFile& sink = normalised ? normalised_sink : plain_sink;
  zone::ZoneFileOptions options;
  options.origin = name_of(apex);
  EXPECT_EQ(zone::parse_zone_file(zone_file, options, sink), 0u);
  std::ofstream(out, std::ios::binary)
      .write(reinterpret_cast<const char*>(sink.list.wire().data()),
             static_cast<std::streamsize>(sink.list.bytes()));
}

int run_python(const std::string& script, const std::string& args) {
  if (::access("/usr/bin/python3", X_OK) != 0) return 77 << 8;
  return std::system(("/usr/bin/python3 " + script + " " + args).c_str());
}

TEST(XfrDnspython, AxfrAndIxfrStreams) {
  IxfrCase c;
  const std::string script = c.dir + "/check.py";
  write_text(script, kCheckScript);
  write_records(c.new_path, "generated.example.", c.dir + "/new.rr");
  // AXFR of the new version, in 16 KiB messages.
  Query q = make_query("generated.example.", rrtype::AXFR, nullptr);
  AxfrWriter axfr(c.new_zone, q.info);
  write_stream(c.dir + "/axfr.bin", run(axfr, q, 16384, 0).messages);
  int rc =
      run_python(script, "axfr " + c.dir + "/axfr.bin generated.example. " + c.dir + "/new.rr");
  if (WEXITSTATUS(rc) == 77) GTEST_SKIP() << "no dnspython";
  EXPECT_EQ(rc, 0);
  // A signed zone in small messages; and the check itself fails on another zone's records.
  auto signed_zone = load("signed-nsec3.example.", data_path("signed-nsec3.example.zone"));
  Query sq = make_query("signed-nsec3.example.", rrtype::AXFR, nullptr);
  AxfrWriter signed_axfr(signed_zone, sq.info);
  write_stream(c.dir + "/axfr.bin", run(signed_axfr, sq, 1024, 0).messages);
  write_records(data_path("signed-nsec3.example.zone"), "signed-nsec3.example.", c.dir + "/old.rr");
  EXPECT_EQ(
      run_python(script, "axfr " + c.dir + "/axfr.bin signed-nsec3.example. " + c.dir + "/old.rr"),
      0);
  write_records(data_path("xfr/lossy.example.zone"), "signed-nsec3.example.", c.dir + "/old.rr");
  EXPECT_NE(run_python(script, "axfr " + c.dir + "/axfr.bin signed-nsec3.example. " + c.dir +
                                   "/old.rr > /dev/null 2>&1"),
            0);
  // A zone with every kind of record the query form does not use (NSEC3s of another
  // chain, not below the apex, not named by a hash, RRSIGs that cover nothing at their
  // name): the AXFR carries every one, so dnspython builds the zone file's zone, but for
  // the TTL of the RRSIGs of one RRset, which all take the first one's.
  auto lossy = load("lossy.example.", data_path("xfr/lossy.example.zone"));
  Query lq = make_query("lossy.example.", rrtype::AXFR, nullptr);
  AxfrWriter lossy_axfr(lossy, lq.info);
  write_stream(c.dir + "/axfr.bin", run(lossy_axfr, lq, 512, 0).messages);
  write_records(data_path("xfr/lossy.example.zone"), "lossy.example.", c.dir + "/old.rr", true);
  EXPECT_EQ(run_python(script, "axfr " + c.dir + "/axfr.bin lossy.example. " + c.dir + "/old.rr"),
            0);
  // Without that normalisation of the expected records, dnspython's RRset TTL (the lowest
  // of its records') differs from the transfer's: the one difference.
  write_records(data_path("xfr/lossy.example.zone"), "lossy.example.", c.dir + "/old.rr");
  EXPECT_NE(run_python(script, "axfr " + c.dir + "/axfr.bin lossy.example. " + c.dir +
                                   "/old.rr > /dev/null 2>&1"),
            0);
  write_records(c.old_path, "generated.example.", c.dir + "/old.rr");
  // IXFR old -> new applied to the old version.
  ZoneRecord old_soa;
  ASSERT_TRUE(zone::soa_record(*c.old_zone, old_soa));
  Query iq = make_query("generated.example.", rrtype::IXFR, &old_soa);
  IxfrWriter ixfr(c.delta, iq.info);
  write_stream(c.dir + "/ixfr.bin", run(ixfr, iq, 4096, 0).messages);
  rc = run_python(script, "ixfr " + c.dir + "/ixfr.bin generated.example. " + c.dir + "/new.rr " +
                              c.dir + "/old.rr");
  EXPECT_EQ(rc, 0);
}

// CPU seconds of the calling thread: a busy machine's other processes do not count.
double thread_seconds() {
  timespec t{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

// Throughput on a big zone, by hand: ZONED_AXFR_BENCH_ZONE=path ZONED_AXFR_BENCH_APEX=name
// (ZONED_AXFR_BENCH_ROUNDS=n, default 5: the best round is reported).
TEST(AxfrWriter, BenchmarkBigZone) {
  const char* path = std::getenv("ZONED_AXFR_BENCH_ZONE");
  const char* apex = std::getenv("ZONED_AXFR_BENCH_APEX");
  if (path == nullptr || apex == nullptr) GTEST_SKIP() << "set ZONED_AXFR_BENCH_ZONE and _APEX";
  const char* rounds_text = std::getenv("ZONED_AXFR_BENCH_ROUNDS");
  const int rounds = rounds_text != nullptr ? std::max(1, std::atoi(rounds_text)) : 5;
  auto z = load(apex, path);
  Query q = make_query(apex, rrtype::AXFR, nullptr);
  std::vector<std::uint8_t> buffer(65535);
  double best = 1e9;
  std::uint64_t bytes = 0, records = 0;
  std::size_t messages = 0;
  for (int round = 0; round < rounds; ++round) {
    AxfrWriter w(z, q.info);
    bytes = 0;
    const double t0 = thread_seconds();
    while (!w.done()) {
      const std::size_t n = w.next(buffer, 0);
      ASSERT_GT(n, 0u);
      bytes += n;
    }
    const double s = thread_seconds() - t0;
    best = std::min(best, s);
    if (std::getenv("ZONED_AXFR_BENCH_VERBOSE")) std::printf("round %d: %.1f ms\n", round, s * 1e3);
    messages = w.messages();
    records = w.records();
  }
  double cursor_best = 1e9;
  std::uint64_t sum = 0;
  for (int round = 0; round < rounds; ++round) {
    const double t0 = thread_seconds();
    for (zone::ZoneCursor c(*z); !c.done(); c.advance())
      sum += c.record().rdata.size() + c.record().owner.size();
    const double s = thread_seconds() - t0;
    cursor_best = std::min(cursor_best, s);
  }
  std::printf("cursor alone: %.1f ms (%llu)\n", cursor_best * 1e3,
              static_cast<unsigned long long>(sum));
  std::printf(
      "AXFR, best of %d: %zu messages, %llu records, %.2f MB in %.1f ms: %.1f M records/s, "
      "%.0f MB/s\n",
      rounds, messages, static_cast<unsigned long long>(records), bytes / 1e6, best * 1e3,
      records / 1e6 / best, bytes / 1e6 / best);
}

}  // namespace
}  // namespace zoned::transfer
