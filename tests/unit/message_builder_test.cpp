#include "wire/message_builder.h"

#include <gtest/gtest.h>

#include "test_hex.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "wire/message_parser.h"
#include "wire/rrtype.h"

#include "allocation_counter.h"

namespace zoned::wire {
namespace {

using test::to_hex;

using Bytes = std::vector<std::uint8_t>;

Name make(std::string_view text) {
  Name n;
  EXPECT_EQ(parse_name(text, nullptr, n), NameTextError::kOk) << text;
  return n;
}

Bytes wire(std::string_view text) {
  Name n = make(text);
  return {n.data(), n.data() + n.size()};
}

Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts)
    out.insert(out.end(), p.begin(), p.end());
  return out;
}

Bytes u16(std::uint16_t v) {
  return {static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
}
Bytes u32(std::uint32_t v) {
  return cat({u16(static_cast<std::uint16_t>(v >> 16)), u16(static_cast<std::uint16_t>(v))});
}

Bytes soa_rdata(std::string_view mname, std::string_view rname, std::uint32_t serial) {
  return cat({wire(mname), wire(rname), u32(serial), u32(7200), u32(3600), u32(1209600), u32(300)});
}
Bytes mx_rdata(std::uint16_t pref, std::string_view exchange) {
  return cat({u16(pref), wire(exchange)});
}
Bytes srv_rdata(std::uint16_t prio, std::uint16_t weight, std::uint16_t port,
                std::string_view target) {
  return cat({u16(prio), u16(weight), u16(port), wire(target)});
}
Bytes txt_rdata(std::string_view s) {
  Bytes b(s.size() + 1);
  b[0] = static_cast<std::uint8_t>(s.size());
  std::memcpy(b.data() + 1, s.data(), s.size());
  return b;
}

struct Parsed {
  MessageInfo info;
  std::vector<std::string> records;  // "section owner type rdata-hex"
};

// Parses what a builder produced and lists its records with uncompressed RDATA.
Parsed reparse(std::span<const std::uint8_t> msg) {
  Parsed p;
  EXPECT_EQ(parse_message(msg, p.info), ParseError::kOk);
  static std::uint8_t buf[kMaxRdataLength];
  RecordIterator it(msg, p.info, buf);
  Record r;
  while (it.next(r)) {
    p.records.push_back(std::string(to_string(r.section)) + " " + to_text(r.owner) + " " +
                        std::to_string(r.type) + " " + to_hex(r.rdata));
  }
  EXPECT_EQ(it.error(), ParseError::kOk);
  return p;
}

struct Buf {
  std::vector<std::uint8_t> b = std::vector<std::uint8_t>(kMaxMessageSize);
};

const Bytes kA1 = {192, 0, 2, 1};
const Bytes kA2 = {192, 0, 2, 2};

TEST(MessageBuilder, QuestionAndAnswerExactBytes) {
  Buf buf;
  MessageBuilder b(buf.b, 512);
  b.header().id = 0xABCD;
  b.header().set(flag::QR, true);
  b.header().set(flag::AA, true);
  ASSERT_EQ(b.add_question(make("www.example.com."), rrtype::A, rrclass::IN), BuildError::kOk);
  const std::span<const std::uint8_t> rdatas[] = {kA1, kA2};
  ASSERT_EQ(
      b.add_rrset(Section::kAnswer, make("www.example.com."), rrtype::A, rrclass::IN, 300, rdatas),
      BuildError::kOk);
  std::span<const std::uint8_t> msg = b.finish();
  EXPECT_EQ(to_hex(msg),
            "abcd84000001000200000000"                    // header
            "03777777076578616d706c6503636f6d0000010001"  // question
            "c00c000100010000012c0004c0000201"            // owner is a pointer to 12
            "c00c000100010000012c0004c0000202");
  EXPECT_EQ(b.count(Section::kQuestion), 1);
  EXPECT_EQ(b.count(Section::kAnswer), 2);
  Parsed p = reparse(msg);
  EXPECT_EQ(p.info.header.id, 0xABCD);
  ASSERT_EQ(p.records.size(), 2u);
  EXPECT_EQ(p.records[1], "answer www.example.com. 1 c0000202");
}

TEST(MessageBuilder, RrsetReusesItsFirstOwner) {
  Buf buf;
  MessageBuilder b(buf.b, kMaxMessageSize);
  ASSERT_EQ(b.add_question(make("example."), rrtype::NS, 1), BuildError::kOk);  // 12..
  const std::span<const std::uint8_t> two[] = {kA1, kA2};
  std::size_t at = b.size();
  ASSERT_EQ(b.add_rrset(Section::kAnswer, make("new.example."), rrtype::A, 1, 60, two),
            BuildError::kOk);
  // First owner "new" + pointer to the question; second owner a pointer to the first.
  EXPECT_EQ(b.size() - at, (6u + 10 + 4) + (2u + 10 + 4));
  EXPECT_EQ(to_hex({buf.b.data() + at + 20, 2}), "c0" + to_hex(Bytes{std::uint8_t(at)}));
  at = b.size();
  ASSERT_EQ(b.add_rrset(Section::kAnswer, make("."), rrtype::A, 1, 60, two), BuildError::kOk);
  EXPECT_EQ(b.size() - at, 2 * (1u + 10 + 4));  // the root stays one octet
  Parsed p = reparse(b.finish());
  ASSERT_EQ(p.records.size(), 4u);
  EXPECT_EQ(p.records[1], "answer new.example. 1 c0000202");
  EXPECT_EQ(p.records[3], "answer . 1 c0000202");
}

TEST(MessageBuilder, RrsetBeyondPointerReach) {
  Buf buf;
  MessageBuilder b(buf.b, kMaxMessageSize);
  Bytes big(0x4100, 0);  // pushes the RRset past offset 0x3FFF
  ASSERT_EQ(b.add_rr(Section::kAnswer, make("pad."), 65280, 1, 0, big), BuildError::kOk);
  const std::span<const std::uint8_t> two[] = {kA1, kA2};
  std::size_t at = b.size();
  ASSERT_EQ(b.add_rrset(Section::kAnswer, make("far.example."), rrtype::A, 1, 60, two),
            BuildError::kOk);
  EXPECT_EQ(b.size() - at, 2 * (13u + 10 + 4));  // no pointer can reach the first owner
  Parsed p = reparse(b.finish());
  ASSERT_EQ(p.records.size(), 3u);
  EXPECT_EQ(p.records[2], "answer far.example. 1 c0000202");
}

TEST(MessageBuilder, CompressesRfc1035RdataNames) {
  Buf buf;
  MessageBuilder b(buf.b, kMaxMessageSize);
  ASSERT_EQ(b.add_question(make("example.com."), rrtype::ANY, rrclass::IN), BuildError::kOk);
  std::size_t before = b.size();
  Bytes soa = soa_rdata("ns1.example.com.", "hostmaster.example.com.", 1);
  ASSERT_EQ(b.add_rr(Section::kAnswer, make("example.com."), rrtype::SOA, 1, 60, soa),
            BuildError::kOk);
  // owner 2 + fixed 10 + "ns1"+ptr 6 + "hostmaster"+ptr 13 + 20
  EXPECT_EQ(b.size() - before, 2u + 10 + 6 + 13 + 20);
  before = b.size();
  ASSERT_EQ(b.add_rr(Section::kAnswer, make("example.com."), rrtype::MX, 1, 60,
                     mx_rdata(10, "ns1.example.com.")),
            BuildError::kOk);
  EXPECT_EQ(b.size() - before, 2u + 10 + 2 + 2);  // the exchange is one pointer
  before = b.size();
  ASSERT_EQ(b.add_rr(Section::kAnswer, make("www.example.com."), rrtype::CNAME, 1, 60,
                     wire("hostmaster.example.com.")),
            BuildError::kOk);
  EXPECT_EQ(b.size() - before, 6u + 10 + 2);
  Parsed p = reparse(b.finish());
  ASSERT_EQ(p.records.size(), 3u);
  EXPECT_EQ(p.records[0], "answer example.com. 6 " + to_hex(soa));
  EXPECT_EQ(p.records[1], "answer example.com. 15 " + to_hex(mx_rdata(10, "ns1.example.com.")));
  EXPECT_EQ(p.records[2], "answer www.example.com. 5 " + to_hex(wire("hostmaster.example.com.")));
}

TEST(MessageBuilder, LeavesOtherRdataNamesAlone) {
  // RFC 3597 §4: SRV, DNAME, RRSIG, NSEC... names are never compressed by a sender.
  Buf buf;
  MessageBuilder b(buf.b, kMaxMessageSize);
  ASSERT_EQ(b.add_question(make("example.com."), rrtype::SRV, rrclass::IN), BuildError::kOk);
  Bytes srv = srv_rdata(0, 5, 5060, "sip.example.com.");
  std::size_t before = b.size();
  ASSERT_EQ(b.add_rr(Section::kAnswer, make("_sip._tcp.example.com."), rrtype::SRV, 1, 60, srv),
            BuildError::kOk);
  EXPECT_EQ(b.size() - before, 12u + 10 + srv.size());  // "_sip._tcp" + ptr, full RDATA
  EXPECT_EQ(0, std::memcmp(buf.b.data() + b.size() - srv.size(), srv.data(), srv.size()));
  Bytes dname = wire("example.com.");
  ASSERT_EQ(b.add_rr(Section::kAnswer, make("example.com."), rrtype::DNAME, 1, 60, dname),
            BuildError::kOk);
  EXPECT_EQ(0, std::memcmp(buf.b.data() + b.size() - dname.size(), dname.data(), dname.size()));
  // Names written uncompressed are not compression targets either: sip.example.com points
  // to the question's example.com, not into the SRV RDATA.
  before = b.size();
  ASSERT_EQ(b.add_rr(Section::kAnswer, make("sip.example.com."), rrtype::A, 1, 60, kA1),
            BuildError::kOk);
  EXPECT_EQ(b.size() - before, 6u + 10 + 4);
  EXPECT_EQ(buf.b[before + 5], 12);  // pointer low octet: the question name
  reparse(b.finish());
}

TEST(MessageBuilder, CompressionRatio) {
  // A typical referral-style answer: 10 A records and 4 NS with glue, all in one zone.
  Buf buf;
  MessageBuilder b(buf.b, kMaxMessageSize);
  ASSERT_EQ(b.add_question(make("www.example.com."), rrtype::A, rrclass::IN), BuildError::kOk);
  std::size_t uncompressed = kHeaderSize + 17 + 4;
  for (std::uint8_t i = 0; i < 10; ++i) {
    Bytes a = {192, 0, 2, i};
    ASSERT_EQ(b.add_rr(Section::kAnswer, make("www.example.com."), rrtype::A, 1, 300, a),
              BuildError::kOk);
    uncompressed += 17 + 10 + 4;
  }
  for (const char* ns :
       {"a.ns.example.com.", "b.ns.example.com.", "c.ns.example.com.", "d.ns.example.com."}) {
    ASSERT_EQ(b.add_rr(Section::kAuthority, make("example.com."), rrtype::NS, 1, 300, wire(ns)),
              BuildError::kOk);
    uncompressed += 13 + 10 + 18;
  }
  for (const char* ns :
       {"a.ns.example.com.", "b.ns.example.com.", "c.ns.example.com.", "d.ns.example.com."}) {
    ASSERT_EQ(b.add_rr(Section::kAdditional, make(ns), rrtype::A, 1, 300, kA1), BuildError::kOk);
    uncompressed += 18 + 10 + 4;
  }
  // Answers: 2-octet owners. NS: owner pointer; the first target "a.ns"+ptr, the others
  // "x"+ptr to "ns.example.com". Glue owners: a pointer each.
  std::size_t expected =
      kHeaderSize + 21 + 10 * 16 + (2 + 10 + 7) + 3 * (2 + 10 + 4) + 4 * (2 + 10 + 4);
  EXPECT_EQ(b.size(), expected);
  EXPECT_LT(b.size() * 100 / uncompressed, 55u);  // about half the uncompressed size
  Parsed p = reparse(b.finish());
  EXPECT_EQ(p.records.size(), 18u);
}

TEST(MessageBuilder, NotWorseThanDnspython) {
  // The same response as the response_compressed vector, which dnspython wrote in 174 octets.
  Buf buf;
  MessageBuilder b(buf.b, kMaxMessageSize);
  b.header().id = 0x4242;
  ASSERT_EQ(b.add_question(make("www.example.com."), rrtype::A, 1), BuildError::kOk);
  ASSERT_EQ(b.add_rr(Section::kAnswer, make("www.example.com."), rrtype::CNAME, 1, 300,
                     wire("web.example.com.")),
            BuildError::kOk);
  ASSERT_EQ(b.add_rr(Section::kAnswer, make("web.example.com."), rrtype::A, 1, 300, kA1),
            BuildError::kOk);
  ASSERT_EQ(b.add_rr(Section::kAnswer, make("web.example.com."), rrtype::A, 1, 300, kA2),
            BuildError::kOk);
  ASSERT_EQ(b.add_rr(Section::kAuthority, make("example.com."), rrtype::NS, 1, 3600,
                     wire("ns1.example.com.")),
            BuildError::kOk);
  ASSERT_EQ(b.add_rr(Section::kAuthority, make("example.com."), rrtype::NS, 1, 3600,
                     wire("ns2.example.net.")),
            BuildError::kOk);
  ASSERT_EQ(b.add_rr(Section::kAdditional, make("ns1.example.com."), rrtype::A, 1, 3600,
                     Bytes{192, 0, 2, 53}),
            BuildError::kOk);
  Bytes aaaa(16, 0);
  ASSERT_EQ(b.add_rr(Section::kAdditional, make("ns1.example.com."), rrtype::AAAA, 1, 3600, aaaa),
            BuildError::kOk);
  EXPECT_LE(b.size(), 174u);
  reparse(b.finish());
}

// Fills a 512-octet UDP response with TXT RRsets until one does not fit.
TEST(MessageBuilder, TruncationRollsBackTheWholeRrset) {
  Buf buf;
  MessageBuilder b(buf.b, kMaxUdpSize);
  ASSERT_EQ(b.add_question(make("big.example."), rrtype::TXT, 1), BuildError::kOk);
  Bytes txt = txt_rdata(std::string(100, 'x'));
  const std::span<const std::uint8_t> three[] = {txt, txt, txt};
  ASSERT_EQ(b.add_rrset(Section::kAnswer, make("big.example."), rrtype::TXT, 1, 60, three),
            BuildError::kOk);
  std::size_t size = b.size();
  std::size_t table = b.mark().table;
  // A new owner (teaches the compression table) with three records of which only two fit.
  EXPECT_EQ(b.add_rrset(Section::kAnswer, make("other.big.example."), rrtype::TXT, 1, 60, three),
            BuildError::kNoSpace);
  EXPECT_EQ(b.size(), size);
  EXPECT_EQ(b.count(Section::kAnswer), 3);
  EXPECT_EQ(b.mark().table, table);
  // The rolled-back owner must not be found any more: this one is written in full again
  // (at the same place) and the message still parses.
  ASSERT_EQ(b.add_rr(Section::kAnswer, make("other.big.example."), rrtype::A, 1, 60, kA1),
            BuildError::kOk);
  EXPECT_EQ(b.size(), size + 8 + 10 + 4);  // "other" + pointer to big.example
  b.header().set(flag::TC, true);
  Parsed p = reparse(b.finish());
  EXPECT_EQ(p.records.size(), 4u);
  EXPECT_TRUE(p.info.header.has(flag::TC));
}

TEST(MessageBuilder, MarkAndRollbackSpanSeveralRrsets) {
  Buf buf;
  MessageBuilder b(buf.b, kMaxMessageSize);
  ASSERT_EQ(b.add_question(make("example."), rrtype::A, 1), BuildError::kOk);
  MessageBuilder::Mark m = b.mark();
  ASSERT_EQ(b.add_rr(Section::kAnswer, make("a.example."), rrtype::A, 1, 60, kA1), BuildError::kOk);
  ASSERT_EQ(b.add_rr(Section::kAuthority, make("b.example."), rrtype::A, 1, 60, kA1),
            BuildError::kOk);
  b.rollback(m);
  EXPECT_EQ(b.size(), m.size);
  EXPECT_EQ(b.count(Section::kAnswer), 0);
  EXPECT_EQ(b.count(Section::kAuthority), 0);
  // The section order is rolled back too: the answer section can be written again.
  EXPECT_EQ(b.add_rr(Section::kAnswer, make("c.example."), rrtype::A, 1, 60, kA1), BuildError::kOk);
  Parsed p = reparse(b.finish());
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0], "answer c.example. 1 c0000201");
}

TEST(MessageBuilder, ReservedRoomForOptAndTsig) {
  const std::uint8_t cookie[24] = {1, 2, 3, 4, 5, 6, 7, 8};
  const EdnsOption opts[] = {{edns_option::COOKIE, cookie},
                             ede_option(ede::kProhibited, "not for you")};
  OptRecord opt;
  opt.options = opts;
  const std::size_t opt_size = opt_record_size(opt);
  const Name key = make("tsig-key.example.");
  const std::size_t tsig_rdata_size = 13 + 10 + 32 + 6;
  const std::size_t tsig_size = key.size() + 10 + tsig_rdata_size;

  Buf buf;
  MessageBuilder b(buf.b, kMaxUdpSize);
  ASSERT_TRUE(b.reserve(opt_size + tsig_size));
  ASSERT_EQ(b.add_question(make("example."), rrtype::TXT, 1), BuildError::kOk);
  Bytes txt = txt_rdata(std::string(50, 'y'));
  BuildError e = BuildError::kOk;
  int added = 0;
  while ((e = b.add_rr(Section::kAnswer, make("example."), rrtype::TXT, 1, 60, txt)) ==
         BuildError::kOk)
    ++added;
  EXPECT_EQ(e, BuildError::kNoSpace);
  EXPECT_GT(added, 3);
  EXPECT_LE(b.size() + b.reserved(), kMaxUdpSize);
  ASSERT_EQ(b.add_opt(opt), BuildError::kOk);
  EXPECT_EQ(b.add_opt(opt), BuildError::kDuplicateOpt);
  EXPECT_EQ(b.reserved(), tsig_size);
  // Additional data cannot eat into the TSIG's room.
  EXPECT_EQ(b.add_rr(Section::kAdditional, make("example."), rrtype::TXT, 1, 60, txt),
            BuildError::kNoSpace);
  std::span<const std::uint8_t> unsigned_msg = b.finish();
  std::size_t signed_from = unsigned_msg.size();
  Bytes tsig = cat({wire("hmac-sha256."), u16(0), u32(1700000000), u16(300), u16(32),
                    Bytes(32, 0xAB), u16(0), u16(0), u16(0)});
  ASSERT_EQ(tsig.size(), tsig_rdata_size);
  ASSERT_EQ(b.add_tsig(key, tsig), BuildError::kOk);
  EXPECT_EQ(b.reserved(), 0u);
  EXPECT_LE(b.size(), kMaxUdpSize);
  EXPECT_EQ(b.add_rr(Section::kAdditional, make("x."), rrtype::A, 1, 0, kA1),
            BuildError::kSectionOrder);  // nothing after the TSIG
  EXPECT_EQ(b.add_tsig(key, tsig), BuildError::kSectionOrder);
  MessageInfo info;
  std::span<const std::uint8_t> msg = b.finish();
  ASSERT_EQ(parse_message(msg, info), ParseError::kOk);
  EXPECT_TRUE(info.has_edns);
  EXPECT_EQ(info.edns.cookie.size(), 24u);
  ASSERT_TRUE(info.has_tsig);
  EXPECT_EQ(info.tsig.offset, signed_from);
  EXPECT_EQ(to_text(info.tsig.key_name), "tsig-key.example.");
  // The key name is written in full even though nothing before could compress it.
  EXPECT_EQ(0, std::memcmp(msg.data() + signed_from, key.data(), key.size()));
}

TEST(MessageBuilder, RollbackPastOptAndTsigGivesTheirRoomBack) {
  Buf buf;
  MessageBuilder b(buf.b, kMaxUdpSize);
  ASSERT_TRUE(b.reserve(11 + 60));
  ASSERT_EQ(b.add_question(make("example."), rrtype::A, 1), BuildError::kOk);
  MessageBuilder::Mark m = b.mark();
  ASSERT_EQ(b.add_opt(OptRecord{}), BuildError::kOk);
  Bytes tsig =
      cat({wire("hmac-sha256."), u16(0), u32(1), u16(300), u16(0), u16(0), u16(0), u16(0)});
  ASSERT_EQ(b.add_tsig(make("k."), tsig), BuildError::kOk);
  EXPECT_EQ(b.reserved(), 11u + 60 - 11 - (3 + 10 + tsig.size()));
  b.rollback(m);
  EXPECT_EQ(b.reserved(), 11u + 60);
  EXPECT_FALSE(b.has_opt());
  EXPECT_EQ(b.count(Section::kAdditional), 0);
  EXPECT_EQ(b.add_rr(Section::kAnswer, make("example."), rrtype::A, 1, 0, kA1), BuildError::kOk);
  EXPECT_EQ(b.add_opt(OptRecord{}), BuildError::kOk);
  reparse(b.finish());
}

TEST(MessageBuilder, OptWithoutReservationMayNotFit) {
  Buf buf;
  MessageBuilder b(buf.b, 40);
  ASSERT_EQ(b.add_question(make("example."), rrtype::A, 1), BuildError::kOk);  // 12 + 13
  ASSERT_EQ(b.add_rr(Section::kAnswer, make("example."), rrtype::A, 1, 0, Bytes{}),
            BuildError::kOk);  // 25 + 12 = 37
  OptRecord opt;
  EXPECT_EQ(b.add_opt(opt), BuildError::kNoSpace);
  EXPECT_FALSE(b.has_opt());
  EXPECT_FALSE(b.reserve(4));
  EXPECT_TRUE(b.reserve(3));
  b.release(3);
  EXPECT_EQ(b.reserved(), 0u);
}

TEST(MessageBuilder, SectionOrder) {
  Buf buf;
  MessageBuilder b(buf.b, kMaxMessageSize);
  EXPECT_EQ(b.add_rr(Section::kQuestion, make("a."), 1, 1, 0, kA1), BuildError::kSectionOrder);
  ASSERT_EQ(b.add_rr(Section::kAuthority, make("a."), 1, 1, 0, kA1), BuildError::kOk);
  EXPECT_EQ(b.add_question(make("a."), 1, 1), BuildError::kSectionOrder);
  EXPECT_EQ(b.add_rr(Section::kAnswer, make("a."), 1, 1, 0, kA1), BuildError::kSectionOrder);
  ASSERT_EQ(b.add_rr(Section::kAuthority, make("b."), 1, 1, 0, kA1), BuildError::kOk);
  ASSERT_EQ(b.add_opt(OptRecord{}), BuildError::kOk);
  EXPECT_EQ(b.add_rr(Section::kAuthority, make("a."), 1, 1, 0, kA1), BuildError::kSectionOrder);
  EXPECT_EQ(b.add_rr(Section::kAdditional, make("a."), 1, 1, 0, kA1), BuildError::kOk);
  reparse(b.finish());
}

TEST(MessageBuilder, MalformedRdataWritesNothing) {
  Buf buf;
  MessageBuilder b(buf.b, kMaxMessageSize);
  ASSERT_EQ(b.add_question(make("example."), rrtype::MX, 1), BuildError::kOk);
  std::size_t size = b.size();
  Bytes bad_name = {0, 10, 3, 'm', 'x'};  // label runs off the end
  EXPECT_EQ(b.add_rr(Section::kAnswer, make("example."), rrtype::MX, 1, 0, bad_name),
            BuildError::kBadRdata);
  Bytes extra = cat({mx_rdata(10, "mx.example."), Bytes{0}});
  EXPECT_EQ(b.add_rr(Section::kAnswer, make("example."), rrtype::MX, 1, 0, extra),
            BuildError::kBadRdata);
  Bytes pointer = {0, 10, 0xC0, 12};  // RDATA handed to the builder is never compressed
  EXPECT_EQ(b.add_rr(Section::kAnswer, make("example."), rrtype::MX, 1, 0, pointer),
            BuildError::kBadRdata);
  Bytes short_soa = soa_rdata("a.", "b.", 1);
  short_soa.pop_back();
  EXPECT_EQ(b.add_rr(Section::kAnswer, make("example."), rrtype::SOA, 1, 0, short_soa),
            BuildError::kBadRdata);
  EXPECT_EQ(b.size(), size);
  EXPECT_EQ(b.count(Section::kAnswer), 0);
  EXPECT_EQ(b.mark().table, 1u);  // only "example." from the question
}

TEST(MessageBuilder, TinyBuffers) {
  std::uint8_t small[11];
  MessageBuilder none(small, 512);
  EXPECT_EQ(none.add_question(make("a."), 1, 1), BuildError::kNoSpace);
  EXPECT_TRUE(none.finish().empty());
  std::uint8_t header_only[12];
  MessageBuilder h(header_only, 512);
  EXPECT_EQ(h.add_question(make("."), 1, 1), BuildError::kNoSpace);
  EXPECT_EQ(h.finish().size(), 12u);
  Buf buf;
  MessageBuilder capped(buf.b, 17);  // max_size below the buffer size wins
  EXPECT_EQ(capped.max_size(), 17u);
  EXPECT_EQ(capped.add_question(make("."), 1, 1), BuildError::kOk);  // 12 + 5
  EXPECT_EQ(capped.add_question(make("."), 1, 1), BuildError::kNoSpace);
  EXPECT_EQ(capped.count(Section::kQuestion), 1);
}

TEST(MessageBuilder, LargeTcpMessageBeyondPointerReach) {
  // 1500 distinct owners push the message well past 16383 octets, where names can no longer
  // be pointer targets; everything must still round-trip.
  Buf buf;
  MessageBuilder b(buf.b, kMaxMessageSize);
  ASSERT_EQ(b.add_question(make("example.com."), rrtype::AXFR, 1), BuildError::kOk);
  for (int i = 0; i < 1500; ++i) {
    std::string owner = "host" + std::to_string(i) + ".example.com.";
    ASSERT_EQ(b.add_rr(Section::kAnswer, make(owner), rrtype::MX, 1, 60,
                       mx_rdata(10, "mail" + std::to_string(i % 7) + ".example.com.")),
              BuildError::kOk)
        << i;
  }
  EXPECT_GT(b.size(), 0x4000u);
  Parsed p = reparse(b.finish());
  ASSERT_EQ(p.records.size(), 1500u);
  EXPECT_EQ(p.records[1499],
            "answer host1499.example.com. 15 " + to_hex(mx_rdata(10, "mail1.example.com.")));
}

TEST(MessageBuilder, EmptyRdataForUpdates) {
  Buf buf;
  MessageBuilder b(buf.b, kMaxMessageSize);
  b.header().set_opcode(Opcode::kUpdate);
  ASSERT_EQ(b.add_question(make("example."), rrtype::SOA, 1), BuildError::kOk);
  ASSERT_EQ(b.add_rr(Section::kAuthority, make("www.example."), rrtype::MX, rrclass::ANY, 0, {}),
            BuildError::kOk);
  Parsed p = reparse(b.finish());
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0], "authority www.example. 15 ");
}

TEST(MessageBuilder, NeitherBuildNorParseAllocates) {
  Name owner = make("www.example.com.");
  Name key = make("tsig-key.example.");
  Bytes soa = soa_rdata("ns1.example.com.", "hostmaster.example.com.", 1);
  Bytes tsig =
      cat({wire("hmac-sha256."), u16(0), u32(1), u16(300), u16(0), u16(0), u16(0), u16(0)});
  Buf buf;
  static std::uint8_t rdata_buf[kMaxRdataLength];
  const EdnsOption opts[] = {ede_option(ede::kNotReady, "later")};
  OptRecord opt;
  opt.options = opts;
  g_allocations = 0;
  g_counting = true;
  MessageBuilder b(buf.b, kMaxMessageSize);
  bool ok = b.reserve(100) && b.add_question(owner, rrtype::SOA, 1) == BuildError::kOk &&
            b.add_rr(Section::kAnswer, owner, rrtype::SOA, 1, 0, soa) == BuildError::kOk &&
            b.add_opt(opt) == BuildError::kOk && b.add_tsig(key, tsig) == BuildError::kOk;
  std::span<const std::uint8_t> msg = b.finish();
  MessageInfo info;
  ok = ok && parse_message(msg, info) == ParseError::kOk;
  RecordIterator it(msg, info, rdata_buf);
  Record r;
  int records = 0;
  while (it.next(r))
    ++records;
  g_counting = false;
  EXPECT_TRUE(ok);
  EXPECT_EQ(records, 3);
  EXPECT_EQ(g_allocations, 0);
}

TEST(BuildError, Names) {
  for (int e = 0; e <= static_cast<int>(BuildError::kBadRdata); ++e)
    EXPECT_STRNE(to_string(static_cast<BuildError>(e)), "unknown error");
}

// ----- interop: our packets, checked by dnspython (see make_message_vectors.py) -----

struct BuiltCase {
  const char* name;
  Bytes wire;
};

std::vector<BuiltCase> built_cases() {
  std::vector<BuiltCase> out;
  auto add = [&](const char* name, MessageBuilder& b) {
    std::span<const std::uint8_t> m = b.finish();
    out.push_back({name, Bytes(m.begin(), m.end())});
  };
  Buf buf;
  {
    MessageBuilder b(buf.b, kMaxUdpSize);
    b.header().id = 0xABCD;
    b.header().set(flag::QR, true);
    b.header().set(flag::AA, true);
    b.add_question(make("www.example.com."), rrtype::A, rrclass::IN);
    const std::span<const std::uint8_t> rdatas[] = {kA1, kA2};
    b.add_rrset(Section::kAnswer, make("www.example.com."), rrtype::A, 1, 300, rdatas);
    add("simple_answer", b);
  }
  {
    MessageBuilder b(buf.b, kMaxMessageSize);
    b.header().id = 1;
    b.header().set(flag::QR, true);
    b.header().set(flag::AA, true);
    b.add_question(make("example.com."), rrtype::ANY, rrclass::IN);
    b.add_rr(Section::kAnswer, make("example.com."), rrtype::SOA, 1, 3600,
             soa_rdata("ns1.example.com.", "hostmaster.example.com.", 2024010101));
    b.add_rr(Section::kAnswer, make("example.com."), rrtype::MX, 1, 3600,
             mx_rdata(10, "mail.example.com."));
    b.add_rr(Section::kAnswer, make("_sip._tcp.example.com."), rrtype::SRV, 1, 3600,
             srv_rdata(0, 5, 5060, "sip.example.com."));
    b.add_rr(Section::kAnswer, make("example.com."), rrtype::TXT, 1, 3600, txt_rdata("hello"));
    b.add_rr(Section::kAuthority, make("example.com."), rrtype::NS, 1, 3600,
             wire("ns1.example.com."));
    b.add_rr(Section::kAuthority, make("example.com."), rrtype::NS, 1, 3600,
             wire("ns2.example.com."));
    b.add_rr(Section::kAdditional, make("ns1.example.com."), rrtype::A, 1, 3600,
             Bytes{192, 0, 2, 53});
    add("compressed_rdata", b);
  }
  {
    MessageBuilder b(buf.b, 1232);
    b.header().id = 2;
    b.header().set(flag::QR, true);
    b.header().set_rcode(Rcode::kRefused);
    Bytes cookie = cat({Bytes{1, 2, 3, 4, 5, 6, 7, 8}, Bytes(16, 0x11)});
    const EdnsOption opts[] = {{edns_option::COOKIE, cookie},
                               ede_option(ede::kProhibited, "not for you")};
    OptRecord opt;
    opt.dnssec_ok = true;
    opt.options = opts;
    b.reserve(opt_record_size(opt));
    b.add_question(make("blocked.example."), rrtype::A, rrclass::IN);
    b.add_opt(opt);
    add("edns_ede", b);
  }
  {
    MessageBuilder b(buf.b, 1232);
    b.header().id = 3;
    b.header().set(flag::QR, true);
    b.header().set_rcode(Rcode::kBadVers);
    b.add_question(make("example.com."), rrtype::A, rrclass::IN);
    OptRecord opt;
    opt.extended_rcode = rcode_high_bits(Rcode::kBadVers);
    b.add_opt(opt);
    add("badvers", b);
  }
  {
    MessageBuilder b(buf.b, kMaxUdpSize);
    b.header().id = 4;
    b.header().set(flag::QR, true);
    OptRecord opt;
    b.reserve(opt_record_size(opt));
    b.add_question(make("big.example."), rrtype::TXT, rrclass::IN);
    Bytes txt = txt_rdata(std::string(200, 'z'));
    const std::span<const std::uint8_t> rdatas[] = {txt, txt, txt};
    if (b.add_rrset(Section::kAnswer, make("big.example."), rrtype::TXT, 1, 60, rdatas) ==
        BuildError::kNoSpace)
      b.header().set(flag::TC, true);
    b.add_opt(opt);
    add("truncated", b);
  }
  {
    MessageBuilder b(buf.b, kMaxUdpSize);
    b.header().id = 5;
    Name key = make("tsig-key.example.");
    Bytes tsig = cat({wire("hmac-sha256."), u16(0), u32(1700000000), u16(300), u16(32),
                      Bytes(32, 0xAB), u16(5), u16(0), u16(0)});
    b.reserve(key.size() + 10 + tsig.size());
    b.add_question(make("www.example.com."), rrtype::A, rrclass::IN);
    b.add_tsig(key, tsig);
    add("tsig_layout", b);
  }
  return out;
}

struct Golden {
  const char* name;
  const char* hex;
};
const Golden kGolden[] = {
#include "../vectors/built_messages.inc"
};

TEST(BuiltInterop, MatchesWhatDnspythonAccepted) {
  std::vector<BuiltCase> cases = built_cases();
  if (const char* path = std::getenv("ZONED_WRITE_BUILT_MESSAGES")) {
    std::FILE* f = std::fopen(path, "w");
    ASSERT_NE(f, nullptr) << path;
    for (const BuiltCase& c : cases)
      std::fprintf(f, "%s %s\n", c.name, to_hex(c.wire).c_str());
    std::fclose(f);
    GTEST_SKIP() << "wrote " << cases.size() << " packets to " << path;
  }
  ASSERT_EQ(std::size(kGolden), cases.size()) << "run make_message_vectors.py --check-built";
  for (std::size_t i = 0; i < cases.size(); ++i) {
    EXPECT_STREQ(kGolden[i].name, cases[i].name);
    EXPECT_EQ(to_hex(cases[i].wire), kGolden[i].hex) << cases[i].name;
    MessageInfo info;
    EXPECT_EQ(parse_message(cases[i].wire, info), ParseError::kOk) << cases[i].name;
  }
}

}  // namespace
}  // namespace zoned::wire
