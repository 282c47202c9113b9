#include "wire/message_parser.h"

#include <gtest/gtest.h>

#include "test_packet.h"

#include "test_hex.h"

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "wire/rrtype.h"

// The fuzz target doubles as a property check: parse, rebuild, parse again, compare.
#include "../../fuzz/fuzz_message.cpp"

namespace zoned::wire {
namespace {

using test::from_hex;
using test::to_hex;

using Bytes = std::vector<std::uint8_t>;

using test::Pkt;

Bytes wire_name(std::string_view dotted) {
  Pkt p;
  p.b.clear();
  p.name(dotted);
  return p.b;
}

ParseError parse(const Pkt& p) {
  MessageInfo info;
  return parse_message(p.span(), info);
}

std::string line(const Record& r) {
  return std::string(to_string(r.section)) + " " + to_text(r.owner) + " " + std::to_string(r.type) +
         " " + std::to_string(r.cls) + " " + std::to_string(r.ttl) + " " + to_hex(r.rdata);
}

// All records of a message as message_vectors.inc prints them.
std::string all_records(std::span<const std::uint8_t> msg, const MessageInfo& info) {
  static std::uint8_t buf[kMaxRdataLength];
  RecordIterator it(msg, info, buf);
  Record r;
  std::string out;
  while (it.next(r)) {
    if (!out.empty()) out += '\n';
    out += line(r);
  }
  EXPECT_EQ(it.error(), ParseError::kOk);
  return out;
}

// ----- interop: packets dnspython built -----

struct MessageVector {
  const char* name;
  const char* hex;
  std::uint16_t id, flags, qdcount, ancount, nscount, arcount;
  const char* qname;
  std::uint16_t qtype, qclass;
  bool has_edns;
  std::uint16_t udp_size;
  bool dnssec_ok;
  std::uint16_t rcode;
  const char* cookie;
  bool has_tsig;
  const char* tsig_key;
  const char* tsig_alg;
  std::uint64_t tsig_time;
  std::uint16_t tsig_fudge;
  const char* tsig_mac;
  std::uint16_t tsig_original_id;
  std::size_t tsig_offset;
  const char* records;
};

const MessageVector kVectors[] = {
#include "../vectors/message_vectors.inc"
};

TEST(MessageVectors, ParseToWhatDnspythonWrote) {
  for (const MessageVector& v : kVectors) {
    SCOPED_TRACE(v.name);
    Bytes msg = from_hex(v.hex);
    MessageInfo info;
    ASSERT_EQ(parse_message(msg, info), ParseError::kOk);
    EXPECT_EQ(info.end, msg.size());
    EXPECT_EQ(info.header.id, v.id);
    EXPECT_EQ(info.header.flags, v.flags);
    EXPECT_EQ(info.header.qdcount, v.qdcount);
    EXPECT_EQ(info.header.ancount, v.ancount);
    EXPECT_EQ(info.header.nscount, v.nscount);
    EXPECT_EQ(info.header.arcount, v.arcount);
    ASSERT_TRUE(info.has_question);
    EXPECT_EQ(to_text(info.question.name), v.qname);
    EXPECT_EQ(info.question.type, v.qtype);
    EXPECT_EQ(info.question.cls, v.qclass);
    ASSERT_EQ(info.has_edns, v.has_edns);
    std::uint8_t high = info.has_edns ? info.edns.extended_rcode : 0;
    EXPECT_EQ(static_cast<std::uint16_t>(combine_rcode(info.header.rcode_bits(), high)), v.rcode);
    if (v.has_edns) {
      EXPECT_EQ(info.edns.udp_size, v.udp_size);
      EXPECT_EQ(info.edns.dnssec_ok(), v.dnssec_ok);
      EXPECT_EQ(info.edns.version, 0);
      EXPECT_EQ(to_hex(info.edns.cookie), v.cookie);
    }
    ASSERT_EQ(info.has_tsig, v.has_tsig);
    if (v.has_tsig) {
      EXPECT_EQ(to_text(info.tsig.key_name), v.tsig_key);
      EXPECT_EQ(to_text(info.tsig.algorithm), v.tsig_alg);
      EXPECT_EQ(info.tsig.time_signed, v.tsig_time);
      EXPECT_EQ(info.tsig.fudge, v.tsig_fudge);
      EXPECT_EQ(to_hex(info.tsig.mac), v.tsig_mac);
      EXPECT_EQ(info.tsig.original_id, v.tsig_original_id);
      EXPECT_EQ(info.tsig.error, 0);
      EXPECT_TRUE(info.tsig.other_data.empty());
      EXPECT_EQ(info.tsig.offset, v.tsig_offset);
    }
    EXPECT_EQ(all_records(msg, info), v.records);
  }
}

// Every vector cut short at every length must fail cleanly, never crash.
TEST(MessageVectors, EveryTruncationIsAnError) {
  for (const MessageVector& v : kVectors) {
    Bytes msg = from_hex(v.hex);
    for (std::size_t n = 0; n < msg.size(); ++n) {
      MessageInfo info;
      ParseError e = parse_message({msg.data(), n}, info);
      EXPECT_NE(e, ParseError::kOk) << v.name << " cut at " << n;
      EXPECT_EQ(header_readable(e), n >= kHeaderSize) << v.name << " cut at " << n;
    }
  }
}

// ----- decompression of RDATA -----

TEST(RecordIterator, DecompressesMxSoaSrvRdata) {
  Pkt p;
  p.counts(1, 3, 0, 0).question("example.com", rrtype::ANY);
  // MX 10 mail.<ptr example.com>
  p.ptr(12).rr(rrtype::MX, 1, 300, Pkt{Bytes{}}.u16(10).labels("mail").ptr(12).b);
  // SOA <ptr>, hostmaster.<ptr>, five numbers
  Bytes soa = Pkt{Bytes{}}.labels("ns1").ptr(12).labels("hostmaster").ptr(12).b;
  for (std::uint32_t n : {2024010101u, 7200u, 3600u, 1209600u, 300u})
    soa = Pkt{soa}.u32(n).b;
  p.ptr(12).rr(rrtype::SOA, 1, 300, soa);
  // SRV: compressed target, which receivers must accept (RFC 3597 §4)
  p.labels("_sip._tcp")
      .ptr(12)
      .rr(rrtype::SRV, 1, 300, Pkt{Bytes{}}.u16(0).u16(5).u16(5060).labels("sip").ptr(12).b);
  MessageInfo info;
  ASSERT_EQ(parse_message(p.span(), info), ParseError::kOk);
  std::uint8_t buf[kMaxRdataLength];
  RecordIterator it(p.span(), info, buf);
  Record r;
  ASSERT_TRUE(it.next(r));
  EXPECT_EQ(r.type, rrtype::MX);
  EXPECT_EQ(to_text(r.owner), "example.com.");
  EXPECT_EQ(to_hex(r.rdata), "000a" + to_hex(wire_name("mail.example.com")));
  ASSERT_TRUE(it.next(r));
  EXPECT_EQ(r.type, rrtype::SOA);
  EXPECT_EQ(to_hex(r.rdata), to_hex(wire_name("ns1.example.com")) +
                                 to_hex(wire_name("hostmaster.example.com")) +
                                 "78a3f17500001c2000000e10001275000000012c");
  ASSERT_TRUE(it.next(r));
  EXPECT_EQ(r.type, rrtype::SRV);
  EXPECT_EQ(to_text(r.owner), "_sip._tcp.example.com.");
  EXPECT_EQ(to_hex(r.rdata), "0000000513c4" + to_hex(wire_name("sip.example.com")));
  EXPECT_FALSE(it.next(r));
  EXPECT_EQ(it.error(), ParseError::kOk);
}

TEST(RecordIterator, UncompressedRdataIsNotCopied) {
  Pkt p;
  p.counts(0, 1, 0, 0).name("example").rr(rrtype::A, 1, 60, {192, 0, 2, 1});
  MessageInfo info;
  ASSERT_EQ(parse_message(p.span(), info), ParseError::kOk);
  RecordIterator it(p.span(), info, {});  // no buffer needed
  Record r;
  ASSERT_TRUE(it.next(r));
  EXPECT_EQ(r.rdata.data(), p.b.data() + p.b.size() - 4);
  EXPECT_EQ(r.offset, 12u);
  EXPECT_EQ(r.ttl, 60u);
}

TEST(RecordIterator, BufferTooSmall) {
  Pkt p;
  p.counts(0, 1, 0, 0).name("example").rr(rrtype::NS, 1, 60, Pkt{Bytes{}}.labels("ns").ptr(12).b);
  MessageInfo info;
  ASSERT_EQ(parse_message(p.span(), info), ParseError::kOk);
  std::uint8_t small[5];
  RecordIterator it(p.span(), info, small);  // ns.example. is 12 octets
  Record r;
  EXPECT_FALSE(it.next(r));
  EXPECT_EQ(it.error(), ParseError::kBufferTooSmall);
  EXPECT_FALSE(it.next(r));  // stays failed
}

TEST(RecordIterator, WalksAllSectionsInOrder) {
  Pkt p;
  p.counts(1, 1, 2, 1).question("a.example");
  std::size_t an = p.here();
  p.ptr(12).rr(rrtype::A, 1, 1, {1, 2, 3, 4});
  std::size_t ns1 = p.here();
  p.name("example").rr(rrtype::NS, 1, 2, Pkt{Bytes{}}.labels("ns").ptr(ns1).b);
  p.ptr(ns1).rr(rrtype::NS, 1, 2, wire_name("ns2.example.net"));
  std::size_t opt = p.here();
  p.raw({0}).rr(rrtype::OPT, 1232, 0, {});
  MessageInfo info;
  ASSERT_EQ(parse_message(p.span(), info), ParseError::kOk);
  EXPECT_EQ(info.section_offset[1], an);
  EXPECT_EQ(info.section_offset[2], ns1);
  EXPECT_EQ(info.section_offset[3], opt);
  EXPECT_TRUE(info.has_edns);
  EXPECT_EQ(info.opt_offset, opt);
  EXPECT_EQ(all_records(p.span(), info),
            "answer a.example. 1 1 1 01020304\n"
            "authority example. 2 1 2 026e73076578616d706c6500\n"
            "authority example. 2 1 2 036e7332076578616d706c65036e657400\n"
            "additional . 41 1232 0 ");
}

TEST(RecordIterator, EmptyUpdateRdataIsNotExpanded) {
  // RFC 2136 §2.5.2: "delete an RRset" is class ANY with no RDATA, whatever the type.
  Pkt p;
  p.counts(1, 0, 2, 0).question("example", rrtype::SOA);
  p.labels("www").ptr(12).rr(rrtype::MX, rrclass::ANY, 0, {});
  p.labels("ftp").ptr(12).rr(rrtype::CNAME, rrclass::NONE, 0, {});
  MessageInfo info;
  ASSERT_EQ(parse_message(p.span(), info), ParseError::kOk);
  EXPECT_EQ(all_records(p.span(), info),
            "authority www.example. 15 255 0 \nauthority ftp.example. 5 254 0 ");
  // With class IN the same empty MX RDATA is malformed.
  Pkt q;
  q.counts(0, 1, 0, 0).name("example").rr(rrtype::MX, 1, 0, {});
  EXPECT_EQ(parse(q), ParseError::kRdataLength);
}

// ----- malformed messages -----

TEST(Malformed, TruncatedHeader) {
  Bytes b(11, 0);
  MessageInfo info;
  EXPECT_EQ(parse_message({b.data(), 0}, info), ParseError::kTruncatedHeader);
  EXPECT_EQ(parse_message(b, info), ParseError::kTruncatedHeader);
  EXPECT_FALSE(header_readable(ParseError::kTruncatedHeader));
  b.push_back(0);
  EXPECT_EQ(parse_message(b, info), ParseError::kOk);  // a bare header is a message
  EXPECT_FALSE(info.has_question);
}

TEST(Malformed, TooLong) {
  Bytes b(kMaxMessageSize + 1, 0);
  MessageInfo info;
  EXPECT_EQ(parse_message(b, info), ParseError::kMessageTooLong);
}

TEST(Malformed, QuestionCut) {
  Pkt name_cut;
  name_cut.counts(1, 0, 0, 0).labels("www").labels("exa");
  EXPECT_EQ(parse(name_cut), ParseError::kTruncated);
  Pkt type_cut;
  type_cut.counts(1, 0, 0, 0).name("www.example").raw({0, 1, 0});
  MessageInfo info;
  EXPECT_EQ(parse_message(type_cut.span(), info), ParseError::kTruncated);
  EXPECT_FALSE(info.has_question);
}

TEST(Malformed, CountsLargerThanThePacket) {
  Pkt p;
  p.id(77).counts(1, 65535, 0, 0).question("example");
  MessageInfo info;
  EXPECT_EQ(parse_message(p.span(), info), ParseError::kCountsTooLarge);
  EXPECT_EQ(info.header.id, 77);  // FORMERR can still be sent
  Pkt q;                          // one record more than present, within the cheap bound
  q.counts(0, 2, 0, 0)
      .name("example")
      .rr(rrtype::A, 1, 0, {1, 2, 3, 4})
      .raw({0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  EXPECT_EQ(parse(q), ParseError::kTruncated);
  Pkt qd;
  qd.counts(3, 0, 0, 0).question("a").question("b");
  EXPECT_EQ(parse(qd), ParseError::kCountsTooLarge);
}

TEST(Malformed, RecordFixedPartCut) {
  Pkt p;
  p.counts(0, 1, 0, 0).name("example").raw({0, 1, 0, 1, 0});  // 5 of the 10 octets
  EXPECT_EQ(parse(p), ParseError::kTruncated);
}

TEST(Malformed, RdlengthPastTheEnd) {
  Pkt p;
  p.counts(0, 1, 0, 0).name("example").rr_len(rrtype::A, 1, 0, 10, {1, 2, 3, 4});
  EXPECT_EQ(parse(p), ParseError::kRdataPastEnd);
}

TEST(Malformed, RdataShorterOrLongerThanItsFields) {
  Bytes mx = Pkt{Bytes{}}.u16(10).name("mail.example").b;
  Pkt ok;
  ok.counts(0, 1, 0, 0).name("example").rr(rrtype::MX, 1, 0, mx);
  EXPECT_EQ(parse(ok), ParseError::kOk);
  // RDLENGTH one short: the exchange name runs past the RDATA.
  Pkt shorter;
  shorter.counts(0, 1, 0, 0).name("example");
  shorter.rr_len(rrtype::MX, 1, 0, static_cast<int>(mx.size() - 1), mx);  // root left over
  EXPECT_EQ(parse(shorter), ParseError::kRdataLength);
  // An extra octet after the name inside RDLENGTH.
  Bytes longer = mx;
  longer.push_back(0);
  Pkt p;
  p.counts(0, 1, 0, 0).name("example").rr(rrtype::MX, 1, 0, longer);
  EXPECT_EQ(parse(p), ParseError::kRdataLength);
  // SOA with 19 instead of 20 octets of numbers.
  Bytes soa = Pkt{Bytes{}}.name("ns").name("host").b;
  soa.insert(soa.end(), 19, 0);
  Pkt s;
  s.counts(0, 1, 0, 0).name("example").rr(rrtype::SOA, 1, 0, soa);
  EXPECT_EQ(parse(s), ParseError::kRdataLength);
  // NAPTR whose character-string length runs past RDLENGTH.
  Pkt n;
  n.counts(0, 1, 0, 0).name("example").rr(rrtype::NAPTR, 1, 0, {0, 1, 0, 1, 9, 'S'});
  EXPECT_EQ(parse(n), ParseError::kRdataLength);
}

TEST(Malformed, RdataThatRdataIsValidRejects) {
  Pkt a;
  a.counts(0, 1, 0, 0).name("example").rr(rrtype::A, 1, 0, {1, 2, 3});
  EXPECT_EQ(parse(a), ParseError::kBadRdata);
  Pkt aaaa;
  aaaa.counts(0, 1, 0, 0).name("example").rr(rrtype::AAAA, 1, 0, Bytes(15, 0));
  EXPECT_EQ(parse(aaaa), ParseError::kBadRdata);
  Pkt unknown;  // RFC 3597: unknown types are opaque
  unknown.counts(0, 1, 0, 0).name("example").rr(65280, 1, 0, {1, 2, 3});
  EXPECT_EQ(parse(unknown), ParseError::kOk);
}

TEST(Malformed, BadNamesInRdata) {
  Pkt p;  // NS whose target points at itself (12 + 9 + 10 = 31)
  p.counts(0, 1, 0, 0).name("example").rr(rrtype::NS, 1, 0, {0xC0, 31});
  EXPECT_EQ(parse(p), ParseError::kPointerNotBackward);
  Pkt q;  // CNAME with an extended label type
  q.counts(0, 1, 0, 0).name("example").rr(rrtype::CNAME, 1, 0, {0x41, 0});
  EXPECT_EQ(parse(q), ParseError::kBadLabelType);
  Pkt h;  // PTR pointing into the header
  h.counts(0, 1, 0, 0).name("example").rr(rrtype::PTR, 1, 0, {0xC0, 2});
  EXPECT_EQ(parse(h), ParseError::kPointerIntoHeader);
}

TEST(Malformed, BadOwnerNames) {
  Pkt loop;
  loop.counts(0, 1, 0, 0).ptr(12).rr(rrtype::A, 1, 0, {1, 2, 3, 4});
  EXPECT_EQ(parse(loop), ParseError::kPointerNotBackward);
  Pkt q;
  q.counts(1, 0, 0, 0).ptr(0x3000).u16(1).u16(1);
  EXPECT_EQ(parse(q), ParseError::kPointerPastEnd);
}

TEST(Malformed, TrailingData) {
  Pkt p;
  p.id(9).counts(1, 0, 0, 0).question("example").raw({0});
  MessageInfo info;
  EXPECT_EQ(parse_message(p.span(), info), ParseError::kTrailingData);
  EXPECT_TRUE(header_readable(ParseError::kTrailingData));
  EXPECT_EQ(info.header.id, 9);
  EXPECT_TRUE(info.has_question);
  EXPECT_EQ(to_text(info.question.name), "example.");
}

// ----- OPT -----

TEST(Opt, ParsedFromTheAdditionalSection) {
  Pkt p;
  p.counts(1, 0, 0, 1)
      .question("example")
      .raw({0})
      .rr(rrtype::OPT, 4096, 0x00008000u, Pkt{Bytes{}}.u16(10).u16(8).u32(1).u32(2).b);
  MessageInfo info;
  ASSERT_EQ(parse_message(p.span(), info), ParseError::kOk);
  ASSERT_TRUE(info.has_edns);
  EXPECT_EQ(info.edns.udp_size, 4096);
  EXPECT_TRUE(info.edns.dnssec_ok());
  EXPECT_EQ(to_hex(info.edns.cookie), "0000000100000002");
}

TEST(Opt, Twice) {
  Pkt p;
  p.counts(1, 0, 0, 2).question("example").raw({0}).rr(rrtype::OPT, 1232, 0, {});
  p.raw({0}).rr(rrtype::OPT, 1232, 0, {});
  MessageInfo info;
  EXPECT_EQ(parse_message(p.span(), info), ParseError::kDuplicateOpt);
  EXPECT_TRUE(info.has_question);  // a FORMERR can echo the question
}

TEST(Opt, OwnerNotRoot) {
  Pkt p;
  p.counts(1, 0, 0, 1).question("example").ptr(12).rr(rrtype::OPT, 1232, 0, {});
  EXPECT_EQ(parse(p), ParseError::kOptOwnerNotRoot);
}

TEST(Opt, OutsideTheAdditionalSection) {
  Pkt an;
  an.counts(1, 1, 0, 0).question("example").raw({0}).rr(rrtype::OPT, 1232, 0, {});
  EXPECT_EQ(parse(an), ParseError::kOptNotInAdditional);
  Pkt ns;
  ns.counts(1, 0, 1, 0).question("example").raw({0}).rr(rrtype::OPT, 1232, 0, {});
  EXPECT_EQ(parse(ns), ParseError::kOptNotInAdditional);
}

TEST(Opt, BadOptionsAndCookie) {
  Pkt framing;
  framing.counts(1, 0, 0, 1).question("example").raw({0}).rr(rrtype::OPT, 1232, 0, {0, 3, 0, 5, 1});
  EXPECT_EQ(parse(framing), ParseError::kBadOptOptions);
  Pkt cookie;
  cookie.counts(1, 0, 0, 1)
      .question("example")
      .raw({0})
      .rr(rrtype::OPT, 1232, 0, {0, 10, 0, 5, 1, 2, 3, 4, 5});
  EXPECT_EQ(parse(cookie), ParseError::kBadCookie);
}

// ----- TSIG -----

Bytes tsig_rdata(std::size_t mac_size = 32, int other_len = 0) {
  Pkt r;
  r.b.clear();
  r.name("hmac-sha256").u16(0).u32(1700000000).u16(300).u16(static_cast<int>(mac_size));
  r.bytes(Bytes(mac_size, 0xAA)).u16(0x1234).u16(18).u16(other_len);
  r.bytes(Bytes(static_cast<std::size_t>(other_len), 0x55));
  return r.b;
}

TEST(Tsig, ParsedAsTheLastRecord) {
  Pkt p;
  p.id(0x1234).counts(1, 0, 0, 2).question("example", rrtype::AXFR);
  p.raw({0}).rr(rrtype::OPT, 1232, 0, {});
  std::size_t at = p.here();
  p.labels("key").ptr(12).rr(rrtype::TSIG, rrclass::ANY, 0, tsig_rdata(32, 6));
  MessageInfo info;
  ASSERT_EQ(parse_message(p.span(), info), ParseError::kOk);
  ASSERT_TRUE(info.has_tsig);
  EXPECT_EQ(info.tsig.offset, at);
  EXPECT_EQ(to_text(info.tsig.key_name), "key.example.");
  EXPECT_EQ(to_text(info.tsig.algorithm), "hmac-sha256.");
  EXPECT_EQ(info.tsig.time_signed, 1700000000u);
  EXPECT_EQ(info.tsig.fudge, 300);
  EXPECT_EQ(info.tsig.mac.size(), 32u);
  EXPECT_EQ(info.tsig.mac[0], 0xAA);
  EXPECT_EQ(info.tsig.original_id, 0x1234);
  EXPECT_EQ(info.tsig.error, 18);  // BADTIME
  EXPECT_EQ(info.tsig.other_data.size(), 6u);
}

TEST(Tsig, FortyEightBitTime) {
  Pkt p;
  Bytes rd = tsig_rdata(0);
  std::size_t time_at = wire_name("hmac-sha256").size();
  rd[time_at] = 0x01;  // 2^40 + ...
  rd[time_at + 1] = 0x02;
  p.counts(0, 0, 0, 1).name("key").rr(rrtype::TSIG, rrclass::ANY, 0, rd);
  MessageInfo info;
  ASSERT_EQ(parse_message(p.span(), info), ParseError::kOk);
  EXPECT_EQ(info.tsig.time_signed, (0x0102ull << 32) | 1700000000u);
  EXPECT_TRUE(info.tsig.mac.empty());
}

TEST(Tsig, NotLast) {
  Pkt p;
  p.counts(1, 0, 0, 2).question("example");
  p.name("key").rr(rrtype::TSIG, rrclass::ANY, 0, tsig_rdata());
  p.raw({0}).rr(rrtype::OPT, 1232, 0, {});
  EXPECT_EQ(parse(p), ParseError::kTsigNotLast);
  Pkt an;  // in the answer section
  an.counts(1, 1, 0, 0)
      .question("example")
      .name("key")
      .rr(rrtype::TSIG, rrclass::ANY, 0, tsig_rdata());
  EXPECT_EQ(parse(an), ParseError::kTsigNotLast);
}

TEST(Tsig, Twice) {
  Pkt p;
  p.counts(1, 0, 0, 2).question("example");
  p.name("key").rr(rrtype::TSIG, rrclass::ANY, 0, tsig_rdata());
  p.name("key").rr(rrtype::TSIG, rrclass::ANY, 0, tsig_rdata());
  EXPECT_EQ(parse(p), ParseError::kDuplicateTsig);
}

TEST(Tsig, ClassMustBeAny) {
  Pkt p;
  p.counts(1, 0, 0, 1).question("example").name("key").rr(rrtype::TSIG, 1, 0, tsig_rdata());
  EXPECT_EQ(parse(p), ParseError::kTsigBadClass);
}

TEST(Tsig, MalformedRdata) {
  Bytes good = tsig_rdata(16, 2);
  for (std::size_t n = 0; n < good.size(); ++n) {  // every shorter RDATA
    Pkt p;
    p.counts(0, 0, 0, 1)
        .name("key")
        .rr(rrtype::TSIG, rrclass::ANY, 0, {good.begin(), good.begin() + long(n)});
    EXPECT_EQ(parse(p), ParseError::kBadTsig) << n;
  }
  Bytes longer = good;
  longer.push_back(0);
  Pkt p;
  p.counts(0, 0, 0, 1).name("key").rr(rrtype::TSIG, rrclass::ANY, 0, longer);
  EXPECT_EQ(parse(p), ParseError::kBadTsig);
  // A compressed algorithm name (BIND refuses it too).
  Pkt c;
  c.counts(1, 0, 0, 1).question("hmac-sha256");
  Bytes rd = Pkt{Bytes{}}.ptr(12).u16(0).u32(0).u16(300).u16(0).u16(0).u16(0).u16(0).b;
  c.name("key").rr(rrtype::TSIG, rrclass::ANY, 0, rd);
  EXPECT_EQ(parse(c), ParseError::kBadTsig);
}

TEST(ParseError, EveryCodeHasAName) {
  for (int e = 0; e <= static_cast<int>(ParseError::kBufferTooSmall); ++e)
    EXPECT_STRNE(to_string(static_cast<ParseError>(e)), "unknown error") << e;
}

TEST(Questions, NoneOrSeveral) {
  Pkt none;  // RFC 7873 §5.4: a query with only a cookie has no question
  none.counts(0, 0, 0, 1)
      .raw({0})
      .rr(rrtype::OPT, 1232, 0, Pkt{Bytes{}}.u16(10).u16(8).u32(7).u32(8).b);
  MessageInfo info;
  ASSERT_EQ(parse_message(none.span(), info), ParseError::kOk);
  EXPECT_FALSE(info.has_question);
  EXPECT_EQ(info.edns.cookie.size(), 8u);
  Pkt two;
  two.counts(2, 0, 0, 0)
      .question("first.example", rrtype::MX)
      .labels("second")
      .ptr(18)
      .u16(1)
      .u16(1);
  ASSERT_EQ(parse_message(two.span(), info), ParseError::kOk);
  EXPECT_EQ(to_text(info.question.name), "first.example.");
  EXPECT_EQ(info.question.type, rrtype::MX);
}

// ----- the fuzz corpus, replayed through the fuzz target's checks -----

TEST(FuzzCorpus, ReplaysCleanly) {
  std::filesystem::path dir =
      std::filesystem::path(ZONED_TEST_DATA) / ".." / "fuzz" / "corpus" / "message";
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::FILE* f = std::fopen(entry.path().c_str(), "rb");
    ASSERT_NE(f, nullptr) << entry.path();
    Bytes data(kMaxMessageSize + 1);
    std::size_t n = std::fread(data.data(), 1, data.size(), f);
    std::fclose(f);
    SCOPED_TRACE(entry.path().filename().string());
    EXPECT_EQ(LLVMFuzzerTestOneInput(data.data(), n), 0);
    ++files;
  }
  EXPECT_GE(files, 12u);
}

}  // namespace
}  // namespace zoned::wire
