// Applying received IXFR deltas to a snapshot (transfer/delta_apply.h): the delta from A to
// B applied to A gives B, chains, the strict checks and their messages, the match rules.
#include "transfer/delta_apply.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "wire/rrtype.h"
#include "zone/zone_check.h"
#include "zone/zone_cursor.h"
#include "zone/zone_diff.h"
#include "zone/zonefile_parser.h"

namespace zoned::transfer {
namespace {

using Snapshot = std::shared_ptr<const zone::ZoneSnapshot>;
using Strings = std::vector<std::string>;

const char* const kApex = "t.example.";

wire::Name apex() {
  wire::Name n;
  EXPECT_EQ(wire::parse_name(kApex, nullptr, n), wire::NameTextError::kOk);
  return n;
}

// The records of some zone-file text (origin kApex, $TTL 3600), as a delta holds them.
class ListSink : public zone::RecordSink {
 public:
  void record(const zone::ParsedRecord& p) override {
    list.append(ZoneRecord{p.owner, p.type, p.rclass, p.ttl, p.rdata});
  }
  void diagnostic(const zone::Diagnostic& d) override {
    if (!d.warning) ADD_FAILURE() << d.to_string();
  }
  RrList list;
};

RrList records(const std::string& text) {
  ListSink sink;
  zone::ZoneFileOptions options;
  options.origin = apex();
  options.default_ttl = 3600;
  zone::parse_zone_text(text, "test", options, sink);
  return std::move(sink.list);
}

std::string soa(int serial) {
  return "@ SOA ns1 hostmaster " + std::to_string(serial) + " 7200 3600 1209600 300\n";
}

Snapshot snapshot(const std::string& text) {
  zone::ZoneContents contents(apex());
  contents.add_file("test");
  const RrList list = records(text);
  for (ZoneRecord r : list)
    contents.add(r.owner, r.type, r.ttl, r.rdata, 0, 0);
  contents.finish();
  for (const zone::ZoneProblem& p : zone::check_zone(contents))
    EXPECT_TRUE(p.warning) << p.to_string();
  return zone::build_snapshot(std::move(contents));
}

// A delta written by hand: serials and the records removed and added, as zone text.
ZoneDelta delta(int from, int to, const std::string& removed, const std::string& added) {
  ZoneDelta d;
  d.old_soa = records(soa(from));
  d.new_soa = records(soa(to));
  d.removed = records(removed);
  d.added = records(added);
  return d;
}

// Every difference a -> b, SOA included, as "-/+ owner TYPE ttl"; empty when the same.
Strings differences(const zone::ZoneSnapshot& a, const zone::ZoneSnapshot& b) {
  class Sink : public zone::DiffSink {
   public:
    void removed(const ZoneRecord& r) override { out.push_back("- " + text(r)); }
    void added(const ZoneRecord& r) override { out.push_back("+ " + text(r)); }
    static std::string text(const ZoneRecord& r) {
      return wire::to_text(r.owner) + " " + wire::type_to_text(r.type) + " " +
             std::to_string(r.ttl);
    }
    Strings out;
  } sink;
  zone::diff_snapshots(a, b, sink);
  ZoneRecord sa, sb;
  EXPECT_TRUE(zone::soa_record(a, sa) && zone::soa_record(b, sb));
  if (sa.ttl != sb.ttl || !std::ranges::equal(sa.rdata, sb.rdata)) sink.out.push_back("SOA");
  return sink.out;
}

ApplyResult apply(const zone::ZoneSnapshot& base, const std::vector<ZoneDelta>& chain) {
  return apply_deltas(base, chain);
}

const std::string kZone = R"(
@         NS    ns1
@         NS    ns2.elsewhere.example.
@         MX    10 mx
ns1       A     192.0.2.1
mx        A     192.0.2.25
web       A     192.0.2.80
web       A     192.0.2.81
web       AAAA  2001:db8::80
alias     CNAME web
x.y.z     TXT   "three labels down"
child     NS    ns.child
ns.child  A     192.0.2.53
)";

std::string zone_v(int serial, const std::string& extra = "") {
  return soa(serial) + kZone + extra;
}

std::string without(std::string text, const std::string& line) {
  const std::size_t at = text.find(line);
  EXPECT_NE(at, std::string::npos) << line;
  if (at != std::string::npos) text.erase(at, line.size() + 1);
  return text;
}

// ----- the delta from A to B, applied to A, gives B -----

struct Pair {
  const char* what;
  std::string a, b;
};

TEST(DeltaApply, RoundTripGivesTheNewZone) {
  const std::string a = zone_v(1);
  const std::vector<Pair> pairs = {
      {"serial only", a, zone_v(2)},
      {"records added", a, zone_v(2, "web A 192.0.2.82\nweb TXT \"new type\"\n")},
      {"records removed", a,
       without(without(zone_v(2), "web       A     192.0.2.81"), "@         MX    10 mx")},
      {"TTL changed", a,
       without(without(zone_v(2), "web       A     192.0.2.80"), "web       A     192.0.2.81") +
           "web 60 A 192.0.2.80\nweb 60 A 192.0.2.81\n"},
      {"name added", a, zone_v(2, "new.a.b A 192.0.2.9\n")},
      {"name removed", a, without(zone_v(2), "x.y.z     TXT   \"three labels down\"")},
      {"delegation added", a,
       zone_v(2,
              "kid NS ns1.kid\nkid NS ns2.kid\nns1.kid A 192.0.2.60\nns2.kid AAAA 2001:db8::60\n"
              "kid DS 12345 13 2 " +
                  std::string(64, 'A') + "\n")},
      {"delegation removed", a,
       without(without(zone_v(2), "child     NS    ns.child"), "ns.child  A     192.0.2.53")},
      {"glue changed", a,
       without(zone_v(2), "ns.child  A     192.0.2.53") + "ns.child A 192.0.2.54\n"},
      {"SOA TTL and fields", a, "@ 600 SOA ns2 admin 2 3600 900 604800 60\n" + kZone},
      {"everything at once", zone_v(2, "new.a.b A 192.0.2.9\n"),
       without(zone_v(3, "web 7200 TXT \"v=spf1 -all\"\nq CNAME web\n"), "alias     CNAME web")},
  };
  for (const Pair& p : pairs) {
    SCOPED_TRACE(p.what);
    Snapshot za = snapshot(p.a), zb = snapshot(p.b);
    const std::vector<ZoneDelta> chain = {make_delta(*za, *zb)};
    ApplyResult r = apply(*za, chain);
    ASSERT_NE(r.snapshot, nullptr) << r.error;
    EXPECT_TRUE(r.error.empty());
    EXPECT_EQ(zone::snapshot_serial(*r.snapshot), zone::snapshot_serial(*zb));
    EXPECT_EQ(differences(*r.snapshot, *zb), Strings{});
  }
}

// DNSSEC data: re-signed RRsets, an NSEC3 chain that grows (the cursor's NSEC3 phase).
TEST(DeltaApply, RoundTripSignedZone) {
  const std::string sig = " 13 2 3600 20360101000000 20260101000000 4711 t.example. ";
  const std::string a = soa(10) + "@ RRSIG SOA" + sig + "AAAA\n" + "@ NS ns1\n@ RRSIG NS" + sig +
                        "AAAB\n" + "@ NSEC3PARAM 1 0 5 BEEF\nns1 A 192.0.2.1\n" +
                        "ns1 RRSIG A 13 3 3600 20360101000000 20260101000000 4711 t.example. AAAC\n"
                        "0123456789ABCDEFGHIJKLMNOPQRSTUV 300 NSEC3 1 0 5 BEEF "
                        "VUTSRQPONMLKJIHGFEDCBA9876543210 A RRSIG\n"
                        "VUTSRQPONMLKJIHGFEDCBA9876543210 300 NSEC3 1 0 5 BEEF "
                        "0123456789ABCDEFGHIJKLMNOPQRSTUV NS SOA RRSIG NSEC3PARAM\n";
  std::string b = a;
  b.replace(b.find(" 10 7200"), 8, " 11 7200");
  b.replace(b.find("AAAA\n"), 4, "BBBA");  // the SOA re-signed
  b.replace(b.find("AAAC\n"), 4, "BBBC");  // ns1's A re-signed
  b.replace(b.find("VUTSRQPONMLKJIHGFEDCBA9876543210 A RRSIG"), 32,
            "G0G0G0G0G0G0G0G0G0G0G0G0G0G0G0G0");
  b += "ns2 A 192.0.2.2\n"
       "G0G0G0G0G0G0G0G0G0G0G0G0G0G0G0G0 300 NSEC3 1 0 5 BEEF "
       "VUTSRQPONMLKJIHGFEDCBA9876543210 A\n";
  Snapshot za = snapshot(a), zb = snapshot(b);
  ASSERT_TRUE(za->has_nsec3());
  const std::vector<ZoneDelta> chain = {make_delta(*za, *zb)};
  EXPECT_FALSE(chain[0].added.empty());
  ApplyResult r = apply(*za, chain);
  ASSERT_NE(r.snapshot, nullptr) << r.error;
  EXPECT_EQ(r.snapshot->serial(), 11u);
  EXPECT_EQ(r.snapshot->nsec3_chain().size(), 3u);
  EXPECT_EQ(differences(*r.snapshot, *zb), Strings{});
}

// ----- chains -----

TEST(DeltaApply, ChainOfThree) {
  const std::string v1 = zone_v(1);
  const std::string v2 = without(zone_v(2, "tmp A 192.0.2.7\n"), "web       A     192.0.2.81");
  const std::string v3 = without(zone_v(3, "tmp 60 A 192.0.2.7\nweb A 192.0.2.81\n"),
                                 "x.y.z     TXT   \"three labels down\"");
  const std::string v4 = zone_v(4, "other A 192.0.2.8\n");
  Snapshot s1 = snapshot(v1), s2 = snapshot(v2), s3 = snapshot(v3), s4 = snapshot(v4);
  const std::vector<ZoneDelta> chain = {make_delta(*s1, *s2), make_delta(*s2, *s3),
                                        make_delta(*s3, *s4)};
  ApplyResult r = apply(*s1, chain);
  ASSERT_NE(r.snapshot, nullptr) << r.error;
  EXPECT_EQ(r.snapshot->serial(), 4u);
  EXPECT_EQ(differences(*r.snapshot, *s4), Strings{});
  // Part of the chain gives the zone at that point.
  r = apply(*s1, {chain[0], chain[1]});
  ASSERT_NE(r.snapshot, nullptr) << r.error;
  EXPECT_EQ(differences(*r.snapshot, *s3), Strings{});
}

TEST(DeltaApply, RecordAddedThenRemovedInTheChain) {
  Snapshot base = snapshot(zone_v(1));
  ApplyResult r = apply(*base, {delta(1, 2, "", "tmp A 192.0.2.7\nweb A 192.0.2.82\n"),
                                delta(2, 3, "tmp A 192.0.2.7\n", ""),
                                delta(3, 4, "web 300 A 192.0.2.82\n", "tmp TXT \"back\"\n")});
  ASSERT_NE(r.snapshot, nullptr) << r.error;
  EXPECT_EQ(r.snapshot->serial(), 4u);
  EXPECT_EQ(differences(*r.snapshot, *snapshot(zone_v(4, "tmp TXT \"back\"\n"))), Strings{});
}

// max-records counts the zone the chain gives, not the base nor the chain.
TEST(DeltaApply, RecordLimitCountsTheResultingZone) {
  Snapshot base = snapshot(zone_v(1));
  const std::vector<ZoneDelta> chain = {
      delta(1, 2, "", "tmp A 192.0.2.7\nweb A 192.0.2.82\n"), delta(2, 3, "tmp A 192.0.2.7\n", ""),
      delta(3, 4, "web 300 A 192.0.2.82\n", "tmp TXT \"back\"\n")};
  ApplyResult unlimited = apply(*base, chain);
  ASSERT_NE(unlimited.snapshot, nullptr) << unlimited.error;
  std::uint64_t records = 0;
  zone::ZoneCursor c(*unlimited.snapshot);
  for (; !c.done(); c.advance())
    ++records;
  ASSERT_GT(records, 5u);
  ApplyResult fits = apply_deltas(*base, chain, records);
  EXPECT_NE(fits.snapshot, nullptr) << fits.error;
  ApplyResult over = apply_deltas(*base, chain, records - 1);
  EXPECT_EQ(over.snapshot, nullptr);
  EXPECT_EQ(over.error, "IXFR 1 -> 4 gives a zone of " + std::to_string(records) +
                            " records, more than max-records (" + std::to_string(records - 1) +
                            ")");
}

TEST(DeltaApply, RemovedAndAddedBackWithAnotherTtl) {
  Snapshot base = snapshot(zone_v(1));
  ApplyResult r = apply(
      *base, {delta(1, 2, "ns1 A 192.0.2.1\n", ""), delta(2, 3, "", "ns1 120 A 192.0.2.1\n")});
  ASSERT_NE(r.snapshot, nullptr) << r.error;
  const std::string expected =
      without(zone_v(3), "ns1       A     192.0.2.1") + "ns1 120 A 192.0.2.1\n";
  EXPECT_EQ(differences(*r.snapshot, *snapshot(expected)), Strings{});
}

// ----- matching -----

TEST(DeltaApply, OwnersAndRdataNamesMatchInAnyCase) {
  Snapshot base = snapshot(zone_v(1));
  ApplyResult r =
      apply(*base, {delta(1, 2, "WEB.T.Example. A 192.0.2.80\n@ MX 10 MX.t.EXAMPLE.\n", "")});
  ASSERT_NE(r.snapshot, nullptr) << r.error;
  const std::string expected =
      without(without(zone_v(2), "web       A     192.0.2.80"), "@         MX    10 mx");
  EXPECT_EQ(differences(*r.snapshot, *snapshot(expected)), Strings{});
  // Adding what the zone has, in another case, is adding it twice.
  r = apply(*base, {delta(1, 2, "", "Alias CNAME WEB\n")});
  EXPECT_EQ(r.snapshot, nullptr);
  EXPECT_NE(r.error.find("which the zone already has"), std::string::npos) << r.error;
}

TEST(DeltaApply, TtlIsNotPartOfTheMatch) {
  Snapshot base = snapshot(zone_v(1));
  ApplyResult r = apply(*base, {delta(1, 2, "web 5 A 192.0.2.80\n", "")});
  ASSERT_NE(r.snapshot, nullptr) << r.error;
  EXPECT_EQ(differences(*r.snapshot, *snapshot(without(zone_v(2), "web       A     192.0.2.80"))),
            Strings{});
  // An added record has its own TTL.
  r = apply(*base, {delta(1, 2, "", "extra 42 A 192.0.2.42\n")});
  ASSERT_NE(r.snapshot, nullptr) << r.error;
  EXPECT_EQ(differences(*r.snapshot, *snapshot(zone_v(2, "extra 42 A 192.0.2.42\n"))), Strings{});
  // Adding a record the zone has with another TTL is still adding it twice.
  r = apply(*base, {delta(1, 2, "", "ns1 60 A 192.0.2.1\n")});
  EXPECT_EQ(r.snapshot, nullptr);
  EXPECT_NE(r.error.find("IXFR 1 -> 2 adds ns1.t.example. A 192.0.2.1, which the zone already has"),
            std::string::npos)
      << r.error;
}

// ----- failures -----

void expect_failure(const zone::ZoneSnapshot& base, const std::vector<ZoneDelta>& chain,
                    const std::string& message) {
  ApplyResult r = apply(base, chain);
  EXPECT_EQ(r.snapshot, nullptr);
  EXPECT_NE(r.error.find(message), std::string::npos) << r.error;
}

TEST(DeltaApply, DeletingAMissingRecordFails) {
  Snapshot base = snapshot(zone_v(7));
  expect_failure(*base, {delta(7, 8, "web A 192.0.2.1\n", "")},
                 "IXFR 7 -> 8 deletes web.t.example. A 192.0.2.1, which the zone does not have");
  // Strict at each step: the second removal of one record fails in its delta.
  expect_failure(*base,
                 {delta(7, 8, "web A 192.0.2.80\n", ""), delta(8, 9, "web A 192.0.2.80\n", "")},
                 "IXFR 8 -> 9 deletes web.t.example. A 192.0.2.80, which the zone does not have");
  // And within one delta.
  expect_failure(*base, {delta(7, 8, "web A 192.0.2.80\nweb A 192.0.2.80\n", "")},
                 "IXFR 7 -> 8 deletes web.t.example. A 192.0.2.80");
}

TEST(DeltaApply, AddingAnExistingRecordFails) {
  Snapshot base = snapshot(zone_v(7));
  expect_failure(*base, {delta(7, 8, "", "web AAAA 2001:db8::80\n")},
                 "IXFR 7 -> 8 adds web.t.example. AAAA 2001:db8::80, which the zone already has");
  expect_failure(*base, {delta(7, 8, "", "n A 192.0.2.9\n"), delta(8, 9, "", "n A 192.0.2.9\n")},
                 "IXFR 8 -> 9 adds n.t.example. A 192.0.2.9, which the zone already has");
}

TEST(DeltaApply, SerialsMustChainFromTheBase) {
  Snapshot base = snapshot(zone_v(7));
  expect_failure(*base, {delta(6, 8, "", "")},
                 "IXFR 6 -> 8 starts at serial 6, but the zone has serial 7");
  expect_failure(*base, {delta(7, 8, "", ""), delta(9, 10, "", "")},
                 "IXFR deltas are not consecutive: IXFR 7 -> 8 is followed by 9 -> 10");
  expect_failure(*base, {}, "IXFR carries no deltas");
  ZoneDelta no_soa = delta(7, 8, "", "");
  no_soa.new_soa.clear();
  expect_failure(*base, {no_soa}, "IXFR delta 1 of 1 lacks its old or new SOA record");
}

TEST(DeltaApply, ResultMustPassTheZoneChecks) {
  Snapshot base = snapshot(zone_v(7));
  expect_failure(*base, {delta(7, 8, "", "web CNAME mx\n")},
                 "IXFR 7 -> 8 gives a zone that fails its checks: CNAME and other data at "
                 "web.t.example.");
  // Over a chain, the message names the whole of it.
  expect_failure(*base,
                 {delta(7, 8, "", ""), delta(8, 9, "@ NS ns1\n@ NS ns2.elsewhere.example.\n", "")},
                 "IXFR 7 -> 9 gives a zone that fails its checks: zone t.example. has no NS");
}

TEST(DeltaApply, WhatNoZoneHoldsIsRefused) {
  Snapshot base = snapshot(zone_v(7));
  expect_failure(*base, {delta(7, 8, soa(7), "")}, "IXFR 7 -> 8 deletes an SOA record");
  ZoneDelta d = delta(7, 8, "", "");
  const RrList chaos = records("chaos A 192.0.2.3\n");
  ZoneRecord r = chaos.front();
  r.rclass = wire::rrclass::CH;
  d.added.append(r);
  expect_failure(*base, {d}, "IXFR 7 -> 8 adds chaos.t.example. CH A 192.0.2.3, not of class IN");
  d = delta(7, 8, "", "");
  r.rclass = wire::rrclass::IN;
  const std::uint8_t three[3] = {192, 0, 2};
  r.rdata = three;
  d.added.append(r);
  expect_failure(*base, {d}, "whose RDATA is malformed");
}

// ----- size -----

// 50,000 names, a delta of three records: correctness, and the time it takes (no limit).
TEST(DeltaApply, LargeZoneSmallDelta) {
  std::string text = soa(1) + "@ NS ns1\nns1 A 192.0.2.1\n";
  for (int i = 0; i < 50000; ++i) {
    text += "h" + std::to_string(i) + " A 10." + std::to_string(i >> 16) + "." +
            std::to_string((i >> 8) & 255) + "." + std::to_string(i & 255) + "\n";
  }
  std::string next = soa(2) + text.substr(soa(1).size());
  next = without(next, "h31337 A 10.0.122.105");
  next += "h31337 AAAA 2001:db8::7a69\nnew-name TXT \"hello\"\n";
  Snapshot a = snapshot(text), b = snapshot(next);
  const std::vector<ZoneDelta> chain = {make_delta(*a, *b)};
  ASSERT_EQ(chain[0].removed.size() + chain[0].added.size(), 3u);
  const auto t0 = std::chrono::steady_clock::now();
  ApplyResult r = apply(*a, chain);
  const auto t1 = std::chrono::steady_clock::now();
  ASSERT_NE(r.snapshot, nullptr) << r.error;
  std::printf("apply_deltas: 50000 names, 3-record delta: %.2f ms\n",
              std::chrono::duration<double, std::milli>(t1 - t0).count());
  EXPECT_EQ(r.snapshot->serial(), 2u);
  EXPECT_EQ(differences(*r.snapshot, *b), Strings{});
}

}  // namespace
}  // namespace zoned::transfer
