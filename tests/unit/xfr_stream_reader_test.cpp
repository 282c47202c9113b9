// The secondary's transfer reader (transfer/xfr_stream_reader.h) and query
// (transfer/xfr_query.h): real streams from the primary's packers (AxfrWriter, IxfrWriter,
// XfrPacker over made-up record lists), signed with TsigSigner as the transfer service signs
// them, read back; and each way a stream can be wrong.
#include "transfer/xfr_stream_reader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "transfer/axfr_writer.h"
#include "transfer/ixfr_writer.h"
#include "transfer/xfr_query.h"
#include "transfer/zone_delta.h"
#include "wire/message_builder.h"
#include "wire/message_parser.h"
#include "wire/rrtype.h"
#include "wire/tsig.h"
#include "zone/zone_check.h"
#include "zone/zone_cursor.h"
#include "zone/zone_snapshot.h"
#include "zone/zonefile_parser.h"

namespace zoned::transfer {
namespace {

namespace rrtype = wire::rrtype;
using zone::ZoneRecord;
using zone::ZoneSnapshot;
using Bytes = std::vector<std::uint8_t>;
using Status = XfrStreamReader::Status;
using Kind = XfrResult::Kind;

constexpr std::uint64_t kNow = 1700000000;
constexpr std::uint16_t kId = 0x1234;
const char* const kApex = "example.org.";

wire::Name name_of(const std::string& text) {
  wire::Name n;
  EXPECT_EQ(wire::parse_name(text, nullptr, n), wire::NameTextError::kOk) << text;
  return n;
}

// ----- zones -----

class ContentsSink : public zone::RecordSink {
 public:
  explicit ContentsSink(zone::ZoneContents& c) : c_(c) {}
  void record(const zone::ParsedRecord& r) override {
    c_.add(r.owner, r.type, r.ttl, r.rdata, 0, r.where.line);
  }
  void diagnostic(const zone::Diagnostic& d) override {
    if (!d.warning) errors.push_back(d.to_string());
  }
  std::vector<std::string> errors;

 private:
  zone::ZoneContents& c_;
};

std::shared_ptr<const ZoneSnapshot> snapshot(const std::string& text) {
  zone::ZoneContents contents(name_of(kApex));
  contents.add_file("test.zone");
  ContentsSink sink(contents);
  zone::ZoneFileOptions options;
  options.origin = name_of(kApex);
  options.default_ttl = 3600;
  zone::parse_zone_text(text, "test.zone", options, sink);
  EXPECT_TRUE(sink.errors.empty()) << sink.errors.front();
  contents.finish();
  for (const zone::ZoneProblem& p : zone::check_zone(contents))
    EXPECT_TRUE(p.warning) << p.to_string();
  return zone::build_snapshot(std::move(contents));
}

// A zone of serial `serial`: a few records, `hosts` more names with an A and a TXT each
// (about 90 octets a name in a message), and `extra` lines.
std::string zone_text(std::uint32_t serial, int hosts = 0, const std::string& extra = "") {
  std::string t = "@ SOA ns1 hostmaster " + std::to_string(serial) +
                  " 7200 3600 1209600 300\n"
                  "@ NS ns1\n"
                  "@ MX 10 mail\n"
                  "ns1 A 192.0.2.1\n"
                  "mail A 192.0.2.2\n"
                  "www A 192.0.2.10\n"
                  "www AAAA 2001:db8::10\n"
                  "txt TXT \"hello\" \"world\"\n";
  for (int i = 0; i < hosts; ++i) {
    t += "host" + std::to_string(i) + " A 10.0." + std::to_string(i / 256) + "." +
         std::to_string(i % 256) + "\n";
    t += "host" + std::to_string(i) + " TXT \"some text to fill the messages of the stream " +
         std::to_string(i) + "\"\n";
  }
  return t + extra;
}

// "owner TYPE ttl rdata-hex", owner lowercased.
std::string key(wire::NameView owner, std::uint16_t type, std::uint32_t ttl,
                std::span<const std::uint8_t> rdata) {
  std::uint8_t lower[wire::kMaxNameLength];
  wire::to_lower(owner, lower);
  std::string k = wire::to_text(wire::NameView(lower, owner.size())) + " " +
                  wire::type_to_text(type) + " " + std::to_string(ttl) + " ";
  char hex[3];
  for (std::uint8_t b : rdata) {
    std::snprintf(hex, sizeof hex, "%02x", b);
    k += hex;
  }
  return k;
}

std::vector<std::string> snapshot_keys(const ZoneSnapshot& z) {
  std::vector<std::string> out;
  for (zone::ZoneCursor c(z); !c.done(); c.advance())
    out.push_back(key(c.record().owner, c.record().type, c.record().ttl, c.record().rdata));
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> contents_keys(const zone::ZoneContents& z) {
  std::vector<std::string> out;
  for (const zone::Node& n : z.nodes()) {
    for (const zone::Record& r : z.records_of(n)) {
      if (zone::ZoneContents::live(r))
        out.push_back(key(z.name_of(n), r.type, r.ttl, z.rdata_of(r)));
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> list_keys(const RrList& list) {
  std::vector<std::string> out;
  for (const ZoneRecord r : list)
    out.push_back(key(r.owner, r.type, r.ttl, r.rdata));
  return out;
}

ZoneRecord soa_of(const ZoneSnapshot& z) {
  ZoneRecord soa;
  EXPECT_TRUE(zone::soa_record(z, soa));
  return soa;
}

wire::TsigKey test_key(const std::string& name = "xfr-key.") {
  wire::TsigKey k;
  k.name = name_of(name);
  k.algorithm = wire::TsigAlgorithm::kHmacSha256;
  k.secret = {0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe, 0x01, 0x23,
              0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x55, 0xaa, 0x55, 0xaa};
  return k;
}

// ----- the secondary's query and the primary's answer -----

struct Query {
  Bytes wire;
  wire::TsigMac mac;
};

Query make_query(std::uint16_t qtype, const ZoneRecord* current_soa, const wire::TsigKey* key) {
  Query q;
  q.wire.resize(512);
  const std::size_t n =
      build_xfr_query(q.wire, kId, name_of(kApex), qtype, current_soa, key, kNow, q.mac);
  EXPECT_GT(n, 0u);
  q.wire.resize(n);
  return q;
}

// Any list of records packed into messages by the primary's packer, as a writer.
class ListWriter {
 public:
  ListWriter(std::vector<ZoneRecord> records, const wire::MessageInfo& query)
      : records_(std::move(records)), packer_(query, XfrOptions{}) {}
  bool done() const { return at_ == records_.size(); }
  const ZoneRecord& record() const { return records_[at_]; }
  void advance() { ++at_; }
  std::size_t next(std::span<std::uint8_t> out, std::size_t reserve_tail) {
    return packer_.pack(*this, out, reserve_tail);
  }
  bool failed() const { return packer_.failed(); }

 private:
  std::vector<ZoneRecord> records_;
  std::size_t at_ = 0;
  XfrPacker packer_;
};

// Records made up by a test: owned here, handed out as views.
class Records {
 public:
  void add(const ZoneRecord& r) {
    Owned& o = store_.emplace_back();
    o.owner = wire::Name(r.owner);
    o.rdata.assign(r.rdata.begin(), r.rdata.end());
    list_.push_back({o.owner, r.type, r.rclass, r.ttl, o.rdata});
  }
  void add(const std::string& owner, std::uint16_t type, std::uint16_t rclass, Bytes rdata) {
    const wire::Name n = name_of(owner);
    add(ZoneRecord{n, type, rclass, 3600, rdata});
  }
  // `soa` with another serial.
  void add_soa(const ZoneRecord& soa, std::uint32_t serial) {
    Bytes rdata(soa.rdata.begin(), soa.rdata.end());
    wire::store_u32(rdata.data() + rdata.size() - 20, serial);
    add(ZoneRecord{soa.owner, soa.type, soa.rclass, soa.ttl, rdata});
  }
  void add_all(const RrList& list) {
    for (const ZoneRecord r : list)
      add(r);
  }
  const std::vector<ZoneRecord>& list() const { return list_; }

 private:
  struct Owned {
    wire::Name owner;
    Bytes rdata;
  };
  std::deque<Owned> store_;
  std::vector<ZoneRecord> list_;
};

// Which messages the primary signs: (index, is the last) -> sign.
using SignPolicy = std::function<bool(std::size_t, bool)>;
bool sign_every(std::size_t, bool) {
  return true;
}

// The primary: the query as it received it, and its TSIG signer when `key` is given (a
// signed query answered by a primary given no key is answered unsigned).
class Primary {
 public:
  Primary(const Query& q, const wire::TsigKey* key) : query_(q.wire) {
    EXPECT_EQ(wire::parse_message(query_, info_), wire::ParseError::kOk);
    if (key != nullptr) {
      EXPECT_TRUE(info_.has_tsig);
      keys_.push_back(*key);
      check_ = wire::verify_request(query_, info_, keys_, kNow);
      EXPECT_TRUE(check_.ok()) << wire::to_string(check_.error);
      signer_.emplace(check_);
    }
  }
  const wire::MessageInfo& info() const { return info_; }

  template <typename Writer>
  std::vector<Bytes> run(Writer& w, const SignPolicy& sign = sign_every) {
    std::vector<Bytes> messages;
    Bytes buffer(65535);
    const std::size_t reserve = signer_ ? wire::tsig_rr_size(keys_.front()) : 0;
    while (!w.done()) {
      std::size_t n = w.next(buffer, reserve);
      EXPECT_GT(n, 0u);
      if (n == 0) break;
      if (signer_) {
        if (sign(messages.size(), w.done())) {
          n = signer_->sign(buffer, n, kNow);
          EXPECT_GT(n, 0u);
        } else {
          signer_->add_unsigned({buffer.data(), n});
        }
      }
      messages.emplace_back(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(n));
    }
    EXPECT_FALSE(w.failed());
    return messages;
  }

  std::vector<Bytes> run_list(const Records& records, const SignPolicy& sign = sign_every) {
    ListWriter w(records.list(), info_);
    return run(w, sign);
  }

  // One message answering with `rcode` and the question only.
  Bytes error_answer(wire::Rcode rcode) {
    Bytes buffer(512);
    wire::MessageBuilder b(buffer, buffer.size());
    b.header().id = info_.header.id;
    b.header().set(wire::flag::QR, true);
    b.header().set_rcode(rcode);
    EXPECT_EQ(b.add_question(info_.question.name, info_.question.type, wire::rrclass::IN),
              wire::BuildError::kOk);
    std::size_t n = b.finish().size();
    if (signer_) n = signer_->sign(buffer, n, kNow);
    buffer.resize(n);
    return buffer;
  }

 private:
  Bytes query_;
  wire::MessageInfo info_;
  std::vector<wire::TsigKey> keys_;
  wire::TsigCheck check_;
  std::optional<wire::TsigSigner> signer_;
};

struct Outcome {
  Status status = Status::kMore;
  std::size_t fed = 0;
  XfrResult result;
};

// Feeds the messages until the reader fails (a message after kDone is fed too).
Outcome feed(XfrStreamReader& reader, const std::vector<Bytes>& messages) {
  Outcome o;
  for (const Bytes& m : messages) {
    ++o.fed;
    o.status = reader.add(m, kNow);
    if (o.status == Status::kFailed) break;
  }
  o.result = reader.take();
  return o;
}

struct Setup {
  std::uint16_t qtype = rrtype::AXFR;
  std::uint32_t current_serial = 0;
  const wire::TsigKey* key = nullptr;
  std::uint64_t size_limit = 0;
  std::uint64_t record_limit = 0;
};

XfrStreamReader make_reader(const Setup& s, const Query& q) {
  return XfrStreamReader(name_of(kApex), s.qtype, kId, s.current_serial, s.key,
                         s.key != nullptr ? &q.mac : nullptr,
                         XfrLimits{s.size_limit, s.record_limit});
}

Outcome read(const Setup& s, const Query& q, const std::vector<Bytes>& messages) {
  XfrStreamReader reader(name_of(kApex), s.qtype, kId, s.current_serial, s.key,
                         s.key != nullptr ? &q.mac : nullptr,
                         XfrLimits{s.size_limit, s.record_limit});
  return feed(reader, messages);
}

std::vector<Bytes> axfr_of(const std::shared_ptr<const ZoneSnapshot>& z, Primary& p,
                           const SignPolicy& sign = sign_every) {
  AxfrWriter w(z, p.info());
  return p.run(w, sign);
}

// Expects a failure whose error contains `text`.
#define EXPECT_FAILED(outcome, text)                                                     \
  do {                                                                                   \
    EXPECT_EQ((outcome).status, Status::kFailed);                                        \
    EXPECT_EQ((outcome).result.kind, Kind::kFailed);                                     \
    EXPECT_NE((outcome).result.error.find(text), std::string::npos)                      \
        << "error: \"" << (outcome).result.error << "\", expected \"" << (text) << "\""; \
    EXPECT_EQ((outcome).result.contents, nullptr);                                       \
    EXPECT_TRUE((outcome).result.deltas.empty());                                        \
  } while (false)

// ----- the query -----

TEST(XfrQuery, AxfrUnsigned) {
  Bytes out(512);
  wire::TsigMac mac;
  mac.size = 5;
  const std::size_t n =
      build_xfr_query(out, 0xBEEF, name_of(kApex), rrtype::AXFR, nullptr, nullptr, kNow, mac);
  ASSERT_GT(n, 0u);
  EXPECT_EQ(mac.size, 0u);
  wire::MessageInfo info;
  ASSERT_EQ(wire::parse_message({out.data(), n}, info), wire::ParseError::kOk);
  EXPECT_EQ(info.header.id, 0xBEEF);
  EXPECT_FALSE(info.header.has(wire::flag::QR));
  EXPECT_FALSE(info.header.has(wire::flag::RD));
  EXPECT_EQ(info.header.opcode(), wire::Opcode::kQuery);
  EXPECT_EQ(info.header.qdcount, 1);
  EXPECT_EQ(info.header.ancount + info.header.nscount + info.header.arcount, 0);
  EXPECT_TRUE(wire::equal(info.question.name, name_of(kApex)));
  EXPECT_EQ(info.question.type, rrtype::AXFR);
  EXPECT_EQ(info.question.cls, wire::rrclass::IN);
  EXPECT_FALSE(info.has_tsig);
}

TEST(XfrQuery, IxfrCarriesOurSoaAndIsSigned) {
  auto z = snapshot(zone_text(41));
  const ZoneRecord soa = soa_of(*z);
  const wire::TsigKey k = test_key();
  Bytes out(512);
  wire::TsigMac mac;
  const std::size_t n = build_xfr_query(out, 7, name_of(kApex), rrtype::IXFR, &soa, &k, kNow, mac);
  ASSERT_GT(n, 0u);
  EXPECT_EQ(mac.size, 32u);
  out.resize(n);
  wire::MessageInfo info;
  ASSERT_EQ(wire::parse_message(out, info), wire::ParseError::kOk);
  EXPECT_EQ(info.question.type, rrtype::IXFR);
  EXPECT_EQ(info.header.nscount, 1);
  EXPECT_EQ(ixfr_query_serial(out, info), std::optional<std::uint32_t>(41));
  ASSERT_TRUE(info.has_tsig);
  const std::vector<wire::TsigKey> keys{k};
  const wire::TsigCheck check = wire::verify_request(out, info, keys, kNow);
  EXPECT_TRUE(check.ok()) << wire::to_string(check.error);
  EXPECT_EQ(check.request_mac.view().size(), mac.size);
  EXPECT_TRUE(std::equal(mac.view().begin(), mac.view().end(), check.request_mac.view().begin()));
}

TEST(XfrQuery, TooSmallBuffer) {
  auto z = snapshot(zone_text(1));
  const ZoneRecord soa = soa_of(*z);
  const wire::TsigKey k = test_key();
  wire::TsigMac mac;
  Bytes tiny(20);
  EXPECT_EQ(build_xfr_query(tiny, 1, name_of(kApex), rrtype::AXFR, nullptr, nullptr, kNow, mac),
            0u);
  Bytes no_soa_room(40);
  EXPECT_EQ(build_xfr_query(no_soa_room, 1, name_of(kApex), rrtype::IXFR, &soa, nullptr, kNow, mac),
            0u);
  Bytes no_tsig_room(31);  // the question fits (12 + 14 + 4), the TSIG does not
  EXPECT_EQ(build_xfr_query(no_tsig_room, 1, name_of(kApex), rrtype::AXFR, nullptr, &k, kNow, mac),
            0u);
  Bytes header(12);
  EXPECT_EQ(build_xfr_query(header, 1, name_of(kApex), rrtype::SOA, nullptr, nullptr, kNow, mac),
            0u);
}

// ----- AXFR -----

TEST(XfrStreamReader, AxfrRoundTrip) {
  auto z = snapshot(zone_text(2024010101));
  const Query q = make_query(rrtype::AXFR, nullptr, nullptr);
  Primary p(q, nullptr);
  const std::vector<Bytes> messages = axfr_of(z, p);
  ASSERT_EQ(messages.size(), 1u);
  Outcome o = read({}, q, messages);
  ASSERT_EQ(o.status, Status::kDone) << o.result.error;
  ASSERT_EQ(o.result.kind, Kind::kFull);
  EXPECT_EQ(o.result.serial, 2024010101u);
  ASSERT_NE(o.result.contents, nullptr);
  EXPECT_EQ(contents_keys(*o.result.contents), snapshot_keys(*z));
  EXPECT_EQ(o.result.messages, 1u);
  EXPECT_EQ(o.result.records, snapshot_keys(*z).size() + 1);  // the closing SOA too
  EXPECT_EQ(o.result.bytes, messages[0].size());
  EXPECT_TRUE(o.result.error.empty());
  // The contents can go on to a snapshot, as a load's do.
  auto again = zone::build_snapshot(std::move(*o.result.contents));
  EXPECT_EQ(snapshot_keys(*again), snapshot_keys(*z));
}

TEST(XfrStreamReader, AxfrOfAZoneWithOnlyItsSoa) {
  auto z = snapshot(zone_text(5));
  const Query q = make_query(rrtype::AXFR, nullptr, nullptr);
  Primary p(q, nullptr);
  Records r;
  r.add(soa_of(*z));
  r.add(soa_of(*z));
  Outcome o = read({}, q, p.run_list(r));
  ASSERT_EQ(o.status, Status::kDone) << o.result.error;
  ASSERT_EQ(o.result.kind, Kind::kFull);
  EXPECT_EQ(o.result.serial, 5u);
  EXPECT_EQ(o.result.records, 2u);
  const ZoneRecord soa = soa_of(*z);
  EXPECT_EQ(contents_keys(*o.result.contents),
            std::vector<std::string>{key(soa.owner, soa.type, soa.ttl, soa.rdata)});
}

TEST(XfrStreamReader, MultiMessageAxfrSignedEveryMessage) {
  auto z = snapshot(zone_text(7, 1500));
  const wire::TsigKey k = test_key();
  const Query q = make_query(rrtype::AXFR, nullptr, &k);
  Primary p(q, &k);
  const std::vector<Bytes> messages = axfr_of(z, p);
  ASSERT_GE(messages.size(), 5u);
  for (const Bytes& m : messages) {
    wire::MessageInfo info;
    ASSERT_EQ(wire::parse_message(m, info), wire::ParseError::kOk);
    EXPECT_TRUE(info.has_tsig);
  }
  Outcome o = read({.key = &k}, q, messages);
  ASSERT_EQ(o.status, Status::kDone) << o.result.error;
  ASSERT_EQ(o.result.kind, Kind::kFull);
  EXPECT_EQ(o.result.messages, messages.size());
  EXPECT_EQ(contents_keys(*o.result.contents), snapshot_keys(*z));
}

TEST(XfrStreamReader, MultiMessageAxfrWithUnsignedMiddleMessages) {
  auto z = snapshot(zone_text(7, 1500));
  const wire::TsigKey k = test_key();
  const Query q = make_query(rrtype::AXFR, nullptr, &k);
  Primary p(q, &k);
  std::size_t unsigned_messages = 0;
  const std::vector<Bytes> messages = axfr_of(z, p, [&](std::size_t i, bool last) {
    const bool sign = i == 0 || last || i % 3 == 0;
    if (!sign) ++unsigned_messages;
    return sign;
  });
  ASSERT_GE(messages.size(), 5u);
  ASSERT_GE(unsigned_messages, 2u);
  Outcome o = read({.key = &k}, q, messages);
  ASSERT_EQ(o.status, Status::kDone) << o.result.error;
  ASSERT_EQ(o.result.kind, Kind::kFull);
  EXPECT_EQ(contents_keys(*o.result.contents), snapshot_keys(*z));
}

// An unsigned AXFR of a zone of 1,500 names: several messages.
std::vector<Bytes> large_axfr(std::uint32_t serial, const Query& q) {
  Primary p(q, nullptr);
  std::vector<Bytes> messages = axfr_of(snapshot(zone_text(serial, 1500)), p);
  EXPECT_GE(messages.size(), 3u);
  return messages;
}

TEST(XfrStreamReader, StatusAfterEachMessage) {
  const Query q = make_query(rrtype::AXFR, nullptr, nullptr);
  const std::vector<Bytes> messages = large_axfr(7, q);
  XfrStreamReader reader = make_reader({}, q);
  for (std::size_t i = 0; i + 1 < messages.size(); ++i) {
    EXPECT_EQ(reader.add(messages[i], kNow), Status::kMore) << i;
  }
  EXPECT_EQ(reader.add(messages.back(), kNow), Status::kDone);
  EXPECT_EQ(reader.status(), Status::kDone);
  EXPECT_EQ(reader.take().kind, Kind::kFull);
}

TEST(XfrStreamReader, IncompleteStream) {
  auto z = snapshot(zone_text(7, 1500));
  const Query q = make_query(rrtype::AXFR, nullptr, nullptr);
  Primary p(q, nullptr);
  std::vector<Bytes> messages = axfr_of(z, p);
  messages.pop_back();
  Outcome o = read({}, q, messages);
  EXPECT_EQ(o.status, Status::kMore);
  EXPECT_EQ(o.result.kind, Kind::kFailed);
  EXPECT_NE(o.result.error.find("incomplete"), std::string::npos) << o.result.error;
}

// ----- IXFR -----

// v1 -> v2 -> v3: records removed, added and changed, and the second delta large enough
// for several messages.
struct ThreeVersions {
  std::shared_ptr<const ZoneSnapshot> v1 = snapshot(zone_text(10, 0, "old A 192.0.2.99\n"));
  std::shared_ptr<const ZoneSnapshot> v2 =
      snapshot(zone_text(11, 0, "new A 192.0.2.100\nwww A 192.0.2.11\n"));
  std::shared_ptr<const ZoneSnapshot> v3 = snapshot(zone_text(12, 700, "new A 192.0.2.101\n"));
  ZoneDelta d1 = make_delta(*v1, *v2);
  ZoneDelta d2 = make_delta(*v2, *v3);
};

// The IXFR answer from v1 to v3: both deltas, between v3's SOA twice.
Records two_deltas(const ThreeVersions& t) {
  Records r;
  r.add(soa_of(*t.v3));
  for (const ZoneDelta* d : {&t.d1, &t.d2}) {
    r.add_all(d->old_soa);
    r.add_all(d->removed);
    r.add_all(d->new_soa);
    r.add_all(d->added);
  }
  r.add(soa_of(*t.v3));
  return r;
}

TEST(XfrStreamReader, IxfrWithTwoDeltas) {
  ThreeVersions t;
  ASSERT_FALSE(t.d1.removed.empty());
  ASSERT_FALSE(t.d1.added.empty());
  ASSERT_FALSE(t.d2.removed.empty());
  const wire::TsigKey k = test_key();
  const ZoneRecord ours = soa_of(*t.v1);
  const Query q = make_query(rrtype::IXFR, &ours, &k);
  Primary p(q, &k);
  const Records r = two_deltas(t);
  const std::vector<Bytes> messages = p.run_list(r);
  ASSERT_GE(messages.size(), 3u);

  Outcome o = read({.qtype = rrtype::IXFR, .current_serial = 10, .key = &k}, q, messages);
  ASSERT_EQ(o.status, Status::kDone) << o.result.error;
  ASSERT_EQ(o.result.kind, Kind::kIncremental);
  EXPECT_EQ(o.result.serial, 12u);
  EXPECT_EQ(o.result.contents, nullptr);
  EXPECT_EQ(o.result.records, r.list().size());
  ASSERT_EQ(o.result.deltas.size(), 2u);
  const ZoneDelta* expected[] = {&t.d1, &t.d2};
  for (std::size_t i = 0; i < 2; ++i) {
    SCOPED_TRACE(i);
    const ZoneDelta& got = o.result.deltas[i];
    EXPECT_EQ(got.old_serial(), expected[i]->old_serial());
    EXPECT_EQ(got.new_serial(), expected[i]->new_serial());
    EXPECT_EQ(got.old_soa.size(), 1u);
    EXPECT_EQ(got.new_soa.size(), 1u);
    EXPECT_EQ(list_keys(got.old_soa), list_keys(expected[i]->old_soa));
    EXPECT_EQ(list_keys(got.new_soa), list_keys(expected[i]->new_soa));
    EXPECT_EQ(list_keys(got.removed), list_keys(expected[i]->removed));
    EXPECT_EQ(list_keys(got.added), list_keys(expected[i]->added));
  }
}

TEST(XfrStreamReader, IxfrOfOneDeltaFromTheIxfrWriter) {
  ThreeVersions t;
  const ZoneRecord ours = soa_of(*t.v1);
  const Query q = make_query(rrtype::IXFR, &ours, nullptr);
  Primary p(q, nullptr);
  IxfrWriter w(std::make_shared<const ZoneDelta>(make_delta(*t.v1, *t.v3)), p.info());
  Outcome o = read({.qtype = rrtype::IXFR, .current_serial = 10}, q, p.run(w));
  ASSERT_EQ(o.status, Status::kDone) << o.result.error;
  ASSERT_EQ(o.result.kind, Kind::kIncremental);
  ASSERT_EQ(o.result.deltas.size(), 1u);
  EXPECT_EQ(o.result.deltas[0].old_serial(), 10u);
  EXPECT_EQ(o.result.deltas[0].new_serial(), 12u);
}

TEST(XfrStreamReader, IxfrUpToDate) {
  auto z = snapshot(zone_text(20));
  const wire::TsigKey k = test_key();
  const ZoneRecord soa = soa_of(*z);
  for (std::uint32_t ours : {20u, 21u}) {  // the same serial; ours newer (a primary behind)
    SCOPED_TRACE(ours);
    const Query q = make_query(rrtype::IXFR, &soa, &k);
    Primary p(q, &k);
    Records r;
    r.add(soa);
    Outcome o = read({.qtype = rrtype::IXFR, .current_serial = ours, .key = &k}, q, p.run_list(r));
    ASSERT_EQ(o.status, Status::kDone) << o.result.error;
    EXPECT_EQ(o.result.kind, Kind::kUpToDate);
    EXPECT_EQ(o.result.serial, 20u);
    EXPECT_FALSE(o.result.needs_axfr);
  }
  // The primary's own up-to-date answer.
  const Query q = make_query(rrtype::IXFR, &soa, nullptr);
  Primary p(q, nullptr);
  Bytes buffer(512);
  const std::size_t n = write_ixfr_up_to_date(buffer, 0, p.info(), soa);
  ASSERT_GT(n, 0u);
  buffer.resize(n);
  Outcome o = read({.qtype = rrtype::IXFR, .current_serial = 20}, q, {buffer});
  ASSERT_EQ(o.status, Status::kDone) << o.result.error;
  EXPECT_EQ(o.result.kind, Kind::kUpToDate);
}

TEST(XfrStreamReader, IxfrAnsweredAxfrStyle) {
  auto old_zone = snapshot(zone_text(30));
  auto z = snapshot(zone_text(31, 800));
  const wire::TsigKey k = test_key();
  const ZoneRecord ours = soa_of(*old_zone);
  const Query q = make_query(rrtype::IXFR, &ours, &k);
  Primary p(q, &k);
  AxfrWriter w(z, p.info());  // the question says IXFR
  const std::vector<Bytes> messages = p.run(w);
  ASSERT_GE(messages.size(), 2u);
  Outcome o = read({.qtype = rrtype::IXFR, .current_serial = 30, .key = &k}, q, messages);
  ASSERT_EQ(o.status, Status::kDone) << o.result.error;
  ASSERT_EQ(o.result.kind, Kind::kFull);
  EXPECT_EQ(o.result.serial, 31u);
  EXPECT_TRUE(o.result.deltas.empty());
  EXPECT_EQ(contents_keys(*o.result.contents), snapshot_keys(*z));
}

TEST(XfrStreamReader, IxfrAxfrStyleOfAZoneWithOnlyItsSoa) {
  auto z = snapshot(zone_text(5));
  const ZoneRecord soa = soa_of(*z);
  const Query q = make_query(rrtype::IXFR, &soa, nullptr);
  Primary p(q, nullptr);
  Records r;
  r.add(soa);
  r.add(soa);
  Outcome o = read({.qtype = rrtype::IXFR, .current_serial = 4}, q, p.run_list(r));
  ASSERT_EQ(o.status, Status::kDone) << o.result.error;
  ASSERT_EQ(o.result.kind, Kind::kFull);
  EXPECT_EQ(o.result.serial, 5u);
  EXPECT_EQ(o.result.contents->records().size(), 1u);
}

// ----- failures -----

// An AXFR of `z` (unsigned), its messages changed by `change` before they are read.
Outcome axfr_changed(const std::shared_ptr<const ZoneSnapshot>& z,
                     const std::function<void(std::vector<Bytes>&)>& change, Setup s = {}) {
  const Query q = make_query(rrtype::AXFR, nullptr, nullptr);
  Primary p(q, nullptr);
  std::vector<Bytes> messages = axfr_of(z, p);
  change(messages);
  return read(s, q, messages);
}

TEST(XfrStreamReaderFailure, WrongId) {
  auto z = snapshot(zone_text(1, 1500));
  Outcome o = axfr_changed(z, [](std::vector<Bytes>& m) { wire::store_u16(m[1].data(), 0x4321); });
  EXPECT_FAILED(o, "message 2: id 17185, the query's was 4660");
  EXPECT_EQ(o.fed, 2u);
  EXPECT_EQ(o.result.messages, 2u);
  EXPECT_EQ(o.result.rcode, wire::Rcode::kNoError);
}

TEST(XfrStreamReaderFailure, HeaderFlags) {
  auto z = snapshot(zone_text(1));
  Outcome qr = axfr_changed(z, [](std::vector<Bytes>& m) { m[0][2] &= 0x7F; });
  EXPECT_FAILED(qr, "message 1: not a response");
  Outcome tc = axfr_changed(z, [](std::vector<Bytes>& m) { m[0][2] |= 0x02; });
  EXPECT_FAILED(tc, "message 1: truncated (TC set)");
  Outcome opcode = axfr_changed(z, [](std::vector<Bytes>& m) { m[0][2] |= 0x20; });  // NOTIFY
  EXPECT_FAILED(opcode, "message 1: opcode NOTIFY, not QUERY");
  Outcome junk = axfr_changed(z, [](std::vector<Bytes>& m) { m[0].push_back(0); });
  EXPECT_FAILED(junk, "message 1: malformed message");
}

TEST(XfrStreamReaderFailure, WrongQuestion) {
  auto z = snapshot(zone_text(1));
  const Query q = make_query(rrtype::AXFR, nullptr, nullptr);
  Primary p(q, nullptr);
  const std::vector<Bytes> messages = axfr_of(z, p);
  // An IXFR reader gets the AXFR question.
  Outcome o = read({.qtype = rrtype::IXFR, .current_serial = 0}, q, messages);
  EXPECT_FAILED(o, "message 1: the question is example.org. IN AXFR, not example.org. IN IXFR");
}

TEST(XfrStreamReaderFailure, BadTsigInMessageTwoOfThree) {
  auto z = snapshot(zone_text(3, 400));
  const wire::TsigKey k = test_key();
  const Query q = make_query(rrtype::AXFR, nullptr, &k);
  Primary p(q, &k);
  std::vector<Bytes> messages = axfr_of(z, p);
  ASSERT_EQ(messages.size(), 3u);
  Bytes& second = messages[1];
  second[second.size() - 7] ^= 0x01;  // the MAC's last octet: other len, error, id follow
  Outcome o = read({.key = &k}, q, messages);
  EXPECT_FAILED(o, "message 2: TSIG: BADSIG");
  EXPECT_EQ(o.fed, 2u);
}

TEST(XfrStreamReaderFailure, UnsignedLastMessage) {
  auto z = snapshot(zone_text(3, 400));
  const wire::TsigKey k = test_key();
  const Query q = make_query(rrtype::AXFR, nullptr, &k);
  Primary p(q, &k);
  const std::vector<Bytes> messages = axfr_of(z, p, [](std::size_t i, bool) { return i == 0; });
  ASSERT_EQ(messages.size(), 3u);
  Outcome o = read({.key = &k}, q, messages);
  EXPECT_FAILED(o, "the last message is not signed");
}

TEST(XfrStreamReaderFailure, UnsignedAnswerToASignedQuery) {
  auto z = snapshot(zone_text(3));
  const wire::TsigKey k = test_key();
  const Query q = make_query(rrtype::AXFR, nullptr, &k);
  Primary p(q, nullptr);  // a primary that does not sign
  Outcome o = read({.key = &k}, q, axfr_of(z, p));
  EXPECT_FAILED(o, "message 1: TSIG: the first message is not signed");
}

TEST(XfrStreamReaderFailure, SignedAnswerToAnUnsignedQuery) {
  auto z = snapshot(zone_text(3));
  const wire::TsigKey k = test_key();
  const Query q = make_query(rrtype::AXFR, nullptr, &k);
  Primary p(q, &k);
  Outcome o = read({}, q, axfr_of(z, p));
  EXPECT_FAILED(o, "message 1: TSIG: signed with key xfr-key., but the query was not signed");
}

TEST(XfrStreamReaderFailure, AnotherKey) {
  auto z = snapshot(zone_text(3));
  const wire::TsigKey k = test_key();
  const wire::TsigKey other = test_key("other-key.");
  const Query q = make_query(rrtype::AXFR, nullptr, &k);
  Primary p(q, &k);
  Outcome o = read({.key = &other}, q, axfr_of(z, p));
  EXPECT_FAILED(o, "message 1: TSIG: BADKEY");
}

TEST(XfrStreamReaderFailure, PrimaryReportsATsigError) {
  const wire::TsigKey k = test_key();
  const Query q = make_query(rrtype::AXFR, nullptr, &k);
  Primary p(q, nullptr);
  Bytes answer = p.error_answer(wire::Rcode::kNoError);
  wire::MessageInfo request;
  ASSERT_EQ(wire::parse_message(q.wire, request), wire::ParseError::kOk);
  const std::size_t length = answer.size();
  answer.resize(512);
  const std::size_t n =
      wire::append_unsigned_tsig_error(answer, length, request.tsig, wire::Rcode::kBadKey, kNow);
  ASSERT_GT(n, 0u);
  answer.resize(n);
  Outcome o = read({.key = &k}, q, {answer});
  EXPECT_FAILED(o, "message 1: TSIG: the primary reports BADKEY");
  EXPECT_EQ(o.result.rcode, wire::Rcode::kNotAuth);
}

TEST(XfrStreamReaderFailure, RecordOutsideTheZone) {
  auto z = snapshot(zone_text(8));
  const Query q = make_query(rrtype::AXFR, nullptr, nullptr);
  Primary p(q, nullptr);
  Records r;
  r.add(soa_of(*z));
  r.add("www.example.org.", rrtype::A, wire::rrclass::IN, {192, 0, 2, 1});
  r.add("www.other.org.", rrtype::A, wire::rrclass::IN, {192, 0, 2, 2});
  r.add(soa_of(*z));
  Outcome o = read({}, q, p.run_list(r));
  EXPECT_FAILED(o, "message 1: record www.other.org. is outside the zone example.org.");
  EXPECT_EQ(o.result.records, 3u);
}

TEST(XfrStreamReaderFailure, ClassChRecord) {
  auto z = snapshot(zone_text(8));
  const Query q = make_query(rrtype::AXFR, nullptr, nullptr);
  Primary p(q, nullptr);
  Records r;
  r.add(soa_of(*z));
  r.add("version.example.org.", rrtype::TXT, wire::rrclass::CH, {2, 'v', '1'});
  r.add(soa_of(*z));
  Outcome o = read({}, q, p.run_list(r));
  EXPECT_FAILED(o, "record version.example.org. TXT is class CH, not IN");
}

TEST(XfrStreamReaderFailure, FirstRecordNotSoa) {
  auto z = snapshot(zone_text(8));
  const Query q = make_query(rrtype::AXFR, nullptr, nullptr);
  Primary p(q, nullptr);
  Records r;
  r.add("www.example.org.", rrtype::A, wire::rrclass::IN, {192, 0, 2, 1});
  r.add(soa_of(*z));
  r.add(soa_of(*z));
  Outcome o = read({}, q, p.run_list(r));
  EXPECT_FAILED(o, "the first record is www.example.org. A, not the SOA of example.org.");
}

TEST(XfrStreamReaderFailure, MetaTypeRecord) {
  auto z = snapshot(zone_text(8));
  const Query q = make_query(rrtype::AXFR, nullptr, nullptr);
  Primary p(q, nullptr);
  Records r;
  r.add(soa_of(*z));
  r.add("www.example.org.", rrtype::ANY, wire::rrclass::IN, {});
  r.add(soa_of(*z));
  Outcome o = read({}, q, p.run_list(r));
  EXPECT_FAILED(o, "record www.example.org. ANY is not zone data");
}

TEST(XfrStreamReaderFailure, SoaSerialMismatchInTheMiddle) {
  auto z = snapshot(zone_text(8));
  const Query q = make_query(rrtype::AXFR, nullptr, nullptr);
  Primary p(q, nullptr);
  Records r;
  r.add(soa_of(*z));
  r.add("www.example.org.", rrtype::A, wire::rrclass::IN, {192, 0, 2, 1});
  r.add_soa(soa_of(*z), 9);
  r.add("ftp.example.org.", rrtype::A, wire::rrclass::IN, {192, 0, 2, 3});
  r.add(soa_of(*z));
  Outcome o = read({}, q, p.run_list(r));
  EXPECT_FAILED(o, "an SOA of serial 9 in the middle of the transfer of serial 8");
}

TEST(XfrStreamReaderFailure, DataAfterTheEnd) {
  auto z = snapshot(zone_text(8));
  const Query q = make_query(rrtype::AXFR, nullptr, nullptr);
  Primary p(q, nullptr);
  {  // in the message that ends the transfer
    Records r;
    r.add(soa_of(*z));
    r.add("www.example.org.", rrtype::A, wire::rrclass::IN, {192, 0, 2, 1});
    r.add(soa_of(*z));
    r.add("ftp.example.org.", rrtype::A, wire::rrclass::IN, {192, 0, 2, 3});
    Outcome o = read({}, q, p.run_list(r));
    EXPECT_FAILED(o, "message 1: data after the end of the transfer (ftp.example.org. A)");
  }
  {  // in a message after it
    std::vector<Bytes> messages = axfr_of(z, p);
    ASSERT_EQ(messages.size(), 1u);
    messages.push_back(messages.front());
    Outcome o = read({}, q, messages);
    EXPECT_FAILED(o, "message 2: data after the end of the transfer");
    EXPECT_EQ(o.fed, 2u);
  }
}

TEST(XfrStreamReaderFailure, TooManyNsec3Iterations) {
  auto z = snapshot(zone_text(8));
  const Query q = make_query(rrtype::AXFR, nullptr, nullptr);
  Primary p(q, nullptr);
  for (const std::uint16_t iterations : {500, 501}) {
    Records r;
    r.add(soa_of(*z));
    // NSEC3PARAM: SHA-1, flags 0, iterations, no salt.
    r.add("example.org.", rrtype::NSEC3PARAM, wire::rrclass::IN,
          {1, 0, static_cast<std::uint8_t>(iterations >> 8), static_cast<std::uint8_t>(iterations),
           0});
    r.add(soa_of(*z));
    Outcome o = read({}, q, p.run_list(r));
    if (iterations == 500) {
      EXPECT_TRUE(o.result.error.empty()) << o.result.error;
    } else {
      EXPECT_FAILED(o,
                    "message 1: record example.org. NSEC3PARAM has 501 NSEC3 iterations, "
                    "more than zoned accepts (500; RFC 9276 asks for 0)");
    }
  }
}

TEST(XfrStreamReaderFailure, NotImpRcode) {
  for (bool signed_query : {false, true}) {
    SCOPED_TRACE(signed_query);
    const wire::TsigKey k = test_key();
    const wire::TsigKey* key = signed_query ? &k : nullptr;
    auto z = snapshot(zone_text(8));
    const ZoneRecord ours = soa_of(*z);
    const Query q = make_query(rrtype::IXFR, &ours, key);
    Primary p(q, key);
    Outcome o = read({.qtype = rrtype::IXFR, .current_serial = 8, .key = key}, q,
                     {p.error_answer(wire::Rcode::kNotImp)});
    EXPECT_FAILED(o, "message 1: the primary answered NOTIMP");
    EXPECT_EQ(o.result.rcode, wire::Rcode::kNotImp);
    EXPECT_FALSE(o.result.needs_axfr);
  }
  // A refusal left unsigned by the primary still tells the rcode.
  const wire::TsigKey k = test_key();
  const Query q = make_query(rrtype::AXFR, nullptr, &k);
  Primary p(q, nullptr);
  Outcome o = read({.key = &k}, q, {p.error_answer(wire::Rcode::kRefused)});
  EXPECT_FAILED(o, "message 1: the primary answered REFUSED (unsigned)");
  EXPECT_EQ(o.result.rcode, wire::Rcode::kRefused);
}

TEST(XfrStreamReaderFailure, SizeLimitExceeded) {
  const Query q = make_query(rrtype::AXFR, nullptr, nullptr);
  const std::vector<Bytes> messages = large_axfr(8, q);
  std::size_t total = 0;
  for (const Bytes& m : messages)
    total += m.size();
  // Exactly the size: fine. One octet less: fails at the last message.
  Outcome fits = read({.size_limit = total}, q, messages);
  EXPECT_EQ(fits.status, Status::kDone) << fits.result.error;
  Outcome o = read({.size_limit = total - 1}, q, messages);
  EXPECT_FAILED(o, "message " + std::to_string(messages.size()) +
                       ": the transfer exceeds the size limit of " + std::to_string(total - 1) +
                       " octets");
  EXPECT_EQ(o.fed, messages.size());
}

TEST(XfrStreamReaderFailure, RecordLimitExceeded) {
  const Query q = make_query(rrtype::AXFR, nullptr, nullptr);
  const std::vector<Bytes> messages = large_axfr(8, q);
  const Outcome all = read({}, q, messages);
  ASSERT_EQ(all.status, Status::kDone) << all.result.error;
  const std::uint64_t zone_records = all.result.records - 1;  // the closing SOA is no record
  ASSERT_EQ(all.result.contents->records().size(), zone_records);
  // Exactly as many records as the zone has: fine. One fewer: fails where the last arrives.
  const Outcome fits = read({.record_limit = zone_records}, q, messages);
  EXPECT_EQ(fits.status, Status::kDone) << fits.result.error;
  const Outcome o = read({.record_limit = zone_records - 1}, q, messages);
  EXPECT_FAILED(o, "message " + std::to_string(messages.size()) + ": the zone has more than " +
                       std::to_string(zone_records - 1) + " records (max-records)");
  EXPECT_FALSE(o.result.contents);
}

TEST(XfrStreamReaderFailure, IxfrRecordLimitCountsTheDeltas) {
  ThreeVersions t;
  const ZoneRecord ours = soa_of(*t.v1);
  const Query q = make_query(rrtype::IXFR, &ours, nullptr);
  Primary p(q, nullptr);
  const std::vector<Bytes> messages = p.run_list(two_deltas(t));
  const std::uint64_t changed =
      t.d1.removed.size() + t.d1.added.size() + t.d2.removed.size() + t.d2.added.size();
  ASSERT_GE(changed, 3u);  // so that the smaller limit is not 0, which is none
  // The deltas may remove and add twice max-records: an odd count needs half of it, rounded up.
  const std::uint64_t within = (changed + 1) / 2, over = (changed - 1) / 2;
  const Outcome fits =
      read({.qtype = rrtype::IXFR, .current_serial = 10, .record_limit = within}, q, messages);
  EXPECT_EQ(fits.status, Status::kDone) << fits.result.error;
  EXPECT_EQ(fits.result.kind, XfrResult::Kind::kIncremental);
  const Outcome o =
      read({.qtype = rrtype::IXFR, .current_serial = 10, .record_limit = over}, q, messages);
  EXPECT_EQ(o.status, Status::kFailed);
  EXPECT_NE(o.result.error.find("the IXFR removes and adds more than " + std::to_string(2 * over) +
                                " records, twice max-records"),
            std::string::npos)
      << o.result.error;
  EXPECT_TRUE(o.result.deltas.empty());
}

TEST(XfrStreamReaderFailure, IxfrDeltaSerialGap) {
  ThreeVersions t;
  const ZoneRecord ours = soa_of(*t.v1);
  const Query q = make_query(rrtype::IXFR, &ours, nullptr);
  Primary p(q, nullptr);
  // 10 -> 11, then a delta from 13 (not 11) to 14, final 14.
  Records r;
  r.add_soa(soa_of(*t.v1), 14);
  r.add_all(t.d1.old_soa);
  r.add_all(t.d1.removed);
  r.add_all(t.d1.new_soa);
  r.add_all(t.d1.added);
  r.add_soa(soa_of(*t.v1), 13);
  r.add("www.example.org.", rrtype::A, wire::rrclass::IN, {192, 0, 2, 1});
  r.add_soa(soa_of(*t.v1), 14);
  r.add_soa(soa_of(*t.v1), 14);
  Outcome o = read({.qtype = rrtype::IXFR, .current_serial = 10}, q, p.run_list(r));
  EXPECT_FAILED(o, "IXFR serial gap: a delta from serial 13 follows the delta to serial 11");
}

TEST(XfrStreamReaderFailure, IxfrDeltasThatDoNotReachThePrimarysSerial) {
  ThreeVersions t;
  const ZoneRecord ours = soa_of(*t.v1);
  const Query q = make_query(rrtype::IXFR, &ours, nullptr);
  Primary p(q, nullptr);
  {  // 10 -> 11, then the final SOA of 12
    Records r;
    r.add(soa_of(*t.v3));
    r.add_all(t.d1.old_soa);
    r.add_all(t.d1.removed);
    r.add_all(t.d1.new_soa);
    r.add_all(t.d1.added);
    r.add(soa_of(*t.v3));
    Outcome o = read({.qtype = rrtype::IXFR, .current_serial = 10}, q, p.run_list(r));
    EXPECT_FAILED(o, "IXFR serial gap: a delta from serial 12 follows the delta to serial 11");
  }
  {  // a delta that goes backwards
    Records r;
    r.add(soa_of(*t.v3));
    r.add_all(t.d1.old_soa);
    r.add_soa(soa_of(*t.v1), 9);
    r.add(soa_of(*t.v3));
    Outcome o = read({.qtype = rrtype::IXFR, .current_serial = 10}, q, p.run_list(r));
    EXPECT_FAILED(o, "a delta from serial 10 to serial 9 does not go forward");
  }
  {  // a delta past the primary's serial
    Records r;
    r.add(soa_of(*t.v3));
    r.add_all(t.d1.old_soa);
    r.add_soa(soa_of(*t.v1), 13);
    r.add(soa_of(*t.v3));
    Outcome o = read({.qtype = rrtype::IXFR, .current_serial = 10}, q, p.run_list(r));
    EXPECT_FAILED(o, "a delta to serial 13 goes past the primary's 12");
  }
}

TEST(XfrStreamReaderFailure, IxfrSingleNewerSoa) {
  auto z = snapshot(zone_text(50));
  const wire::TsigKey k = test_key();
  const ZoneRecord soa = soa_of(*z);
  const Query q = make_query(rrtype::IXFR, &soa, &k);
  Primary p(q, &k);
  Records r;
  r.add_soa(soa, 60);
  Outcome o = read({.qtype = rrtype::IXFR, .current_serial = 50, .key = &k}, q, p.run_list(r));
  EXPECT_FAILED(o, "SOA of serial 60 only: ask again by AXFR");
  EXPECT_TRUE(o.result.needs_axfr);
  EXPECT_EQ(o.result.serial, 60u);
  EXPECT_EQ(o.result.rcode, wire::Rcode::kNoError);
}

TEST(XfrStreamReaderFailure, EmptyFirstMessage) {
  const Query q = make_query(rrtype::AXFR, nullptr, nullptr);
  Primary p(q, nullptr);
  Outcome o = read({}, q, {p.error_answer(wire::Rcode::kNoError)});
  EXPECT_FAILED(o, "message 1: no records");
}

TEST(XfrStreamReaderFailure, StaysFailed) {
  auto z = snapshot(zone_text(1, 1500));
  const Query q = make_query(rrtype::AXFR, nullptr, nullptr);
  Primary p(q, nullptr);
  std::vector<Bytes> messages = axfr_of(z, p);
  wire::store_u16(messages[0].data(), 1);
  XfrStreamReader reader = make_reader({}, q);
  EXPECT_EQ(reader.add(messages[0], kNow), Status::kFailed);
  EXPECT_EQ(reader.add(messages[1], kNow), Status::kFailed);
  const XfrResult result = reader.take();
  EXPECT_EQ(result.messages, 1u);
  EXPECT_NE(result.error.find("message 1: id 1"), std::string::npos) << result.error;
}

}  // namespace
}  // namespace zoned::transfer
