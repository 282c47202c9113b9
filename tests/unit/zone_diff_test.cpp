// Differences between two snapshots of a zone (zone/zone_diff.h), the ZoneDelta they make
// (transfer/zone_delta.h) and the condensation of a chain of deltas (RFC 1995 §5).
#include "zone/zone_diff.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "transfer/delta_apply.h"
#include "transfer/zone_delta.h"
#include "wire/message_header.h"
#include "wire/rrtype.h"
#include "zone/zone_check.h"
#include "zone/zone_cursor.h"
#include "zone/zonefile_parser.h"

namespace zoned::zone {
namespace {

namespace rrtype = wire::rrtype;
using transfer::ZoneDelta;

wire::Name name_of(const std::string& text) {
  wire::Name n;
  EXPECT_EQ(wire::parse_name(text, nullptr, n), wire::NameTextError::kOk) << text;
  return n;
}

class ContentsSink : public RecordSink {
 public:
  explicit ContentsSink(ZoneContents& c) : c_(c) {}
  void record(const ParsedRecord& r) override {
    c_.add(r.owner, r.type, r.ttl, r.rdata, 0, r.where.line);
  }
  void diagnostic(const Diagnostic& d) override {
    if (!d.warning) errors.push_back(d.to_string());
  }
  std::vector<std::string> errors;

 private:
  ZoneContents& c_;
};

std::shared_ptr<const ZoneSnapshot> snapshot(const std::string& apex, const std::string& text) {
  ZoneContents contents(name_of(apex));
  contents.add_file("test.zone");
  ContentsSink sink(contents);
  ZoneFileOptions options;
  options.origin = name_of(apex);
  options.default_ttl = 3600;
  parse_zone_text(text, "test.zone", options, sink);
  EXPECT_TRUE(sink.errors.empty()) << sink.errors.front();
  contents.finish();
  for (const ZoneProblem& p : check_zone(contents))
    EXPECT_TRUE(p.warning) << p.to_string();
  return build_snapshot(std::move(contents));
}

// "owner TYPE ttl rdata-hex", owner lowercased.
std::string key(const ZoneRecord& r) {
  std::uint8_t lower[wire::kMaxNameLength];
  wire::to_lower(r.owner, lower);
  std::string k = wire::to_text(wire::NameView(lower, r.owner.size())) + " " +
                  wire::type_to_text(r.type) + " " + std::to_string(r.ttl);
  if (r.type == rrtype::RRSIG) k += " covers " + wire::type_to_text(wire::load_u16(r.rdata.data()));
  char hex[3];
  k += " ";
  for (std::uint8_t b : r.rdata) {
    std::snprintf(hex, sizeof hex, "%02x", b);
    k += hex;
  }
  return k;
}

std::vector<std::string> keys(const transfer::RrList& list) {
  std::vector<std::string> out;
  for (ZoneRecord r : list)
    out.push_back(key(r));
  std::sort(out.begin(), out.end());
  return out;
}

// Only the owner, type and TTL (and covered type): what most tests look at.
std::vector<std::string> heads(const transfer::RrList& list) {
  std::vector<std::string> out;
  for (std::string k : keys(list))
    out.push_back(k.substr(0, k.rfind(' ')));
  return out;
}

using Strings = std::vector<std::string>;

const char* kBase = R"(
@        SOA   ns1 hostmaster 1 7200 3600 1209600 300
@        NS    ns1
@        NS    ns2
ns1      A     192.0.2.1
ns2      A     192.0.2.2
www      A     192.0.2.80
www      A     192.0.2.81
www      AAAA  2001:db8::80
mail     MX    10 www
a.b.c    TXT   "deep"
sub      NS    ns.sub
ns.sub   A     192.0.2.53
)";

std::string with(const std::string& base, const std::string& extra) {
  return base + extra;
}

std::string without(std::string base, const std::string& line) {
  const std::size_t at = base.find(line);
  EXPECT_NE(at, std::string::npos) << line;
  base.erase(at, line.size() + 1);
  return base;
}

std::string serial(std::string text, int s) {
  const std::string from = "hostmaster 1 ";
  text.replace(text.find(from), from.size(), "hostmaster " + std::to_string(s) + " ");
  return text;
}

ZoneDelta delta(const std::string& apex, const std::string& a, const std::string& b,
                DiffStats* stats = nullptr) {
  auto x = snapshot(apex, a);
  auto y = snapshot(apex, b);
  return transfer::make_delta(*x, *y, stats);
}

TEST(ZoneDiff, SameZoneNoDifference) {
  DiffStats stats;
  ZoneDelta d = delta("d.example.", kBase, kBase, &stats);
  EXPECT_TRUE(d.removed.empty());
  EXPECT_TRUE(d.added.empty());
  EXPECT_EQ(d.old_serial(), 1u);
  EXPECT_EQ(d.new_serial(), 1u);
  EXPECT_EQ(stats.nodes_changed, 0u);
  EXPECT_GT(stats.nodes_compared, 8u);
}

TEST(ZoneDiff, SoaChangeAloneIsNoRecord) {
  ZoneDelta d = delta("d.example.", kBase, serial(kBase, 2));
  EXPECT_TRUE(d.removed.empty());
  EXPECT_TRUE(d.added.empty());
  EXPECT_EQ(d.old_serial(), 1u);
  EXPECT_EQ(d.new_serial(), 2u);
  EXPECT_EQ(d.old_soa.front().type, rrtype::SOA);
  EXPECT_EQ(d.new_soa.size(), 1u);
}

TEST(ZoneDiff, Additions) {
  const std::string b = with(serial(kBase, 2),
                             "www A 192.0.2.82\n"      // to an RRset
                             "www TXT \"new type\"\n"  // a type at a name
                             "new.x.y A 192.0.2.9\n"   // a name (and its empty non-terminals)
                             "zzz A 192.0.2.10\n");    // after every other name
  ZoneDelta d = delta("d.example.", kBase, b);
  EXPECT_TRUE(d.removed.empty());
  EXPECT_EQ(heads(d.added), (Strings{"new.x.y.d.example. A 3600", "www.d.example. A 3600",
                                     "www.d.example. TXT 3600", "zzz.d.example. A 3600"}));
}

TEST(ZoneDiff, Removals) {
  std::string b = without(serial(kBase, 2), "www      A     192.0.2.81");
  b = without(b, "mail     MX    10 www");
  ZoneDelta d = delta("d.example.", kBase, b);
  EXPECT_TRUE(d.added.empty());
  EXPECT_EQ(keys(d.removed).size(), 2u);
  EXPECT_EQ(heads(d.removed), (Strings{"mail.d.example. MX 3600", "www.d.example. A 3600"}));
  EXPECT_NE(keys(d.removed)[1].find("c0000251"), std::string::npos);  // 192.0.2.81
}

TEST(ZoneDiff, NameThatDisappearsEntirely) {
  // a.b.c goes, and with it the empty non-terminals b.c and c (which hold no records).
  ZoneDelta d = delta("d.example.", kBase, without(kBase, "a.b.c    TXT   \"deep\""));
  EXPECT_TRUE(d.added.empty());
  EXPECT_EQ(heads(d.removed), (Strings{"a.b.c.d.example. TXT 3600"}));
  // A delegation with its glue.
  std::string b = without(kBase, "sub      NS    ns.sub");
  b = without(b, "ns.sub   A     192.0.2.53");
  d = delta("d.example.", kBase, b);
  EXPECT_EQ(heads(d.removed), (Strings{"ns.sub.d.example. A 3600", "sub.d.example. NS 3600"}));
}

TEST(ZoneDiff, TtlChangeIsRemovalPlusAddition) {
  std::string b = without(kBase, "www      A     192.0.2.80");
  b = without(b, "www      A     192.0.2.81");
  b += "www 60 A 192.0.2.80\nwww 60 A 192.0.2.81\n";
  ZoneDelta d = delta("d.example.", kBase, b);
  EXPECT_EQ(heads(d.removed), (Strings{"www.d.example. A 3600", "www.d.example. A 3600"}));
  EXPECT_EQ(heads(d.added), (Strings{"www.d.example. A 60", "www.d.example. A 60"}));
}

TEST(ZoneDiff, RrsetsCompareAsSetsAndOwnersIgnoreCase) {
  // The same records in another order, under owners in another case.
  std::string b = without(kBase, "www      A     192.0.2.80");
  b = without(b, "www      A     192.0.2.81");
  b = without(b, "www      AAAA  2001:db8::80");
  b += "WWW AAAA 2001:db8::80\nWwW A 192.0.2.81\nwww A 192.0.2.80\n";
  DiffStats stats;
  ZoneDelta d = delta("d.example.", kBase, b, &stats);
  EXPECT_TRUE(d.removed.empty()) << heads(d.removed)[0];
  EXPECT_TRUE(d.added.empty()) << heads(d.added)[0];
  EXPECT_EQ(stats.nodes_changed, 1u);  // the octets differed; the records did not
}

const char* kSigned = R"(
@    SOA   ns1 hostmaster 1 7200 3600 1209600 300
@    RRSIG SOA 13 2 3600 20360101000000 20260101000000 48565 s.example. AAAA
@    NS    ns1
@    RRSIG NS 13 2 3600 20360101000000 20260101000000 48565 s.example. AAAB
@    NSEC3PARAM 1 0 1 AABBCCDD
ns1  A     192.0.2.1
ns1  RRSIG A 13 3 3600 20360101000000 20260101000000 48565 s.example. AAAC
60MBOLVPPNMSM80JD3037V64MLMFRL7V 300 NSEC3 1 1 1 AABBCCDD 70JM3I62KTAL6I6RTNQCCN1PB1E7A1GI A RRSIG
60MBOLVPPNMSM80JD3037V64MLMFRL7V 300 RRSIG NSEC3 13 3 300 20360101000000 20260101000000 48565 s.example. AAAD
70JM3I62KTAL6I6RTNQCCN1PB1E7A1GI 300 NSEC3 1 1 1 AABBCCDD 60MBOLVPPNMSM80JD3037V64MLMFRL7V NS SOA RRSIG NSEC3PARAM
70JM3I62KTAL6I6RTNQCCN1PB1E7A1GI 300 RRSIG NSEC3 13 3 300 20360101000000 20260101000000 48565 s.example. AAAE
)";

TEST(ZoneDiff, RrsigChanges) {
  // A re-signed A RRset, and a new SOA with its new signature.
  std::string b = serial(kSigned, 2);
  b.replace(b.find("s.example. AAAC"), 15, "s.example. BBBC");
  b.replace(b.find("s.example. AAAA"), 15, "s.example. BBBA");
  ZoneDelta d = delta("s.example.", kSigned, b);
  EXPECT_EQ(heads(d.removed),
            (Strings{"ns1.s.example. RRSIG 3600 covers A", "s.example. RRSIG 3600 covers SOA"}));
  EXPECT_EQ(heads(d.added), heads(d.removed));
  EXPECT_NE(keys(d.removed), keys(d.added));
}

TEST(ZoneDiff, Nsec3Changes) {
  // A new name: its NSEC3 comes in, the previous one's next hashed owner changes.
  std::string b = kSigned;
  b = without(b,
              "60MBOLVPPNMSM80JD3037V64MLMFRL7V 300 NSEC3 1 1 1 AABBCCDD "
              "70JM3I62KTAL6I6RTNQCCN1PB1E7A1GI A RRSIG");
  b += "60MBOLVPPNMSM80JD3037V64MLMFRL7V 300 NSEC3 1 1 1 AABBCCDD "
       "6AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA A RRSIG\n"
       "6AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA 300 NSEC3 1 1 1 AABBCCDD "
       "70JM3I62KTAL6I6RTNQCCN1PB1E7A1GI A RRSIG\n";
  ZoneDelta d = delta("s.example.", kSigned, b);
  EXPECT_EQ(heads(d.removed), (Strings{"60mbolvppnmsm80jd3037v64mlmfrl7v.s.example. NSEC3 300"}));
  EXPECT_EQ(heads(d.added), (Strings{"60mbolvppnmsm80jd3037v64mlmfrl7v.s.example. NSEC3 300",
                                     "6aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.s.example. NSEC3 300"}));
  // An NSEC3 that goes, with its signature.
  std::string c = without(kSigned,
                          "70JM3I62KTAL6I6RTNQCCN1PB1E7A1GI 300 NSEC3 1 1 1 AABBCCDD "
                          "60MBOLVPPNMSM80JD3037V64MLMFRL7V NS SOA RRSIG NSEC3PARAM");
  c = without(c,
              "70JM3I62KTAL6I6RTNQCCN1PB1E7A1GI 300 RRSIG NSEC3 13 3 300 20360101000000 "
              "20260101000000 48565 s.example. AAAE");
  d = delta("s.example.", kSigned, c);
  EXPECT_EQ(heads(d.removed), (Strings{"70jm3i62ktal6i6rtnqccn1pb1e7a1gi.s.example. NSEC3 300",
                                       "70jm3i62ktal6i6rtnqccn1pb1e7a1gi.s.example. RRSIG 300 "
                                       "covers NSEC3"}));
  EXPECT_TRUE(d.added.empty());
}

// ----- records the query form does not hold (the snapshots' extras) -----

// kSigned with records of every kind the query form leaves out.
const std::string kWithExtras = std::string(kSigned) + R"(
ns1  RRSIG MX 13 3 3600 20360101000000 20260101000000 48565 s.example. DDDD
orphan RRSIG A 13 3 3600 20360101000000 20260101000000 48565 s.example. EEEE
8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA 300 NSEC3 1 0 1 - 60MBOLVPPNMSM80JD3037V64MLMFRL7V A
8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA 300 RRSIG NSEC3 13 3 300 20360101000000 20260101000000 48565 s.example. BBBB
)";

TEST(ZoneDiff, ExtrasAreKeptAndCompared) {
  auto x = snapshot("s.example.", kWithExtras);
  EXPECT_EQ(x->extras().size(), 4u);
  DiffStats stats;
  ZoneDelta d = delta("s.example.", kWithExtras, kWithExtras, &stats);
  EXPECT_TRUE(d.removed.empty());
  EXPECT_TRUE(d.added.empty());
  EXPECT_EQ(stats.extras_compared, 4u);
  EXPECT_EQ(stats.nodes_changed, 0u);
}

TEST(ZoneDiff, OnlyAnExtraRecordAdded) {
  const std::string b = with(serial(kWithExtras, 2),
                             "ns1 RRSIG TXT 13 3 3600 20360101000000 20260101000000 48565 "
                             "s.example. FFFF\n");
  DiffStats stats;
  ZoneDelta d = delta("s.example.", kWithExtras, b, &stats);
  EXPECT_TRUE(d.removed.empty()) << heads(d.removed)[0];
  EXPECT_EQ(heads(d.added), (Strings{"ns1.s.example. RRSIG 3600 covers TXT"}));
  EXPECT_EQ(stats.nodes_changed, 1u);  // the apex (SOA): the tree holds nothing of it
  EXPECT_EQ(stats.extras_compared, 4u);
  // An extra of a zone that had none.
  d = delta("s.example.", kSigned,
            with(kSigned,
                 "9AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA 300 NSEC3 1 0 1 - "
                 "60MBOLVPPNMSM80JD3037V64MLMFRL7V A\n"));
  EXPECT_TRUE(d.removed.empty());
  EXPECT_EQ(heads(d.added), (Strings{"9aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.s.example. NSEC3 300"}));
}

TEST(ZoneDiff, OnlyAnExtraRecordRemoved) {
  const std::string b = without(kWithExtras,
                                "orphan RRSIG A 13 3 3600 20360101000000 20260101000000 48565 "
                                "s.example. EEEE");
  ZoneDelta d = delta("s.example.", kWithExtras, b);
  EXPECT_TRUE(d.added.empty()) << heads(d.added)[0];
  EXPECT_EQ(heads(d.removed), (Strings{"orphan.s.example. RRSIG 3600 covers A"}));
  // Every extra goes.
  d = delta("s.example.", kWithExtras, kSigned);
  EXPECT_TRUE(d.added.empty());
  EXPECT_EQ(
      heads(d.removed),
      (Strings{"8aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.s.example. NSEC3 300",
               "8aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.s.example. RRSIG 300 covers NSEC3",
               "ns1.s.example. RRSIG 3600 covers MX", "orphan.s.example. RRSIG 3600 covers A"}));
}

TEST(ZoneDiff, OnlyAnExtraRecordChanged) {
  // Its RDATA.
  std::string b = kWithExtras;
  b.replace(b.find("s.example. DDDD"), 15, "s.example. DDDE");
  DiffStats stats;
  ZoneDelta d = delta("s.example.", kWithExtras, b, &stats);
  EXPECT_EQ(heads(d.removed), (Strings{"ns1.s.example. RRSIG 3600 covers MX"}));
  EXPECT_EQ(heads(d.added), heads(d.removed));
  EXPECT_NE(keys(d.removed), keys(d.added));
  EXPECT_EQ(stats.nodes_changed, 0u);
  EXPECT_EQ(stats.extras_compared, 3u);
  // Its TTL: the one record out, the other in.
  b = kWithExtras;
  b.replace(b.find("8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA 300 NSEC3"), 42,
            "8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA 600 NSEC3");
  d = delta("s.example.", kWithExtras, b);
  EXPECT_EQ(heads(d.removed), (Strings{"8aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.s.example. NSEC3 300"}));
  EXPECT_EQ(heads(d.added), (Strings{"8aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.s.example. NSEC3 600"}));
  // Only its owner's case: no change, as in the tree.
  b = kWithExtras;
  b.replace(b.find("orphan RRSIG"), 6, "ORPHAN");
  d = delta("s.example.", kWithExtras, b);
  EXPECT_TRUE(d.removed.empty());
  EXPECT_TRUE(d.added.empty());
}

// An RRSIG whose RRset comes in leaves the extras for the tree: removed from one and added
// to the other, the same record, which a delta applies as no change.
TEST(ZoneDiff, RecordMovingBetweenExtrasAndTree) {
  const std::string b = with(kWithExtras, "ns1 MX 10 ns1\n");
  auto x = snapshot("s.example.", kWithExtras);
  auto y = snapshot("s.example.", b);
  EXPECT_EQ(y->extras().size(), 3u);
  ZoneDelta d = transfer::make_delta(*x, *y);
  EXPECT_EQ(heads(d.removed), (Strings{"ns1.s.example. RRSIG 3600 covers MX"}));
  EXPECT_EQ(heads(d.added),
            (Strings{"ns1.s.example. MX 3600", "ns1.s.example. RRSIG 3600 covers MX"}));
  EXPECT_EQ(keys(d.added)[1], keys(d.removed)[0]);
}

// The old zone's records, minus the removed ones, plus the added ones, are the new zone's
// (SOA aside).
void expect_delta_gives_the_new_zone(const std::string& a, const std::string& b) {
  auto x = snapshot("s.example.", a);
  auto y = snapshot("s.example.", b);
  ZoneDelta d = transfer::make_delta(*x, *y);
  auto all = [](const ZoneSnapshot& z) {
    Strings out;
    ZoneCursor c(z);
    for (c.advance(); !c.done(); c.advance())
      out.push_back(key(c.record()));
    std::sort(out.begin(), out.end());
    return out;
  };
  Strings old_records = all(*x), removed = keys(d.removed), added = keys(d.added), result;
  std::set_difference(old_records.begin(), old_records.end(), removed.begin(), removed.end(),
                      std::back_inserter(result));
  result.insert(result.end(), added.begin(), added.end());
  std::sort(result.begin(), result.end());
  EXPECT_EQ(result, all(*y));
}

TEST(ZoneDiff, ApplyingTheDeltaGivesTheNewZone) {
  // Checked on a zone with every kind of change at once.
  std::string b = serial(kSigned, 5);
  b = without(b, "ns1  A     192.0.2.1");
  b += "ns1 A 192.0.2.11\nns1 300 AAAA 2001:db8::1\nextra.deep TXT \"x\"\n";
  b.replace(b.find("s.example. AAAB"), 15, "s.example. CCCB");
  expect_delta_gives_the_new_zone(kSigned, b);
  // And with the extras changing too: one added, one removed, one changed, one moving into
  // the tree.
  std::string c = serial(kWithExtras, 6);
  c = without(c, "orphan RRSIG A 13 3 3600 20360101000000 20260101000000 48565 s.example. EEEE");
  c.replace(c.find("s.example. BBBB"), 15, "s.example. BBBC");
  c += "ns1 MX 10 ns1\nnot-a-hash 300 NSEC3 1 1 1 AABBCCDD 60MBOLVPPNMSM80JD3037V64MLMFRL7V A\n";
  expect_delta_gives_the_new_zone(kWithExtras, c);
  expect_delta_gives_the_new_zone(c, kWithExtras);
  // A secondary applying that delta to its snapshot (transfer/delta_apply.h, which walks the
  // cursor) gets the new zone, extras included.
  auto x = snapshot("s.example.", kWithExtras);
  auto y = snapshot("s.example.", c);
  const ZoneDelta d = transfer::make_delta(*x, *y);
  const transfer::ApplyResult applied = transfer::apply_deltas(*x, std::span(&d, 1));
  ASSERT_NE(applied.snapshot, nullptr) << applied.error;
  const ZoneDelta rest = transfer::make_delta(*applied.snapshot, *y);
  EXPECT_TRUE(rest.removed.empty()) << heads(rest.removed)[0];
  EXPECT_TRUE(rest.added.empty()) << heads(rest.added)[0];
  EXPECT_EQ(applied.snapshot->extras().size(), 3u);
  EXPECT_EQ(applied.snapshot->extras().size(), y->extras().size());
}

// ----- condensation -----

TEST(ZoneDelta, CondenseThreeDeltas) {
  const std::string v1 = kBase;
  // v2: adds x, removes www 192.0.2.81, changes mail's TTL
  std::string v2 = serial(v1, 2);
  v2 = without(v2, "www      A     192.0.2.81");
  v2 = without(v2, "mail     MX    10 www");
  v2 += "x A 192.0.2.100\nmail 60 MX 10 www\n";
  // v3: removes x again, adds 192.0.2.81 back, adds y
  std::string v3 = serial(v1, 3);
  v3 = without(v3, "mail     MX    10 www");
  v3 += "mail 60 MX 10 www\ny A 192.0.2.101\n";
  // v4: mail's TTL back to 3600 (so both changes cancel), y changes, a.b.c goes
  std::string v4 = serial(v1, 4);
  v4 = without(v4, "a.b.c    TXT   \"deep\"");
  v4 += "y A 192.0.2.102\n";
  std::vector<ZoneDelta> chain;
  chain.push_back(delta("d.example.", v1, v2));
  chain.push_back(delta("d.example.", v2, v3));
  chain.push_back(delta("d.example.", v3, v4));
  std::optional<ZoneDelta> c = transfer::condense(chain);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->old_serial(), 1u);
  EXPECT_EQ(c->new_serial(), 4u);
  EXPECT_EQ(heads(c->removed), (Strings{"a.b.c.d.example. TXT 3600"}));
  EXPECT_EQ(heads(c->added), (Strings{"y.d.example. A 3600"}));
  EXPECT_NE(keys(c->added)[0].find("c0000266"), std::string::npos);  // 192.0.2.102
  // The same as the direct difference v1 -> v4.
  ZoneDelta direct = delta("d.example.", v1, v4);
  EXPECT_EQ(keys(c->removed), keys(direct.removed));
  EXPECT_EQ(keys(c->added), keys(direct.added));
}

TEST(ZoneDelta, CondenseNeedsAConsecutiveChain) {
  std::vector<ZoneDelta> chain;
  EXPECT_FALSE(transfer::condense(chain).has_value());
  chain.push_back(delta("d.example.", kBase, serial(kBase, 2)));
  chain.push_back(delta("d.example.", serial(kBase, 3), serial(kBase, 4)));
  EXPECT_FALSE(transfer::condense(chain).has_value());
  chain.pop_back();
  ASSERT_TRUE(transfer::condense(chain).has_value());
  EXPECT_EQ(transfer::condense(chain)->new_serial(), 2u);
}

TEST(ZoneDelta, RrListRoundTripAndValidation) {
  transfer::RrList list;
  ZoneRecord r;
  wire::Name owner = name_of("a.example.");
  const std::uint8_t rdata[4] = {192, 0, 2, 1};
  r.owner = owner;
  r.type = rrtype::A;
  r.ttl = 7;
  r.rdata = rdata;
  list.append(r);
  r.rdata = {};
  r.type = rrtype::NULL_;
  list.append(r);
  EXPECT_EQ(list.size(), 2u);
  EXPECT_EQ(list.bytes(), 2 * (owner.size() + 10) + 4);
  transfer::RrList copy;
  ASSERT_TRUE(transfer::RrList::from_wire(list.wire(), 2, copy));
  EXPECT_EQ(keys(copy), keys(list));
  EXPECT_FALSE(transfer::RrList::from_wire(list.wire(), 3, copy));
  EXPECT_FALSE(transfer::RrList::from_wire(list.wire().first(list.bytes() - 1), 2, copy));
  std::vector<std::uint8_t> bad(list.wire().begin(), list.wire().end());
  bad[0] = 0xC0;  // a compression pointer where an uncompressed name belongs
  EXPECT_FALSE(transfer::RrList::from_wire(bad, 2, copy));
}

// A large generated zone and a copy with one record changed: the diff finds exactly it.
TEST(ZoneDiff, GeneratedZoneOneChange) {
  std::ifstream in(std::string(ZONED_TEST_DATA) + "/zones/xfr/generated.example.zone");
  std::stringstream text;
  text << in.rdbuf();
  const std::string a = text.str();
  std::string b = a;
  b.replace(b.find("2026010101"), 10, "2026010102");
  b += "host12345 AAAA 2001:db8::dead\n";
  DiffStats stats;
  ZoneDelta d = delta("generated.example.", a, b, &stats);
  EXPECT_EQ(heads(d.added), (Strings{"host12345.generated.example. AAAA 3600"}));
  EXPECT_TRUE(d.removed.empty());
  EXPECT_EQ(stats.nodes_changed, 2u);  // the apex (SOA) and host12345
  EXPECT_GT(stats.nodes_compared, 20000u);
}

// Timing on a big zone, by hand: ZONED_DIFF_BENCH_ZONE=path ZONED_DIFF_BENCH_APEX=name.
TEST(ZoneDiff, BenchmarkBigZone) {
  const char* path = std::getenv("ZONED_DIFF_BENCH_ZONE");
  const char* apex = std::getenv("ZONED_DIFF_BENCH_APEX");
  if (path == nullptr || apex == nullptr) GTEST_SKIP() << "set ZONED_DIFF_BENCH_ZONE and _APEX";
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::string a = text.str();
  std::string b = a;
  // One record changes: the first A record's address, and the serial.
  const std::size_t soa = b.find("SOA");
  const std::size_t serial_at =
      b.find_first_of("0123456789", b.find(' ', b.find(' ', soa + 4) + 1));
  const std::size_t serial_last = b.find(' ', serial_at) - 1;
  b[serial_last] = static_cast<char>(b[serial_last] == '9' ? '0' : b[serial_last] + 1);
  const std::size_t a_record = b.find(" A ", soa);
  const std::size_t digit = b.find('\n', a_record) - 1;
  b[digit] = static_cast<char>(b[digit] == '9' ? '8' : b[digit] + 1);
  using Clock = std::chrono::steady_clock;
  auto t0 = Clock::now();
  auto x = snapshot(apex, a);
  auto t1 = Clock::now();
  a = {};
  auto y = snapshot(apex, b);
  b = {};
  auto t2 = Clock::now();
  DiffStats stats;
  ZoneDelta d = transfer::make_delta(*x, *y, &stats);
  auto t3 = Clock::now();
  auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
  std::printf(
      "load+snapshot %.0f ms (each), diff %.1f ms: %zu nodes compared, %zu changed, "
      "%zu removed, %zu added\n",
      ms(t1 - t0), ms(t3 - t2), stats.nodes_compared, stats.nodes_changed, stats.removed,
      stats.added);
  EXPECT_EQ(d.removed.size(), 1u);
  EXPECT_EQ(d.added.size(), 1u);
}

}  // namespace
}  // namespace zoned::zone
