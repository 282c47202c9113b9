// What answer_query() does before and around the zone data: opcodes, question counts,
// classes, transfers, EDNS (BADVERS, OPT echo, DO), truncation, refuse-any, garbage, case,
// and that answering never allocates.
#include <gtest/gtest.h>

#include <cstdlib>
#include <new>

#include "answer_test_util.h"

#include "allocation_counter.h"

namespace zoned::test {
namespace {

namespace rrtype = wire::rrtype;
using wire::Rcode;

TEST(AnswerProtocol, OtherOpcodesAreNotImplemented) {
  Query q{.name = "www.answer.example."};
  q.opcode = wire::Opcode::kStatus;
  Response r = ask(q);
  EXPECT_EQ(r.rcode, Rcode::kNotImp);
  EXPECT_EQ(r.info.header.opcode(), wire::Opcode::kStatus);
  EXPECT_FALSE(r.aa);
  EXPECT_EQ(r.question.size(), 1u);  // echoed, as Knot does
  EXPECT_TRUE(r.answer.empty());
}

std::vector<std::uint8_t> with_qdcount(std::vector<std::uint8_t> m, std::uint16_t n) {
  wire::store_u16(m.data() + 4, n);
  return m;
}

Response answer_raw(const std::vector<std::uint8_t>& query) {
  std::vector<std::uint8_t> out(4096);
  wire::MessageInfo info;
  wire::ParseError e = wire::parse_message(query, info);
  std::size_t n = e == wire::ParseError::kOk
                      ? server::answer_query(test_zones(), query, info, {}, 512, out)
                      : server::answer_unparsable(query, e, out);
  return parse_response({out.data(), n});
}

TEST(AnswerProtocol, QuestionCountOtherThanOneIsFormErr) {
  std::vector<std::uint8_t> q = make_query({.name = "www.answer.example."});
  Response none = answer_raw(with_qdcount({q.begin(), q.begin() + 12}, 0));
  EXPECT_EQ(none.rcode, Rcode::kFormErr);
  EXPECT_EQ(none.size, 12u);
  std::vector<std::uint8_t> two = q;
  two.insert(two.end(), q.begin() + 12, q.end());
  Response r = answer_raw(with_qdcount(two, 2));
  EXPECT_EQ(r.rcode, Rcode::kFormErr);
  EXPECT_EQ(r.info.header.qdcount, 0u);
}

TEST(AnswerProtocol, GarbageGetsFormErrWithItsId) {
  const std::vector<std::uint8_t> garbage = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0xff};
  std::vector<std::uint8_t> out(512);
  wire::MessageInfo info;
  wire::ParseError e = wire::parse_message(garbage, info);
  ASSERT_NE(e, wire::ParseError::kOk);
  std::size_t n = server::answer_unparsable(garbage, e, out);
  ASSERT_EQ(n, 12u);
  wire::Header h = wire::Header::read(out.data());
  EXPECT_EQ(h.id, 0x1234);
  EXPECT_TRUE(h.has(wire::flag::QR));
  EXPECT_TRUE(h.has(wire::flag::RD));
  EXPECT_EQ(h.rcode_bits(), 1);
  EXPECT_EQ(server::answer_unparsable({garbage.data(), 5}, wire::ParseError::kTruncatedHeader, out),
            0u);
}

TEST(AnswerProtocol, ResponsesAreNeverAnswered) {
  std::vector<std::uint8_t> q = make_query({.name = "www.answer.example."});
  q[2] |= 0x80;
  wire::MessageInfo info;
  ASSERT_EQ(wire::parse_message(q, info), wire::ParseError::kOk);
  std::vector<std::uint8_t> out(512);
  EXPECT_EQ(server::answer_query(test_zones(), q, info, {}, 512, out), 0u);
}

TEST(AnswerProtocol, ClassesOtherThanInAreRefused) {
  Response ch = ask({.name = "www.answer.example.", .cls = wire::rrclass::CH});
  EXPECT_EQ(ch.rcode, Rcode::kRefused);
  EXPECT_FALSE(ch.aa);
  Response any = ask({.name = "www.answer.example.", .cls = wire::rrclass::ANY});
  EXPECT_EQ(any.rcode, Rcode::kNoError);
  EXPECT_EQ(any.answer.size(), 2u);
}

TEST(AnswerProtocol, TransfersAreNotAnsweredYet) {
  EXPECT_EQ(ask({.name = "answer.example.", .type = rrtype::AXFR}).rcode, Rcode::kNotImp);
  Query tcp{.name = "answer.example.", .type = rrtype::AXFR};
  tcp.options.tcp = true;
  EXPECT_EQ(ask(tcp).rcode, Rcode::kRefused);
  EXPECT_EQ(ask({.name = "answer.example.", .type = rrtype::IXFR}).rcode, Rcode::kRefused);
}

TEST(AnswerProtocol, NamesOutsideOurZonesAreRefused) {
  Response r = ask({.name = "www.nowhere.test."});
  EXPECT_EQ(r.rcode, Rcode::kRefused);
  EXPECT_FALSE(r.aa);
  EXPECT_EQ(r.question, std::vector<std::string>{"www.nowhere.test. A"});
}

TEST(AnswerProtocol, EdnsIsAnsweredWithOurSize) {
  Response r = ask({.name = "www.answer.example.", .edns = true, .edns_size = 4096});
  ASSERT_TRUE(r.info.has_edns);
  EXPECT_EQ(r.info.edns.udp_size, 1232);
  EXPECT_FALSE(r.info.edns.dnssec_ok());
  Response d = ask({.name = "www.answer.example.", .edns = true, .dnssec_ok = true});
  EXPECT_TRUE(d.info.edns.dnssec_ok());
  Response plain = ask({.name = "www.answer.example."});
  EXPECT_FALSE(plain.info.has_edns);
}

TEST(AnswerProtocol, UnknownEdnsVersionIsBadVers) {
  Response r = ask({.name = "www.answer.example.", .edns = true, .edns_version = 1});
  EXPECT_EQ(r.rcode, Rcode::kBadVers);
  EXPECT_TRUE(r.info.has_edns);
  EXPECT_EQ(r.info.edns.version, 0);
  EXPECT_TRUE(r.answer.empty());
  EXPECT_FALSE(r.aa);
  EXPECT_EQ(r.question.size(), 1u);
}

TEST(AnswerProtocol, QuestionAndOwnerKeepTheClientsCase) {
  Response r = ask({.name = "WwW.AnSwEr.ExAmPlE."});
  EXPECT_EQ(r.question, std::vector<std::string>{"WwW.AnSwEr.ExAmPlE. A"});
  EXPECT_EQ(r.answer, sorted({"WwW.AnSwEr.ExAmPlE. 3600 A 192.0.2.80",
                              "WwW.AnSwEr.ExAmPlE. 3600 A 192.0.2.81"}));
}

TEST(AnswerProtocol, AnswerThatDoesNotFitIsTruncated) {
  Response r = ask({.name = "big.answer.example.", .type = rrtype::TXT});
  EXPECT_TRUE(r.tc);
  EXPECT_TRUE(r.aa);
  EXPECT_TRUE(r.answer.empty());
  EXPECT_LE(r.size, 512u);
  Response e =
      ask({.name = "big.answer.example.", .type = rrtype::TXT, .edns = true, .edns_size = 512});
  EXPECT_TRUE(e.tc);
  EXPECT_TRUE(e.info.has_edns);  // OPT space is kept
  Response big = ask({.name = "big.answer.example.", .type = rrtype::TXT, .edns = true});
  EXPECT_FALSE(big.tc);
  EXPECT_EQ(big.answer.size(), 8u);
  Query tcp{.name = "big.answer.example.", .type = rrtype::TXT};
  tcp.options.tcp = true;
  tcp.max_size = 65535;
  EXPECT_EQ(ask(tcp).answer.size(), 8u);
}

// RFC 9471: glue for name servers below the cut must fit, or the referral is truncated.
TEST(AnswerProtocol, ReferralWithoutRoomForInDomainGlueIsTruncated) {
  Response r = ask({.name = "manyns.answer.example."});
  EXPECT_TRUE(r.tc);
  EXPECT_FALSE(r.aa);
  EXPECT_EQ(r.authority.size(), 6u);
  EXPECT_LT(r.additional.size(), 6u);
  Response e = ask({.name = "manyns.answer.example.", .edns = true});
  EXPECT_FALSE(e.tc);
  EXPECT_EQ(e.additional.size(), 6u);
}

// Sibling glue is only a help: missing it never truncates.
TEST(AnswerProtocol, SiblingGlueIsOptional) {
  Query q{.name = "host.sub.answer.example."};
  Response full = ask(q);
  ASSERT_EQ(full.additional.size(), 3u);
  // Room for the in-domain glue but not the sibling's A.
  q.max_size = full.size - 10;
  Response r = ask(q);
  EXPECT_FALSE(r.tc);
  EXPECT_EQ(r.additional, sorted({"ns.sub.answer.example. 3600 A 192.0.2.53",
                                  "ns.sub.answer.example. 3600 AAAA 2001:db8::53"}));
}

TEST(AnswerProtocol, RefuseAnyTruncatesOverUdpOnly) {
  Query q{.name = "answer.example.", .type = rrtype::ANY};
  q.options.refuse_any = true;
  Response r = ask(q);
  EXPECT_TRUE(r.tc);
  EXPECT_EQ(r.rcode, Rcode::kNoError);
  EXPECT_EQ(r.info.header.qdcount, 0u);  // as NSD: the header alone
  q.options.tcp = true;
  q.max_size = 65535;
  Response t = ask(q);
  EXPECT_FALSE(t.tc);
  EXPECT_EQ(t.answer.size(), 2u);
}

TEST(AnswerProtocol, TinyBufferDropsRatherThanOverflows) {
  std::vector<std::uint8_t> q = make_query({.name = "www.answer.example."});
  wire::MessageInfo info;
  ASSERT_EQ(wire::parse_message(q, info), wire::ParseError::kOk);
  std::vector<std::uint8_t> out(20);
  EXPECT_EQ(server::answer_query(test_zones(), q, info, {}, 512, out), 0u);
}

// The hot path allocates nothing, whatever the kind of answer.
TEST(AnswerProtocol, AnsweringDoesNotAllocate) {
  const std::vector<Query> queries = {
      {.name = "www.answer.example."},
      {.name = "nope.answer.example."},
      {.name = "host.sub.answer.example."},
      {.name = "alias2.answer.example."},
      {.name = "a.indname.answer.example."},
      {.name = "x.cwild.answer.example."},
      {.name = "nope.signed-nsec.example.", .edns = true, .dnssec_ok = true},
      {.name = "nope.signed-nsec3.example.", .edns = true, .dnssec_ok = true},
      {.name = "x.wild.signed-nsec3.example.", .edns = true, .dnssec_ok = true},
      {.name = "host.sub.signed-nsec3.example.", .edns = true, .dnssec_ok = true},
      {.name = "www.nowhere.test."},
  };
  const zone::ZoneSet& zones = test_zones();
  std::vector<std::uint8_t> out(65535);
  for (const Query& q : queries) {
    std::vector<std::uint8_t> query = make_query(q);
    wire::MessageInfo info;
    ASSERT_EQ(wire::parse_message(query, info), wire::ParseError::kOk);
    g_allocations = 0;
    g_counting = true;
    std::size_t n = server::answer_query(zones, query, info, {}, 1232, out);
    g_counting = false;
    EXPECT_GT(n, 0u) << q.name;
    EXPECT_EQ(g_allocations, 0) << q.name;
  }
}

}  // namespace
}  // namespace zoned::test
