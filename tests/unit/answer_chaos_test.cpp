// Class CH (chaos.cpp): id.server/hostname.bind and version.server/version.bind as NSD
// answers them (TXT, TTL 0, not authoritative, owner as the client spelled it, nothing in
// the authority section), hide-identity/hide-version and every other CH question REFUSED.
#include <gtest/gtest.h>

#include <string>

#include "answer_test_util.h"

namespace zoned::test {
namespace {

namespace rrtype = wire::rrtype;
using wire::Rcode;

server::AnswerOptions chaos_options(bool hide_identity = false, bool hide_version = false) {
  server::AnswerOptions o;
  o.chaos.identity = "ns1.example";
  o.chaos.version = "zoned 0.1.0";
  o.chaos.hide_identity = hide_identity;
  o.chaos.hide_version = hide_version;
  return o;
}

Response ask_chaos(const std::string& name, std::uint16_t type = rrtype::TXT,
                   server::AnswerOptions options = chaos_options(), bool edns = false) {
  Query q{.name = name, .type = type, .cls = wire::rrclass::CH, .edns = edns};
  q.options = options;
  return ask(q);
}

TEST(AnswerChaos, IdentityNamesGiveTheIdentity) {
  for (const char* name : {"id.server.", "hostname.bind."}) {
    Response r = ask_chaos(name);
    EXPECT_EQ(r.rcode, Rcode::kNoError) << name;
    EXPECT_FALSE(r.aa) << name;
    EXPECT_EQ(r.answer, std::vector<std::string>{std::string(name) + " 0 TXT \"ns1.example\""});
    EXPECT_TRUE(r.authority.empty());
    EXPECT_TRUE(r.additional.empty());
    EXPECT_EQ(r.info.header.ancount, 1u);
  }
}

TEST(AnswerChaos, VersionNamesGiveTheVersion) {
  for (const char* name : {"version.server.", "version.bind."}) {
    Response r = ask_chaos(name);
    EXPECT_EQ(r.rcode, Rcode::kNoError) << name;
    EXPECT_FALSE(r.aa);
    EXPECT_EQ(r.answer, std::vector<std::string>{std::string(name) + " 0 TXT \"zoned 0.1.0\""});
  }
}

TEST(AnswerChaos, RecordIsClassChWithTtlZero) {
  Response r = ask_chaos("version.bind.");
  std::vector<std::uint8_t> buffer(wire::kMaxRdataLength);
  wire::RecordIterator it(r.wire, r.info, buffer);
  wire::Record rec;
  ASSERT_TRUE(it.next(rec));
  EXPECT_EQ(rec.section, wire::Section::kAnswer);
  EXPECT_EQ(rec.cls, wire::rrclass::CH);
  EXPECT_EQ(rec.ttl, 0u);
  EXPECT_EQ(rec.type, rrtype::TXT);
}

TEST(AnswerChaos, OwnerKeepsTheClientsCase) {
  Response r = ask_chaos("ID.Server.");
  EXPECT_EQ(r.rcode, Rcode::kNoError);
  EXPECT_EQ(r.answer, std::vector<std::string>{"ID.Server. 0 TXT \"ns1.example\""});
}

TEST(AnswerChaos, AnyGivesTheTxt) {
  Response r = ask_chaos("hostname.bind.", rrtype::ANY);
  EXPECT_EQ(r.rcode, Rcode::kNoError);
  EXPECT_EQ(r.answer, std::vector<std::string>{"hostname.bind. 0 TXT \"ns1.example\""});
}

TEST(AnswerChaos, OtherTypesAreRefused) {
  for (std::uint16_t type : {rrtype::A, rrtype::SOA, rrtype::NS, rrtype::AXFR}) {
    Response r = ask_chaos("version.server.", type);
    EXPECT_EQ(r.rcode, Rcode::kRefused) << type;
    EXPECT_TRUE(r.answer.empty());
    EXPECT_EQ(r.question.size(), 1u);
  }
}

TEST(AnswerChaos, OtherNamesAreRefused) {
  for (const char* name : {"foo.bind.", "server.", ".", "id.server.example.", "authors.bind.",
                           "www.answer.example."}) {
    Response r = ask_chaos(name);
    EXPECT_EQ(r.rcode, Rcode::kRefused) << name;
    EXPECT_FALSE(r.aa);
    EXPECT_TRUE(r.answer.empty()) << name;
    EXPECT_EQ(r.question.size(), 1u);  // echoed, as NSD
  }
}

TEST(AnswerChaos, HiddenIdentityIsRefusedVersionStillAnswers) {
  const server::AnswerOptions o = chaos_options(true, false);
  EXPECT_EQ(ask_chaos("id.server.", rrtype::TXT, o).rcode, Rcode::kRefused);
  EXPECT_EQ(ask_chaos("hostname.bind.", rrtype::ANY, o).rcode, Rcode::kRefused);
  EXPECT_TRUE(ask_chaos("id.server.", rrtype::TXT, o).answer.empty());
  EXPECT_EQ(ask_chaos("version.bind.", rrtype::TXT, o).rcode, Rcode::kNoError);
}

TEST(AnswerChaos, HiddenVersionIsRefusedIdentityStillAnswers) {
  const server::AnswerOptions o = chaos_options(false, true);
  EXPECT_EQ(ask_chaos("version.server.", rrtype::TXT, o).rcode, Rcode::kRefused);
  EXPECT_EQ(ask_chaos("version.bind.", rrtype::TXT, o).rcode, Rcode::kRefused);
  EXPECT_EQ(ask_chaos("id.server.", rrtype::TXT, o).rcode, Rcode::kNoError);
}

TEST(AnswerChaos, EdnsQueryGetsOpt) {
  Response r = ask_chaos("id.server.", rrtype::TXT, chaos_options(), true);
  EXPECT_EQ(r.rcode, Rcode::kNoError);
  EXPECT_TRUE(r.info.has_edns);
  EXPECT_EQ(r.answer.size(), 1u);
  Response refused = ask_chaos("nothing.bind.", rrtype::TXT, chaos_options(), true);
  EXPECT_EQ(refused.rcode, Rcode::kRefused);
  EXPECT_TRUE(refused.info.has_edns);
}

TEST(AnswerChaos, EmptyAndLongTexts) {
  server::AnswerOptions o = chaos_options();
  o.chaos.identity = "";
  EXPECT_EQ(ask_chaos("id.server.", rrtype::TXT, o).answer,
            std::vector<std::string>{"id.server. 0 TXT \"\""});
  const std::string long_text(300, 'x');  // a host name is not checked: cut to 255
  o.chaos.identity = long_text;
  Response r = ask_chaos("id.server.", rrtype::TXT, o);
  ASSERT_EQ(r.answer.size(), 1u);
  EXPECT_EQ(r.answer[0], "id.server. 0 TXT \"" + std::string(255, 'x') + "\"");
}

TEST(AnswerChaos, OtherClassesStillRefused) {
  Query q{.name = "id.server.", .type = rrtype::TXT, .cls = wire::rrclass::HS};
  q.options = chaos_options();
  EXPECT_EQ(ask(q).rcode, Rcode::kRefused);
  // And class IN never reaches the CHAOS answers.
  q.cls = wire::rrclass::IN;
  Response r = ask(q);
  EXPECT_EQ(r.rcode, Rcode::kRefused);
  EXPECT_TRUE(r.answer.empty());
}

}  // namespace
}  // namespace zoned::test
