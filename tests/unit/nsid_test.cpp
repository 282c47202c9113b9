// NSID (RFC 5001): our NSID goes back in the OPT only to a query whose OPT carries an
// empty NSID option, on every kind of response that has an OPT (answers, referrals,
// REFUSED, NOTIMP, CHAOS, refuse-any), never on BADVERS, and never at the cost of the answer.
// Writing it allocates nothing.
#include <gtest/gtest.h>

#include <cstdlib>
#include <new>
#include <optional>
#include <string>

#include "answer_test_util.h"
#include "wire/edns.h"

#include "allocation_counter.h"

namespace zoned::test {
namespace {

namespace rrtype = wire::rrtype;
using wire::Rcode;

const std::vector<std::uint8_t> kOurNsid = {'n', 's', '1', '-', 'a', 'm', 's'};

enum class Ask { kNoEdns, kEdnsOnly, kEmptyNsid, kNsidWithData };

struct NsidQuery {
  std::string name = "www.answer.example.";
  std::uint16_t type = rrtype::A;
  std::uint16_t cls = wire::rrclass::IN;
  Ask ask = Ask::kEmptyNsid;
  std::uint8_t version = 0;
  wire::Opcode opcode = wire::Opcode::kQuery;
  std::size_t max_size = 1232;
  bool tcp = false;
  bool refuse_any = false;
  std::span<const std::uint8_t> nsid = kOurNsid;
};

std::vector<std::uint8_t> make_nsid_query(const NsidQuery& q) {
  std::vector<std::uint8_t> buf(512);
  wire::MessageBuilder b(buf, buf.size());
  b.header().id = 0x5001;
  b.header().set_opcode(q.opcode);
  b.add_question(name_of(q.name), q.type, q.cls);
  if (q.ask != Ask::kNoEdns) {
    static const std::uint8_t kData[] = {'x', 'y'};
    wire::EdnsOption option{wire::edns_option::NSID, {}};
    if (q.ask == Ask::kNsidWithData) option.data = kData;
    wire::OptRecord opt;
    opt.version = q.version;
    if (q.ask != Ask::kEdnsOnly) opt.options = {&option, 1};
    b.add_opt(opt);
  }
  std::span<const std::uint8_t> m = b.finish();
  return {m.begin(), m.end()};
}

struct NsidResponse {
  Response response;
  std::optional<std::vector<std::uint8_t>> nsid;  // the NSID option's data, when present
};

NsidResponse ask_nsid(const NsidQuery& q) {
  const std::vector<std::uint8_t> query = make_nsid_query(q);
  wire::MessageInfo info;
  EXPECT_EQ(wire::parse_message(query, info), wire::ParseError::kOk);
  server::AnswerOptions options;
  options.nsid = q.nsid;
  options.tcp = q.tcp;
  options.refuse_any = q.refuse_any;
  options.chaos.identity = "ns1";
  options.chaos.version = "v";
  std::vector<std::uint8_t> out(65535);
  const std::size_t n = server::answer_query(test_zones(), query, info, options, q.max_size, out);
  EXPECT_LE(n, q.max_size);
  NsidResponse r;
  r.response = parse_response({out.data(), n});
  wire::EdnsOptionView found;
  if (r.response.info.has_edns &&
      wire::find_option(r.response.info.edns.options, wire::edns_option::NSID, found))
    r.nsid = std::vector<std::uint8_t>(found.data.begin(), found.data.end());
  return r;
}

TEST(Nsid, SentWhenAskedWithAnEmptyOption) {
  NsidResponse r = ask_nsid({});
  EXPECT_EQ(r.response.rcode, Rcode::kNoError);
  EXPECT_FALSE(r.response.answer.empty());
  ASSERT_TRUE(r.nsid);
  EXPECT_EQ(*r.nsid, kOurNsid);
}

TEST(Nsid, NotSentUnlessAsked) {
  EXPECT_FALSE(ask_nsid({.ask = Ask::kNoEdns}).response.info.has_edns);
  NsidResponse plain = ask_nsid({.ask = Ask::kEdnsOnly});
  EXPECT_TRUE(plain.response.info.has_edns);
  EXPECT_FALSE(plain.nsid);
  // RFC 5001 §2.1: the request carries an empty option; one with data is not a request.
  EXPECT_FALSE(ask_nsid({.ask = Ask::kNsidWithData}).nsid);
}

TEST(Nsid, NotSentWhenNoneConfigured) {
  NsidResponse r = ask_nsid({.nsid = {}});
  EXPECT_TRUE(r.response.info.has_edns);
  EXPECT_FALSE(r.nsid);
}

TEST(Nsid, SentOnEveryKindOfResponse) {
  // Referral, NXDOMAIN, not our zone, other opcode, CHAOS answer and CHAOS REFUSED, AXFR
  // over UDP, refuse-any.
  const NsidQuery queries[] = {
      {.name = "www.sub.answer.example."},
      {.name = "nothing-here.answer.example."},
      {.name = "example.org."},
      {.opcode = wire::Opcode::kStatus},
      {.name = "id.server.", .type = rrtype::TXT, .cls = wire::rrclass::CH},
      {.name = "foo.bind.", .type = rrtype::TXT, .cls = wire::rrclass::CH},
      {.type = rrtype::AXFR},
      {.type = rrtype::ANY, .refuse_any = true},
  };
  for (const NsidQuery& q : queries) {
    NsidResponse r = ask_nsid(q);
    ASSERT_TRUE(r.nsid) << q.name << " " << q.type;
    EXPECT_EQ(*r.nsid, kOurNsid);
  }
}

TEST(Nsid, SentBesideAnExtendedError) {
  NsidResponse r = ask_nsid({.name = "example.org."});  // REFUSED with EDE 20
  ASSERT_TRUE(r.nsid);
  EXPECT_EQ(*r.nsid, kOurNsid);
  wire::MessageInfo info;  // from the response's copy: its `info` points at a freed buffer
  ASSERT_EQ(wire::parse_message(r.response.wire, info), wire::ParseError::kOk);
  wire::EdnsOptionView ede;
  EXPECT_TRUE(wire::find_option(info.edns.options, wire::edns_option::EDE, ede));
}

TEST(Nsid, NotOnBadvers) {
  NsidResponse r = ask_nsid({.version = 1});
  EXPECT_EQ(r.response.rcode, Rcode::kBadVers);
  EXPECT_FALSE(r.nsid);
}

TEST(Nsid, TooLargeNsidIsDroppedNotTheAnswer) {
  const std::vector<std::uint8_t> big(600, 'n');
  NsidResponse r = ask_nsid({.max_size = 512, .nsid = big});
  EXPECT_EQ(r.response.rcode, Rcode::kNoError);
  EXPECT_FALSE(r.response.answer.empty());
  EXPECT_TRUE(r.response.info.has_edns);
  EXPECT_FALSE(r.nsid);
  // With room for it, it is sent.
  NsidResponse roomy = ask_nsid({.max_size = 4096, .nsid = big});
  ASSERT_TRUE(roomy.nsid);
  EXPECT_EQ(*roomy.nsid, big);
}

TEST(Nsid, AnsweringAllocatesNothing) {
  const std::vector<std::uint8_t> query = make_nsid_query({});
  const std::vector<std::uint8_t> chaos =
      make_nsid_query({.name = "id.server.", .type = rrtype::TXT, .cls = wire::rrclass::CH});
  wire::MessageInfo info, chaos_info;
  ASSERT_EQ(wire::parse_message(query, info), wire::ParseError::kOk);
  ASSERT_EQ(wire::parse_message(chaos, chaos_info), wire::ParseError::kOk);
  server::AnswerOptions options;
  options.nsid = kOurNsid;
  options.chaos.identity = "ns1";
  std::vector<std::uint8_t> out(65535);
  (void)test_zones();
  g_allocations = 0;
  g_counting = true;
  const std::size_t n = server::answer_query(test_zones(), query, info, options, 1232, out);
  const std::size_t m = server::answer_query(test_zones(), chaos, chaos_info, options, 1232, out);
  g_counting = false;
  EXPECT_GT(n, 0u);
  EXPECT_GT(m, 0u);
  EXPECT_EQ(g_allocations, 0);
}

}  // namespace
}  // namespace zoned::test
