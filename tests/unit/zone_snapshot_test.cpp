// The query-time snapshot: exact lookups, empty non-terminals, cuts and what they occlude,
// wildcards, canonical order and NSEC links, NSEC3 hashing and chains.
#include "zone/zone_snapshot.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "wire/rrtype.h"
#include "zone/nsec3_hash.h"
#include "zone/zone_loader.h"
#include "zone/zone_lookup.h"

namespace zoned::zone {
namespace {

namespace rrtype = wire::rrtype;

wire::Name name_of(const std::string& text) {
  wire::Name n;
  EXPECT_EQ(wire::parse_name(text, nullptr, n), wire::NameTextError::kOk) << text;
  return n;
}

std::shared_ptr<const ZoneSnapshot> load(const std::string& apex, const std::string& file) {
  // The contents go out of scope before the snapshot is used: it must own everything.
  ZoneContents contents(name_of(apex));
  LoadResult r = load_zone_file(std::string(ZONED_TEST_DATA) + "/zones/" + file, contents,
                                [](const std::string&) {});
  EXPECT_EQ(r.errors, 0u);
  return build_snapshot(contents);
}

const ZoneSnapshot& answer_zone() {
  static auto z = load("answer.example.", "answer/answer.example.zone");
  return *z;
}

std::uint32_t find(const ZoneSnapshot& z, const std::string& name) {
  return z.find(name_of(name));
}

TEST(ZoneSnapshot, ApexSerialAndNegativeTtl) {
  const ZoneSnapshot& z = answer_zone();
  EXPECT_EQ(wire::to_text(snapshot_apex(z)), "answer.example.");
  EXPECT_EQ(snapshot_serial(z), 2024010101u);
  EXPECT_EQ(z.negative_ttl(), 300u);  // min(SOA TTL 3600, MINIMUM 300)
  EXPECT_EQ(find(z, "answer.example."), ZoneSnapshot::kApexNode);
  EXPECT_TRUE(z.node(ZoneSnapshot::kApexNode).has(node_flag::kApex));
  EXPECT_FALSE(z.node(ZoneSnapshot::kApexNode).has(node_flag::kDelegation));
}

TEST(ZoneSnapshot, ExactMatchIsCaseInsensitive) {
  const ZoneSnapshot& z = answer_zone();
  std::uint32_t n = find(z, "WWW.Answer.Example.");
  ASSERT_NE(n, kNoNode);
  RrsetView a = z.find_rrset(z.node(n), rrtype::A);
  ASSERT_TRUE(a.valid());
  EXPECT_EQ(a.records().size(), 2u);
  EXPECT_EQ(a.ttl(), 3600u);
  EXPECT_TRUE(z.find_rrset(z.node(n), rrtype::TXT).valid());
  EXPECT_FALSE(z.find_rrset(z.node(n), rrtype::MX).valid());
  EXPECT_EQ(find(z, "nope.answer.example."), kNoNode);
}

TEST(ZoneSnapshot, EmptyNonTerminalsExist) {
  const ZoneSnapshot& z = answer_zone();
  for (const char* ent : {"c.answer.example.", "b.c.answer.example.", "deep.answer.example.",
                          "ent.deep.answer.example.", "_tcp.answer.example."}) {
    std::uint32_t n = find(z, ent);
    ASSERT_NE(n, kNoNode) << ent;
    EXPECT_TRUE(z.node(n).has(node_flag::kEmpty)) << ent;
  }
  EXPECT_TRUE(z.node(find(z, "ent.deep.answer.example.")).has(node_flag::kWildcardChild));
}

TEST(ZoneSnapshot, CutsAndOccludedNames) {
  const ZoneSnapshot& z = answer_zone();
  EXPECT_TRUE(z.node(find(z, "sub.answer.example.")).has(node_flag::kDelegation));
  EXPECT_TRUE(z.node(find(z, "ns.sub.answer.example.")).has(node_flag::kBelowRedirect));
  EXPECT_FALSE(z.node(find(z, "sub.answer.example.")).has(node_flag::kBelowRedirect));
  EXPECT_TRUE(z.node(find(z, "dname.answer.example.")).has(node_flag::kDname));
}

TEST(ZoneSnapshot, LookupKinds) {
  const ZoneSnapshot& z = answer_zone();
  auto kind = [&](const std::string& n, bool ds = false) {
    return lookup_name(z, name_of(n), ds).kind;
  };
  EXPECT_EQ(kind("www.answer.example."), LookupKind::kFound);
  EXPECT_EQ(kind("b.c.answer.example."), LookupKind::kFound);
  EXPECT_EQ(kind("sub.answer.example."), LookupKind::kDelegation);
  EXPECT_EQ(kind("sub.answer.example.", true), LookupKind::kFound);
  EXPECT_EQ(kind("a.b.sub.answer.example."), LookupKind::kDelegation);
  EXPECT_EQ(kind("ns.sub.answer.example."), LookupKind::kDelegation);
  EXPECT_EQ(kind("x.dname.answer.example."), LookupKind::kDname);
  EXPECT_EQ(kind("x.wild.answer.example."), LookupKind::kWildcard);
  EXPECT_EQ(kind("exists.wild.answer.example."), LookupKind::kFound);
  EXPECT_EQ(kind("q.ent.deep.answer.example."), LookupKind::kWildcard);
  EXPECT_EQ(kind("nope.answer.example."), LookupKind::kNxDomain);
  Lookup l = lookup_name(z, name_of("x.y.b.c.answer.example."), false);
  EXPECT_EQ(l.kind, LookupKind::kNxDomain);
  EXPECT_EQ(wire::to_text(z.name(l.encloser)), "b.c.answer.example.");
  Lookup cut = lookup_name(z, name_of("host.sub.answer.example."), false);
  EXPECT_EQ(wire::to_text(z.name(cut.node)), "sub.answer.example.");
}

TEST(ZoneSnapshot, NodesAreInCanonicalOrder) {
  const ZoneSnapshot& z = answer_zone();
  for (std::uint32_t i = 1; i < z.node_count(); ++i)
    EXPECT_LT(wire::canonical_compare(z.name(i - 1), z.name(i)), 0) << wire::to_text(z.name(i));
}

TEST(ZoneSnapshot, NsecCoveringFindsThePredecessorWithAnNsec) {
  auto z = load("signed-nsec.example.", "signed-nsec.example.zone");
  auto covering = [&](const std::string& n) {
    return wire::to_text(z->name(nsec_covering(*z, name_of(n))));
  };
  EXPECT_EQ(covering("nope.signed-nsec.example."), "mail.signed-nsec.example.");
  EXPECT_EQ(covering("*.signed-nsec.example."), "signed-nsec.example.");
  EXPECT_EQ(covering("b.c.signed-nsec.example."), "alias.signed-nsec.example.");
  EXPECT_EQ(covering("zzz.signed-nsec.example."), "www.signed-nsec.example.");
}

// RFC 5155 Appendix A.
TEST(Nsec3Hash, MatchesRfc5155Vectors) {
  const std::uint8_t salt[] = {0xaa, 0xbb, 0xcc, 0xdd};
  auto hashed = [&](const std::string& n) {
    Sha1Digest d = nsec3_hash(name_of(n), salt, 12);
    std::string text = "0123456789abcdefghijklmnopqrstuv";
    std::string out;
    std::uint64_t acc = 0;
    int bits = 0;
    for (std::uint8_t b : d) {
      acc = (acc << 8) | b;
      bits += 8;
      while (bits >= 5) {
        bits -= 5;
        out += text[(acc >> bits) & 31];
      }
    }
    return out;
  };
  EXPECT_EQ(hashed("example."), "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom");
  EXPECT_EQ(hashed("a.example."), "35mthgpgcu1qg68fab165klnsnk3dpvl");
  EXPECT_EQ(hashed("A.EXAMPLE."), "35mthgpgcu1qg68fab165klnsnk3dpvl");
}

TEST(Nsec3Hash, Sha1KnownAnswer) {
  const std::string abc = "abc";
  Sha1Digest d = sha1({reinterpret_cast<const std::uint8_t*>(abc.data()), abc.size()});
  EXPECT_EQ(d[0], 0xa9);
  EXPECT_EQ(d[19], 0x9d);
}

TEST(Nsec3Hash, Base32HexRejectsBadText) {
  std::uint8_t out[20];
  const std::string bad = "0p9mhaveqvm6t7vbl5lop2u3t2rp3toz";
  EXPECT_EQ(base32hex_decode({reinterpret_cast<const std::uint8_t*>(bad.data()), bad.size()}, out),
            0u);
  const std::string good = "0P9MHAVEQVM6T7VBL5LOP2U3T2RP3TOM";
  EXPECT_EQ(
      base32hex_decode({reinterpret_cast<const std::uint8_t*>(good.data()), good.size()}, out),
      20u);
}

TEST(ZoneSnapshot, Nsec3ChainIsSeparateFromTheNames) {
  auto z = load("signed-nsec3.example.", "signed-nsec3.example.zone");
  ASSERT_TRUE(z->has_nsec3());
  EXPECT_EQ(z->nsec3_params().iterations, 1);
  EXPECT_EQ(z->nsec3_params().salt_size, 4);
  EXPECT_EQ(z->nsec3_chain().size(), 12u);
  EXPECT_EQ(z->find(name_of("60mbolvppnmsm80jd3037v64mlmfrl7v.signed-nsec3.example.")), kNoNode);
  Nsec3Match apex = nsec3_lookup(*z, name_of("signed-nsec3.example."));
  ASSERT_TRUE(apex.exact);
  EXPECT_EQ(wire::to_text(z->name(z->nsec3_node(apex.node))),
            "PEM7AEVN9CFHTNBLRGCF3US2M4RGQH3K.signed-nsec3.example.");
  const wire::Name sub = name_of("sub.signed-nsec3.example.");  // cpe.encloser points into it
  ClosestProvableEncloser cpe = closest_provable_encloser(*z, sub);
  EXPECT_EQ(wire::to_text(cpe.encloser), "signed-nsec3.example.");
  EXPECT_EQ(wire::to_text(z->name(z->nsec3_node(cpe.next_closer_nsec3))),
            "RA2MD8NM0FUH429O8F0K1LPQRSA01347.signed-nsec3.example.");
}

TEST(ZoneSnapshot, SignaturesSitBesideTheirRrset) {
  auto z = load("signed-nsec.example.", "signed-nsec.example.zone");
  const SnapshotNode& apex = z->node(ZoneSnapshot::kApexNode);
  RrsetView dnskey = z->find_rrset(apex, rrtype::DNSKEY);
  ASSERT_TRUE(dnskey.valid());
  EXPECT_EQ(dnskey.records().size(), 2u);
  EXPECT_EQ(dnskey.signatures().size(), 2u);
  EXPECT_FALSE(z->find_rrset(apex, rrtype::RRSIG).valid());  // no RRSIG RRset of its own
  EXPECT_GT(z->memory_bytes(), 0u);
}

// Everything a query can see of a snapshot, in order: names, flags, parents, RRsets with
// their records and signatures, the NSEC3 chain.
std::string describe(const ZoneSnapshot& z) {
  std::string out;
  auto node = [&](const SnapshotNode& n) {
    out += wire::to_text(z.name(n)) + " " + std::to_string(n.flags) + " " +
           std::to_string(n.parent) + "\n";
    const std::uint8_t* at = n.rrset_count == 0 ? nullptr : z.first_rrset(n).at();
    for (std::uint16_t i = 0; i < n.rrset_count; ++i) {
      const RrsetView r(at);
      at = r.next();
      out += " " + std::to_string(r.type()) + "/" + std::to_string(r.ttl()) + "/" +
             std::to_string(r.sig_ttl());
      for (auto d : r.records())
        out += " " + std::to_string(d.size()) + ":" + std::string(d.begin(), d.end());
      out += " |";
      for (auto d : r.signatures())
        out += " " + std::to_string(d.size()) + ":" + std::string(d.begin(), d.end());
      out += "\n";
    }
  };
  for (std::uint32_t i = 0; i < z.node_count(); ++i) {
    node(z.node(i));
    EXPECT_EQ(z.find(z.name(i)), i) << wire::to_text(z.name(i));
  }
  for (const Nsec3Entry& e : z.nsec3_chain()) {
    out += std::string(e.hash.begin(), e.hash.end());
    node(z.nsec3_node(e.node));
  }
  return out;
}

// A builder that consumes the contents (takes their names over, frees their records as it
// writes them) makes the same snapshot as one that copies.
TEST(ZoneSnapshot, ConsumingBuildMakesTheSameSnapshot) {
  const std::pair<const char*, const char*> zones[] = {
      {"answer.example.", "answer/answer.example.zone"},
      {"signed-nsec.example.", "signed-nsec.example.zone"},
      {"signed-nsec3.example.", "signed-nsec3.example.zone"},
      {"example.com.", "example.com.zone"}};
  for (const auto& [apex, file] : zones) {
    ZoneContents contents(name_of(apex));
    LoadResult r = load_zone_file(std::string(ZONED_TEST_DATA) + "/zones/" + file, contents,
                                  [](const std::string&) {});
    ASSERT_EQ(r.errors, 0u) << file;
    auto copied = build_snapshot(contents);
    auto consumed = build_snapshot(std::move(contents));
    EXPECT_EQ(describe(*copied), describe(*consumed)) << file;
    EXPECT_EQ(consumed->serial(), copied->serial());
    EXPECT_EQ(consumed->negative_ttl(), copied->negative_ttl());
  }
}

// Names arriving in any order, repeated owners, and empty non-terminals several labels
// deep: every node's parent is the node of its parent name.
TEST(ZoneSnapshot, ParentsAndEmptyNonTerminalsFromAnyOrder) {
  ZoneContents contents(name_of("p.example."));
  const std::uint8_t a[4] = {192, 0, 2, 1};
  const char* owners[] = {"z.y.x.w.p.example.", "b.p.example.", "p.example.",
                          "a.b.p.example.",     "B.p.example.", "*.x.w.p.example.",
                          "c.a.q.p.example."};
  for (const char* o : owners)
    contents.add(name_of(o), wire::rrtype::A, 60, a, 0, 1);
  contents.finish();
  auto z = build_snapshot(std::move(contents));
  describe(*z);
  EXPECT_EQ(z->node_count(), 11u);  // 6 names (apex included) + w, x.w, y.x.w, q, a.q
  for (std::uint32_t i = 1; i < z->node_count(); ++i) {
    ASSERT_NE(z->node(i).parent, kNoNode);
    EXPECT_TRUE(wire::equal(z->name(z->node(i).parent), z->name(i).parent()));
    EXPECT_LT(z->node(i).parent, i);
  }
  EXPECT_TRUE(z->node(z->find(name_of("x.w.p.example."))).has(node_flag::kWildcardChild));
  EXPECT_TRUE(z->node(z->find(name_of("q.p.example."))).has(node_flag::kEmpty));
  EXPECT_FALSE(z->node(z->find(name_of("b.p.example."))).has(node_flag::kEmpty));
  EXPECT_EQ(z->find(name_of("nope.p.example.")), kNoNode);
}

}  // namespace
}  // namespace zoned::zone
