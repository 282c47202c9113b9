// RFC 1034 §4.3.2 and its updates, one row per rule, on tests/zones/answer/. Expected
// sections are what Knot 3.2 and NSD 4.6 (minimal-responses) answer for the same zone.
#include <gtest/gtest.h>

#include "answer_test_util.h"

namespace zoned::test {
namespace {

using V = std::vector<std::string>;
namespace rrtype = wire::rrtype;
using wire::Rcode;

const std::string kSoa =
    "answer.example. 300 SOA ns1.answer.example. hostmaster.answer.example. 2024010101 7200 "
    "3600 1209600 300";

struct Case {
  const char* label;
  std::string qname;
  std::uint16_t qtype;
  Rcode rcode;
  bool aa;
  V answer, authority, additional;
};

class AnswerRules : public ::testing::TestWithParam<Case> {};

TEST_P(AnswerRules, MatchesReference) {
  const Case& c = GetParam();
  Query q;
  q.name = c.qname;
  q.type = c.qtype;
  Response r = ask(q);
  EXPECT_EQ(r.rcode, c.rcode);
  EXPECT_EQ(r.aa, c.aa);
  EXPECT_FALSE(r.tc);
  EXPECT_TRUE(r.has(wire::flag::QR));
  EXPECT_TRUE(r.has(wire::flag::RD));  // copied from the query
  EXPECT_FALSE(r.has(wire::flag::RA));
  EXPECT_EQ(r.answer, sorted(c.answer));
  EXPECT_EQ(r.authority, sorted(c.authority));
  EXPECT_EQ(r.additional, sorted(c.additional));
}

const V kWww = {"www.answer.example. 3600 A 192.0.2.80", "www.answer.example. 3600 A 192.0.2.81"};
V with(V a, const V& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

INSTANTIATE_TEST_SUITE_P(
    Positive, AnswerRules,
    ::testing::Values(
        Case{"a_hit", "www.answer.example.", rrtype::A, Rcode::kNoError, true, kWww, {}, {}},
        Case{"apex_mx_minimal_no_additional",
             "answer.example.",
             rrtype::MX,
             Rcode::kNoError,
             true,
             {"answer.example. 3600 MX 10 mail.answer.example.",
              "answer.example. 3600 MX 20 mail.elsewhere.test."},
             {},
             {}},
        Case{"srv",
             "_sip._tcp.answer.example.",
             rrtype::SRV,
             Rcode::kNoError,
             true,
             {"_sip._tcp.answer.example. 3600 SRV 0 5 5060 sip.answer.example."},
             {},
             {}},
        Case{"any_gives_first_rrset",
             "answer.example.",
             rrtype::ANY,
             Rcode::kNoError,
             true,
             {"answer.example. 3600 NS ns1.answer.example.",
              "answer.example. 3600 NS ns2.sibling.answer.example."},
             {},
             {}},
        Case{"any_single_type",
             "www.answer.example.",
             rrtype::ANY,
             Rcode::kNoError,
             true,
             kWww,
             {},
             {}},
        Case{"cname_query_not_followed",
             "alias.answer.example.",
             rrtype::CNAME,
             Rcode::kNoError,
             true,
             {"alias.answer.example. 3600 CNAME www.answer.example."},
             {},
             {}},
        Case{"rrsig_in_unsigned_zone_is_nodata",
             "www.answer.example.",
             rrtype::RRSIG,
             Rcode::kNoError,
             true,
             {},
             {kSoa},
             {}},
        Case{"meta_type_is_nodata",
             "www.answer.example.",
             rrtype::TSIG,
             Rcode::kNoError,
             true,
             {},
             {kSoa},
             {}}),
    [](const auto& info) { return std::string(info.param.label); });

INSTANTIATE_TEST_SUITE_P(
    Chains, AnswerRules,
    ::testing::Values(Case{"cname_chain",
                           "alias2.answer.example.",
                           rrtype::A,
                           Rcode::kNoError,
                           true,
                           with({"alias2.answer.example. 3600 CNAME alias.answer.example.",
                                 "alias.answer.example. 3600 CNAME www.answer.example."},
                                kWww),
                           {},
                           {}},
                      Case{"cname_to_missing_name_is_nxdomain",
                           "dangling.answer.example.",
                           rrtype::A,
                           Rcode::kNxDomain,
                           true,
                           {"dangling.answer.example. 3600 CNAME nothing-here.answer.example."},
                           {kSoa},
                           {}},
                      Case{"cname_out_of_zone_stops",
                           "outside.answer.example.",
                           rrtype::A,
                           Rcode::kNoError,
                           true,
                           {"outside.answer.example. 3600 CNAME www.elsewhere.test."},
                           {},
                           {}},
                      Case{"cname_loop_stops",
                           "loop1.answer.example.",
                           rrtype::A,
                           Rcode::kNoError,
                           true,
                           {"loop1.answer.example. 3600 CNAME loop2.answer.example.",
                            "loop2.answer.example. 3600 CNAME loop1.answer.example."},
                           {},
                           {}},
                      Case{"cname_into_delegation_refers_with_aa",
                           "todeleg.answer.example.",
                           rrtype::A,
                           Rcode::kNoError,
                           true,
                           {"todeleg.answer.example. 3600 CNAME host.sub.answer.example."},
                           {"sub.answer.example. 3600 NS ns.sub.answer.example.",
                            "sub.answer.example. 3600 NS ns2.sibling.answer.example."},
                           {"ns.sub.answer.example. 3600 A 192.0.2.53",
                            "ns.sub.answer.example. 3600 AAAA 2001:db8::53",
                            "ns2.sibling.answer.example. 3600 A 192.0.2.54"}},
                      Case{"cname_to_wildcard",
                           "towild.answer.example.",
                           rrtype::A,
                           Rcode::kNoError,
                           true,
                           {"towild.answer.example. 3600 CNAME x.wild.answer.example.",
                            "x.wild.answer.example. 3600 A 192.0.2.99"},
                           {},
                           {}},
                      Case{"dname_out_of_zone",
                           "foo.dname.answer.example.",
                           rrtype::A,
                           Rcode::kNoError,
                           true,
                           {"dname.answer.example. 3600 DNAME target.example.net.",
                            "foo.dname.answer.example. 3600 CNAME foo.target.example.net."},
                           {},
                           {}},
                      Case{"dname_in_zone_followed_to_nxdomain",
                           "a.indname.answer.example.",
                           rrtype::A,
                           Rcode::kNxDomain,
                           true,
                           {"indname.answer.example. 3600 DNAME www.answer.example.",
                            "a.indname.answer.example. 3600 CNAME a.www.answer.example."},
                           {kSoa},
                           {}},
                      Case{"dname_owner_itself_not_redirected",
                           "dname.answer.example.",
                           rrtype::A,
                           Rcode::kNoError,
                           true,
                           {},
                           {kSoa},
                           {}},
                      Case{"dname_query_at_owner",
                           "dname.answer.example.",
                           rrtype::DNAME,
                           Rcode::kNoError,
                           true,
                           {"dname.answer.example. 3600 DNAME target.example.net."},
                           {},
                           {}},
                      Case{"dname_too_long_is_yxdomain",
                           "xxxxxxxxxxxx.longdname.answer.example.",
                           rrtype::A,
                           Rcode::kYxDomain,
                           true,
                           {"longdname.answer.example. 3600 DNAME "
                            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa."
                            "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb."
                            "ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc."
                            "dddddddddddddddddddddddddddddddddddddddddddddddddd."},
                           {},
                           {}}),
    [](const auto& info) { return std::string(info.param.label); });

INSTANTIATE_TEST_SUITE_P(
    Wildcards, AnswerRules,
    ::testing::Values(Case{"wildcard_answer",
                           "x.wild.answer.example.",
                           rrtype::TXT,
                           Rcode::kNoError,
                           true,
                           {"x.wild.answer.example. 3600 TXT \"wildcard\""},
                           {},
                           {}},
                      Case{"wildcard_deeper_name",
                           "a.b.wild.answer.example.",
                           rrtype::A,
                           Rcode::kNoError,
                           true,
                           {"a.b.wild.answer.example. 3600 A 192.0.2.99"},
                           {},
                           {}},
                      Case{"wildcard_nodata",
                           "x.wild.answer.example.",
                           rrtype::MX,
                           Rcode::kNoError,
                           true,
                           {},
                           {kSoa},
                           {}},
                      Case{"wildcard_cname",
                           "x.cwild.answer.example.",
                           rrtype::A,
                           Rcode::kNoError,
                           true,
                           with({"x.cwild.answer.example. 3600 CNAME www.answer.example."}, kWww),
                           {},
                           {}},
                      Case{"existing_name_blocks_wildcard",
                           "exists.wild.answer.example.",
                           rrtype::TXT,
                           Rcode::kNoError,
                           true,
                           {},
                           {kSoa},
                           {}},
                      Case{"wildcard_under_empty_non_terminal",
                           "y.ent.deep.answer.example.",
                           rrtype::TXT,
                           Rcode::kNoError,
                           true,
                           {"y.ent.deep.answer.example. 3600 TXT \"under ent\""},
                           {},
                           {}},
                      Case{"empty_non_terminal_is_nodata",
                           "ent.deep.answer.example.",
                           rrtype::TXT,
                           Rcode::kNoError,
                           true,
                           {},
                           {kSoa},
                           {}},
                      Case{"empty_non_terminal_two_up",
                           "c.answer.example.",
                           rrtype::A,
                           Rcode::kNoError,
                           true,
                           {},
                           {kSoa},
                           {}},
                      Case{"wildcard_itself_queried",
                           "*.wild.answer.example.",
                           rrtype::TXT,
                           Rcode::kNoError,
                           true,
                           {"*.wild.answer.example. 3600 TXT \"wildcard\""},
                           {},
                           {}}),
    [](const auto& info) { return std::string(info.param.label); });

const V kSubNs = {"sub.answer.example. 3600 NS ns.sub.answer.example.",
                  "sub.answer.example. 3600 NS ns2.sibling.answer.example."};
const V kSubGlue = {"ns.sub.answer.example. 3600 A 192.0.2.53",
                    "ns.sub.answer.example. 3600 AAAA 2001:db8::53",
                    "ns2.sibling.answer.example. 3600 A 192.0.2.54"};

INSTANTIATE_TEST_SUITE_P(
    Referrals, AnswerRules,
    ::testing::Values(Case{"below_cut",
                           "host.sub.answer.example.",
                           rrtype::A,
                           Rcode::kNoError,
                           false,
                           {},
                           kSubNs,
                           kSubGlue},
                      Case{"at_cut_ns",
                           "sub.answer.example.",
                           rrtype::NS,
                           Rcode::kNoError,
                           false,
                           {},
                           kSubNs,
                           kSubGlue},
                      Case{"glue_name_itself_refers",
                           "ns.sub.answer.example.",
                           rrtype::A,
                           Rcode::kNoError,
                           false,
                           {},
                           kSubNs,
                           kSubGlue},
                      Case{"out_of_zone_ns_no_glue",
                           "away.answer.example.",
                           rrtype::A,
                           Rcode::kNoError,
                           false,
                           {},
                           {"away.answer.example. 3600 NS ns.elsewhere.test."},
                           {}},
                      Case{"ds_at_cut_answered_by_parent",
                           "secure.answer.example.",
                           rrtype::DS,
                           Rcode::kNoError,
                           true,
                           {"secure.answer.example. 3600 DS 12345 13 2 "
                            "0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6"},
                           {},
                           {}},
                      Case{"no_ds_at_cut_is_nodata",
                           "sub.answer.example.",
                           rrtype::DS,
                           Rcode::kNoError,
                           true,
                           {},
                           {kSoa},
                           {}},
                      Case{"ds_below_cut_refers",
                           "x.secure.answer.example.",
                           rrtype::DS,
                           Rcode::kNoError,
                           false,
                           {},
                           {"secure.answer.example. 3600 NS ns.secure.answer.example."},
                           {"ns.secure.answer.example. 3600 A 192.0.2.55"}},
                      Case{"any_at_cut_refers",
                           "sub.answer.example.",
                           rrtype::ANY,
                           Rcode::kNoError,
                           false,
                           {},
                           kSubNs,
                           kSubGlue}),
    [](const auto& info) { return std::string(info.param.label); });

INSTANTIATE_TEST_SUITE_P(
    Negative, AnswerRules,
    ::testing::Values(
        Case{"nxdomain", "nope.answer.example.", rrtype::A, Rcode::kNxDomain, true, {}, {kSoa}, {}},
        Case{"nxdomain_deep",
             "a.b.nope.answer.example.",
             rrtype::A,
             Rcode::kNxDomain,
             true,
             {},
             {kSoa},
             {}},
        Case{"nodata", "www.answer.example.", rrtype::MX, Rcode::kNoError, true, {}, {kSoa}, {}},
        Case{"nodata_at_apex",
             "answer.example.",
             rrtype::AAAA,
             Rcode::kNoError,
             true,
             {},
             {kSoa},
             {}},
        Case{"sub_zone_served_separately",
             "ns1.child.answer.example.",
             rrtype::A,
             Rcode::kNoError,
             true,
             {"ns1.child.answer.example. 3600 A 192.0.2.200"},
             {},
             {}},
        Case{"ds_at_child_apex_asks_parent",
             "child.answer.example.",
             rrtype::DS,
             Rcode::kNxDomain,
             true,
             {},
             {kSoa},
             {}},
        Case{"soa_at_child_apex",
             "child.answer.example.",
             rrtype::SOA,
             Rcode::kNoError,
             true,
             {"child.answer.example. 3600 SOA ns1.child.answer.example. "
              "hostmaster.child.answer.example. 1 7200 3600 1209600 600"},
             {},
             {}}),
    [](const auto& info) { return std::string(info.param.label); });

// Without minimal responses, NS, MX and SRV targets in the zone get their addresses.
TEST(AnswerAdditional, NotMinimalAddsTargetAddresses) {
  Query q{.name = "answer.example.", .type = rrtype::MX};
  q.options.minimal_responses = false;
  Response r = ask(q);
  EXPECT_EQ(r.additional, sorted({"mail.answer.example. 3600 A 192.0.2.25",
                                  "mail.answer.example. 3600 AAAA 2001:db8::25"}));
  q.name = "_sip._tcp.answer.example.";
  q.type = rrtype::SRV;
  EXPECT_EQ(ask(q).additional, V{"sip.answer.example. 3600 A 192.0.2.60"});
  q.name = "answer.example.";
  q.type = rrtype::NS;
  EXPECT_EQ(ask(q).additional, sorted({"ns1.answer.example. 3600 A 192.0.2.1",
                                       "ns1.answer.example. 3600 AAAA 2001:db8::1",
                                       "ns2.sibling.answer.example. 3600 A 192.0.2.54"}));
}

TEST(AnswerAdditional, MinimalKeepsAnswerOnly) {
  Query q{.name = "answer.example.", .type = rrtype::NS};
  Response r = ask(q);
  EXPECT_EQ(r.answer.size(), 2u);
  EXPECT_TRUE(r.additional.empty());
}

}  // namespace
}  // namespace zoned::test
