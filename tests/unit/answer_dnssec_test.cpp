// Pre-signed DNSSEC answers (RFC 4035 §3.1, RFC 5155 §7.2) on the two signed test zones,
// with and without DO. Expected record sets are what Knot 3.2 answers; RRSIGs are compared
// by owner, TTL and covered type, NSEC3 records by owner and TTL.
#include <gtest/gtest.h>

#include "answer_test_util.h"

namespace zoned::test {
namespace {

using V = std::vector<std::string>;
namespace rrtype = wire::rrtype;
using wire::Rcode;

struct Case {
  const char* label;
  std::string qname;
  std::uint16_t qtype;
  Rcode rcode;
  bool aa;
  V answer, authority, additional;
};

class SignedAnswers : public ::testing::TestWithParam<Case> {};

TEST_P(SignedAnswers, MatchKnot) {
  const Case& c = GetParam();
  Response r = ask({.name = c.qname, .type = c.qtype, .edns = true, .dnssec_ok = true});
  EXPECT_EQ(r.rcode, c.rcode);
  EXPECT_EQ(r.aa, c.aa);
  EXPECT_FALSE(r.tc);
  EXPECT_TRUE(r.info.edns.dnssec_ok());
  EXPECT_EQ(r.answer, sorted(c.answer));
  EXPECT_EQ(r.authority, sorted(c.authority));
  EXPECT_EQ(r.additional, sorted(c.additional));
}

// Without DO the same questions get no RRSIG, NSEC or NSEC3 at all.
TEST_P(SignedAnswers, NothingDnssecWithoutDo) {
  const Case& c = GetParam();
  Response r = ask({.name = c.qname, .type = c.qtype, .edns = true});
  EXPECT_EQ(r.rcode, c.rcode);
  EXPECT_EQ(r.aa, c.aa);
  for (const V* section : {&r.answer, &r.authority, &r.additional})
    for (const std::string& rr : *section) {
      if (c.qtype == rrtype::NSEC || c.qtype == rrtype::RRSIG) continue;
      EXPECT_EQ(rr.find(" RRSIG "), std::string::npos) << rr;
      EXPECT_EQ(rr.find(" NSEC "), std::string::npos) << rr;
      EXPECT_EQ(rr.find(" NSEC3"), rr.find(" NSEC3PARAM")) << rr;
    }
}

std::string sig(const std::string& owner, int ttl, const std::string& type) {
  return owner + " " + std::to_string(ttl) + " RRSIG " + type;
}

// ----- NSEC -----

const std::string N = "signed-nsec.example.";
const std::string kNsecSoa =
    N + " 300 SOA ns1." + N + " hostmaster." + N + " 1 7200 3600 1209600 300";
const V kNsecNeg = {kNsecSoa, sig(N, 300, "SOA")};

V nsec(const std::string& owner, const std::string& rdata) {
  return {owner + " 300 NSEC " + rdata, sig(owner, 300, "NSEC")};
}
V cat(std::initializer_list<V> parts) {
  V out;
  for (const V& p : parts)
    out.insert(out.end(), p.begin(), p.end());
  return out;
}

INSTANTIATE_TEST_SUITE_P(
    Nsec, SignedAnswers,
    ::testing::Values(
        Case{"positive",
             "www." + N,
             rrtype::A,
             Rcode::kNoError,
             true,
             {"www." + N + " 3600 A 192.0.2.80", sig("www." + N, 3600, "A")},
             {},
             {}},
        Case{"nxdomain",
             "nope." + N,
             rrtype::A,
             Rcode::kNxDomain,
             true,
             {},
             cat({kNsecNeg, nsec("mail." + N, "ns1." + N + " A AAAA RRSIG NSEC"),
                  nsec(N, "alias." + N + " NS SOA MX RRSIG NSEC DNSKEY")}),
             {}},
        Case{"nodata",
             "www." + N,
             rrtype::MX,
             Rcode::kNoError,
             true,
             {},
             cat({kNsecNeg, nsec("www." + N, N + " A RRSIG NSEC")}),
             {}},
        Case{"wildcard_answer",
             "x.wild." + N,
             rrtype::TXT,
             Rcode::kNoError,
             true,
             {"x.wild." + N + " 3600 TXT \"wildcard\"", sig("x.wild." + N, 3600, "TXT")},
             nsec("*.wild." + N, "www." + N + " TXT RRSIG NSEC"),
             {}},
        Case{"wildcard_nodata",
             "x.wild." + N,
             rrtype::A,
             Rcode::kNoError,
             true,
             {},
             cat({kNsecNeg, nsec("*.wild." + N, "www." + N + " TXT RRSIG NSEC")}),
             {}},
        Case{"empty_non_terminal",
             "b.c." + N,
             rrtype::A,
             Rcode::kNoError,
             true,
             {},
             cat({kNsecNeg, nsec("alias." + N, "a.b.c." + N + " CNAME RRSIG NSEC")}),
             {}},
        Case{"insecure_referral",
             "host.sub." + N,
             rrtype::A,
             Rcode::kNoError,
             false,
             {},
             cat({{"sub." + N + " 3600 NS ns.sub." + N},
                  nsec("sub." + N, "*.wild." + N + " NS RRSIG NSEC")}),
             {"ns.sub." + N + " 3600 A 192.0.2.53"}},
        Case{"secure_referral",
             "host.secure." + N,
             rrtype::A,
             Rcode::kNoError,
             false,
             {},
             {"secure." + N + " 3600 NS ns.secure." + N,
              "secure." + N +
                  " 3600 DS 12345 13 2 "
                  "0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6",
              sig("secure." + N, 3600, "DS")},
             {"ns.secure." + N + " 3600 A 192.0.2.54"}},
        Case{"no_ds_at_insecure_cut",
             "sub." + N,
             rrtype::DS,
             Rcode::kNoError,
             true,
             {},
             cat({kNsecNeg, nsec("sub." + N, "*.wild." + N + " NS RRSIG NSEC")}),
             {}},
        Case{"cname",
             "alias." + N,
             rrtype::A,
             Rcode::kNoError,
             true,
             {"alias." + N + " 3600 CNAME www." + N, sig("alias." + N, 3600, "CNAME"),
              "www." + N + " 3600 A 192.0.2.80", sig("www." + N, 3600, "A")},
             {},
             {}},
        Case{"any",
             N,
             rrtype::ANY,
             Rcode::kNoError,
             true,
             {N + " 3600 NS ns1." + N, N + " 3600 NS ns2." + N, sig(N, 3600, "NS")},
             {},
             {}},
        Case{"nsec_query",
             "www." + N,
             rrtype::NSEC,
             Rcode::kNoError,
             true,
             nsec("www." + N, N + " A RRSIG NSEC"),
             {},
             {}},
        // The first signed set's signatures only, as Knot answers (NSD gives them all).
        Case{"rrsig_query",
             "www." + N,
             rrtype::RRSIG,
             Rcode::kNoError,
             true,
             {sig("www." + N, 3600, "A")},
             {},
             {}}),
    [](const auto& info) { return std::string(info.param.label); });

// ----- NSEC3 -----

const std::string Z = "signed-nsec3.example.";
const std::string kNsec3Soa =
    Z + " 300 SOA ns1." + Z + " hostmaster." + Z + " 1 7200 3600 1209600 300";
const V kNsec3Neg = {kNsec3Soa, sig(Z, 300, "SOA")};

V nsec3(const std::string& hash) {
  const std::string owner = hash + "." + Z;
  return {owner + " 300 NSEC3", sig(owner, 300, "NSEC3")};
}
// The hashes of the names the proofs need (salt AABBCCDD, 1 iteration).
const V kApex = nsec3("PEM7AEVN9CFHTNBLRGCF3US2M4RGQH3K");            // matches the apex
const V kCoversNope = nsec3("H4RAA2PE4RJM9S3863LDS4PV1848P9K8");      // covers nope.
const V kCoversApexWild = nsec3("M00U8SJH2V9SU96P7HE0J9THPT452DS4");  // covers *.apex
const V kCoversSub = nsec3("RA2MD8NM0FUH429O8F0K1LPQRSA01347");       // opt-out, covers sub.

INSTANTIATE_TEST_SUITE_P(
    Nsec3, SignedAnswers,
    ::testing::Values(Case{"positive",
                           "www." + Z,
                           rrtype::A,
                           Rcode::kNoError,
                           true,
                           {"www." + Z + " 3600 A 192.0.2.80", sig("www." + Z, 3600, "A")},
                           {},
                           {}},
                      Case{"nxdomain",
                           "nope." + Z,
                           rrtype::A,
                           Rcode::kNxDomain,
                           true,
                           {},
                           cat({kNsec3Neg, kApex, kCoversNope, kCoversApexWild}),
                           {}},
                      Case{"nxdomain_deeper",
                           "a.nope." + Z,
                           rrtype::A,
                           Rcode::kNxDomain,
                           true,
                           {},
                           cat({kNsec3Neg, kApex, kCoversNope, kCoversApexWild}),
                           {}},
                      Case{"nodata",
                           "www." + Z,
                           rrtype::MX,
                           Rcode::kNoError,
                           true,
                           {},
                           cat({kNsec3Neg, nsec3("RA2MD8NM0FUH429O8F0K1LPQRSA01347")}),
                           {}},
                      Case{"wildcard_answer",
                           "x.wild." + Z,
                           rrtype::TXT,
                           Rcode::kNoError,
                           true,
                           {"x.wild." + Z + " 3600 TXT \"wildcard\"",
                            sig("x.wild." + Z, 3600, "TXT")},
                           nsec3("8MJVDAHIMU7TDSMHIEKCAGR4T6EBL8RJ"),
                           {}},
                      Case{"wildcard_nodata",
                           "x.wild." + Z,
                           rrtype::A,
                           Rcode::kNoError,
                           true,
                           {},
                           cat({kNsec3Neg, nsec3("8MJVDAHIMU7TDSMHIEKCAGR4T6EBL8RJ"),
                                nsec3("60MBOLVPPNMSM80JD3037V64MLMFRL7V")}),
                           {}},
                      Case{"empty_non_terminal",
                           "b.c." + Z,
                           rrtype::A,
                           Rcode::kNoError,
                           true,
                           {},
                           cat({kNsec3Neg, nsec3("M00U8SJH2V9SU96P7HE0J9THPT452DS4")}),
                           {}},
                      Case{"opt_out_referral",
                           "host.sub." + Z,
                           rrtype::A,
                           Rcode::kNoError,
                           false,
                           {},
                           cat({{"sub." + Z + " 3600 NS ns.sub." + Z}, kApex, kCoversSub}),
                           {"ns.sub." + Z + " 3600 A 192.0.2.53"}},
                      Case{"secure_referral",
                           "host.secure." + Z,
                           rrtype::A,
                           Rcode::kNoError,
                           false,
                           {},
                           {"secure." + Z + " 3600 NS ns.secure." + Z,
                            "secure." + Z +
                                " 3600 DS 12345 13 2 "
                                "0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6",
                            sig("secure." + Z, 3600, "DS")},
                           {"ns.secure." + Z + " 3600 A 192.0.2.54"}},
                      Case{"no_ds_at_opt_out_cut",
                           "sub." + Z,
                           rrtype::DS,
                           Rcode::kNoError,
                           true,
                           {},
                           cat({kNsec3Neg, kApex, kCoversSub}),
                           {}},
                      Case{"ds_below_opt_out_cut_refers",
                           "x.y.sub." + Z,
                           rrtype::DS,
                           Rcode::kNoError,
                           false,
                           {},
                           cat({{"sub." + Z + " 3600 NS ns.sub." + Z}, kApex, kCoversSub}),
                           {"ns.sub." + Z + " 3600 A 192.0.2.53"}},
                      Case{"nsec3_owner_is_not_a_name",
                           "60mbolvppnmsm80jd3037v64mlmfrl7v." + Z,
                           rrtype::NSEC3,
                           Rcode::kNxDomain,
                           true,
                           {},
                           cat({kNsec3Neg, kApex, kCoversSub, kCoversApexWild}),
                           {}},
                      Case{"nsec3param",
                           Z,
                           rrtype::NSEC3PARAM,
                           Rcode::kNoError,
                           true,
                           {Z + " 0 NSEC3PARAM 1 0 1 AABBCCDD", sig(Z, 0, "NSEC3PARAM")},
                           {},
                           {}}),
    [](const auto& info) { return std::string(info.param.label); });

// RFC 4035 §3.1.1: signatures that do not fit in the answer or authority section set TC;
// the RRset they sign stays, as Knot sends it.
TEST(SignedTruncation, AnswerSignaturesThatDoNotFitSetTc) {
  const std::string name = "www.signed-nsec.example.";
  Response unsigned_size = ask({.name = name, .edns = true});
  ASSERT_EQ(unsigned_size.answer.size(), 1u);
  Response r =
      ask({.name = name, .edns = true, .dnssec_ok = true, .max_size = unsigned_size.size + 20});
  EXPECT_TRUE(r.tc);
  EXPECT_EQ(r.answer, V{name + " 3600 A 192.0.2.80"});
  Response whole = ask({.name = name, .edns = true, .dnssec_ok = true});
  EXPECT_FALSE(whole.tc);
  EXPECT_EQ(whole.answer.size(), 2u);
}

// In the additional section they are just left out: no TC for them (RFC 4035 §3.1.1).
TEST(SignedTruncation, AdditionalSignaturesThatDoNotFitAreLeftOut) {
  const std::string apex = "signed-nsec.example.";
  Query q{.name = apex, .type = rrtype::MX, .edns = true, .dnssec_ok = true};
  q.options.minimal_responses = false;
  Response whole = ask(q);
  ASSERT_EQ(
      whole.additional,
      sorted({"mail." + apex + " 3600 A 192.0.2.25", sig("mail." + apex, 3600, "A"),
              "mail." + apex + " 3600 AAAA 2001:db8::25", sig("mail." + apex, 3600, "AAAA")}));
  // Room for everything but the AAAA's signature.
  q.max_size = whole.size - 10;
  Response r = ask(q);
  EXPECT_FALSE(r.tc);
  EXPECT_EQ(r.answer, whole.answer);
  EXPECT_EQ(r.additional,
            sorted({"mail." + apex + " 3600 A 192.0.2.25", sig("mail." + apex, 3600, "A"),
                    "mail." + apex + " 3600 AAAA 2001:db8::25"}));
}

}  // namespace
}  // namespace zoned::test
