// The AXFR-order cursor over a snapshot: every record of the zone file comes out exactly
// once (compared as multisets with the parser's own records), the SOA first and only
// there, RRSIGs as records of type RRSIG with their TTL, the NSEC3 chain, glue and occluded
// data, then the records the query form does not hold (the snapshot's extras), verbatim;
// and, pinned down record by record, the one TTL normalisation the snapshot makes.
#include "zone/zone_cursor.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "allocation_counter.h"
#include "wire/message_header.h"
#include "wire/rdata.h"
#include "wire/rrtype.h"
#include "zone/zone_loader.h"
#include "zone/zonefile_parser.h"

namespace zoned::zone {
namespace {

namespace rrtype = wire::rrtype;

std::string data_path(const std::string& file) {
  return std::string(ZONED_TEST_DATA) + "/zones/" + file;
}

wire::Name name_of(const std::string& text) {
  wire::Name n;
  EXPECT_EQ(wire::parse_name(text, nullptr, n), wire::NameTextError::kOk) << text;
  return n;
}

// "owner TYPE ttl hex-rdata", the owner lowercased: records compare as the zone holds them.
std::string key(wire::NameView owner, std::uint16_t type, std::uint16_t cls, std::uint32_t ttl,
                std::span<const std::uint8_t> rdata) {
  std::uint8_t lower[wire::kMaxNameLength];
  wire::to_lower(owner, lower);
  std::string k = wire::to_text(wire::NameView(lower, owner.size())) + " " +
                  wire::type_to_text(type) + " " + std::to_string(cls) + " " + std::to_string(ttl) +
                  " ";
  char hex[3];
  for (std::uint8_t b : rdata) {
    std::snprintf(hex, sizeof hex, "%02x", b);
    k += hex;
  }
  return k;
}

class Collect : public RecordSink {
 public:
  void record(const ParsedRecord& r) override {
    keys.push_back(key(r.owner, r.type, r.rclass, r.ttl, r.rdata));
  }
  void diagnostic(const Diagnostic& d) override {
    if (!d.warning) errors.push_back(d.to_string());
  }
  std::vector<std::string> keys;
  std::vector<std::string> errors;
};

std::vector<std::string> file_records(const std::string& apex, const std::string& file) {
  Collect sink;
  ZoneFileOptions options;
  options.origin = name_of(apex);
  parse_zone_file(data_path(file), options, sink);
  EXPECT_TRUE(sink.errors.empty()) << sink.errors.front();
  std::sort(sink.keys.begin(), sink.keys.end());
  return sink.keys;
}

std::shared_ptr<const ZoneSnapshot> load(const std::string& apex, const std::string& file) {
  ZoneContents contents(name_of(apex));
  std::vector<std::string> errors;
  LoadResult r = load_zone_file(data_path(file), contents, [&](const std::string& line) {
    if (line.find("error") != std::string::npos) errors.push_back(line);
  });
  EXPECT_EQ(r.errors, 0u) << (errors.empty() ? "" : errors.front());
  return build_snapshot(std::move(contents));
}

// Walks the cursor, checking the order rules on the way.
std::vector<std::string> cursor_records(const ZoneSnapshot& z) {
  std::vector<std::string> keys;
  ZoneCursor c(z);
  std::size_t soas = 0;
  for (; !c.done(); c.advance()) {
    const ZoneRecord& r = c.record();
    EXPECT_EQ(c.position(), keys.size());
    if (keys.empty()) {
      EXPECT_EQ(r.type, rrtype::SOA);
      EXPECT_TRUE(wire::equal(r.owner, z.apex()));
    }
    if (r.type == rrtype::SOA) ++soas;
    EXPECT_EQ(r.rclass, wire::rrclass::IN);
    keys.push_back(key(r.owner, r.type, r.rclass, r.ttl, r.rdata));
  }
  EXPECT_EQ(soas, 1u);
  std::sort(keys.begin(), keys.end());
  return keys;
}

// What one multiset has that the other has not.
std::vector<std::string> minus(const std::vector<std::string>& a,
                               const std::vector<std::string>& b) {
  std::vector<std::string> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (std::size_t i = 0; i < v.size() && i < 20; ++i)
    s += "\n  " + v[i];
  if (v.size() > 20) s += "\n  ... " + std::to_string(v.size() - 20) + " more";
  return s;
}

void expect_same_records(const std::string& apex, const std::string& file) {
  SCOPED_TRACE(file);
  const std::vector<std::string> expected = file_records(apex, file);
  auto snap = load(apex, file);
  const std::vector<std::string> got = cursor_records(*snap);
  EXPECT_EQ(got.size(), expected.size());
  EXPECT_TRUE(got == expected) << "missing from the cursor:" << joined(minus(expected, got))
                               << "\nnot in the file:" << joined(minus(got, expected));
}

TEST(ZoneCursor, PlainZone) {
  expect_same_records("example.com.", "example.com.zone");
}

TEST(ZoneCursor, AnswerZoneWithCutsGlueAndOccludedData) {
  expect_same_records("answer.example.", "answer/answer.example.zone");
}

TEST(ZoneCursor, SignedNsec) {
  expect_same_records("signed-nsec.example.", "signed-nsec.example.zone");
}

TEST(ZoneCursor, SignedNsec3) {
  expect_same_records("signed-nsec3.example.", "signed-nsec3.example.zone");
}

TEST(ZoneCursor, InteropZones) {
  for (const char* apex :
       {"interop.example.", "served.interop.example.", "signed-interop-ldns.example.",
        "signed-interop-ldns3.example.", "signed-interop-nsec.example.",
        "signed-interop-nsec3.example.", "signed-interop-optout.example.", "wildapex.example."}) {
    const std::string a(apex);
    expect_same_records(a, "interop/" + a.substr(0, a.size() - 1) + ".zone");
  }
}

TEST(ZoneCursor, GeneratedZone) {
  expect_same_records("generated.example.", "xfr/generated.example.zone");
}

// 70000 records in one RRset: the snapshot's 16-bit record count wraps, the byte ranges
// the cursor walks do not.
TEST(ZoneCursor, RrsetLargerThanSixteenBitCount) {
  expect_same_records("big-rrset.example.", "xfr/big-rrset.example.zone");
}

TEST(ZoneCursor, SoaFirstThenApexThenCanonicalOrderThenNsec3Chain) {
  auto z = load("signed-nsec3.example.", "signed-nsec3.example.zone");
  ZoneCursor c(*z);
  ASSERT_FALSE(c.done());
  EXPECT_EQ(c.record().type, rrtype::SOA);
  c.advance();
  // Then the rest of the apex in type order, the SOA's RRSIG among it (not the SOA again).
  bool soa_signature = false;
  for (; !c.done() && wire::equal(c.record().owner, z->apex()); c.advance()) {
    EXPECT_NE(c.record().type, rrtype::SOA);
    if (c.record().type == rrtype::RRSIG &&
        wire::load_u16(c.record().rdata.data()) == rrtype::SOA) {
      soa_signature = true;
      EXPECT_EQ(c.record().ttl, 3600u);
    }
  }
  EXPECT_TRUE(soa_signature);
  wire::Name previous(z->apex());
  bool in_chain = false;
  std::size_t nsec3 = 0;
  for (; !c.done(); c.advance()) {
    const ZoneRecord& r = c.record();
    const bool chain_record =
        r.type == rrtype::NSEC3 ||
        (r.type == rrtype::RRSIG && wire::load_u16(r.rdata.data()) == rrtype::NSEC3);
    if (chain_record && !in_chain) {
      in_chain = true;
      previous.assign(r.owner);
    }
    // The main tree, then the chain: each in canonical order.
    EXPECT_EQ(in_chain, chain_record) << wire::to_text(r.owner);
    EXPECT_LE(wire::canonical_compare(previous, r.owner), 0) << wire::to_text(r.owner);
    previous.assign(r.owner);
    nsec3 += r.type == rrtype::NSEC3;
  }
  EXPECT_EQ(nsec3, z->nsec3_chain().size());
  EXPECT_GT(nsec3, 0u);
}

TEST(ZoneCursor, ResumesWhereItStopped) {
  auto z = load("generated.example.", "xfr/generated.example.zone");
  ZoneCursor whole(*z);
  ZoneCursor a(*z);
  // A copy carries on exactly where the original stands.
  for (int i = 0; i < 1000; ++i)
    a.advance();
  ZoneCursor b = a;
  for (int i = 0; i < 1000; ++i)
    whole.advance();
  for (; !whole.done(); whole.advance(), b.advance()) {
    ASSERT_FALSE(b.done());
    EXPECT_EQ(whole.record().rdata.data(), b.record().rdata.data());
  }
  EXPECT_TRUE(b.done());
  b.advance();  // harmless at the end
  EXPECT_TRUE(b.done());
}

// A copy taken at any record, in an RRset's records or its RRSIGs, in the main tree, the
// NSEC3 chain or the extras, goes on exactly as the original.
void expect_copies_resume_at_every_record(const std::string& apex, const std::string& file) {
  SCOPED_TRACE(file);
  auto z = load(apex, file);
  std::vector<const std::uint8_t*> whole;
  for (ZoneCursor c(*z); !c.done(); c.advance())
    whole.push_back(c.record().rdata.data());
  ZoneCursor a(*z);
  for (std::size_t i = 0; i < whole.size(); ++i, a.advance()) {
    ZoneCursor b = a;
    std::size_t j = i;
    for (; !b.done(); b.advance(), ++j) {
      ASSERT_LT(j, whole.size());
      ASSERT_EQ(b.record().rdata.data(), whole[j]) << i << " " << j;
      ASSERT_EQ(b.position(), j);
    }
    EXPECT_EQ(j, whole.size());
  }
  EXPECT_TRUE(a.done());
}

TEST(ZoneCursor, CopyResumesAtEveryRecord) {
  expect_copies_resume_at_every_record("signed-nsec3.example.", "signed-nsec3.example.zone");
  expect_copies_resume_at_every_record("lossy.example.", "xfr/lossy.example.zone");
  expect_copies_resume_at_every_record("lossy-noparam.example.", "xfr/lossy-noparam.example.zone");
}

TEST(ZoneCursor, AllocatesNothingPerRecord) {
  auto z = load("generated.example.", "xfr/generated.example.zone");
  std::size_t n = 0;
  g_allocations = 0;
  g_counting = true;
  for (ZoneCursor c(*z); !c.done(); c.advance())
    ++n;
  g_counting = false;
  EXPECT_EQ(g_allocations, 0);
  EXPECT_GT(n, 30000u);
  // The extras phase likewise.
  auto lossy = load("lossy.example.", "xfr/lossy.example.zone");
  ASSERT_FALSE(lossy->extras().empty());
  n = 0;
  g_allocations = 0;
  g_counting = true;
  for (ZoneCursor c(*lossy); !c.done(); c.advance())
    ++n;
  g_counting = false;
  EXPECT_EQ(g_allocations, 0);
  EXPECT_EQ(n, 16u);
}

// The owner, type and class of a key ("owner TYPE class ttl rdata").
std::string head(const std::string& k) {
  return k.substr(0, k.find(' ', k.find(' ', k.find(' ') + 1) + 1));
}

// A zone with every kind of record the query form does not use: the cursor gives back each
// one (from the snapshot's extras), and changes nothing but one TTL: RRSIGs of one RRset
// with different TTLs all come out with the first one's (RFC 2181 §5.2).
TEST(ZoneCursor, GivesBackEveryRecordButOneTtlNormalisation) {
  const std::string apex = "lossy.example.";
  auto z = load(apex, "xfr/lossy.example.zone");
  const std::vector<std::string> file = file_records(apex, "xfr/lossy.example.zone");
  const std::vector<std::string> got = cursor_records(*z);
  EXPECT_EQ(got.size(), file.size());
  const std::vector<std::string> lost = minus(file, got), changed = minus(got, file);
  // 7: the RRSIG with TTL 60 comes out with the first RRSIG's TTL, 3600; its RDATA as it was.
  ASSERT_EQ(lost.size(), 1u) << joined(lost);
  ASSERT_EQ(changed.size(), 1u) << joined(changed);
  EXPECT_EQ(lost[0].find("www.lossy.example. RRSIG 1 60 "), 0u) << lost[0];
  EXPECT_EQ(changed[0].find("www.lossy.example. RRSIG 1 3600 "), 0u) << changed[0];
  EXPECT_EQ(lost[0].substr(lost[0].rfind(' ')), changed[0].substr(changed[0].rfind(' ')));

  // The query form is what it was: one NSEC3 in the chain, no NSEC3 owner in the tree.
  EXPECT_EQ(z->nsec3_chain().size(), 1u);
  EXPECT_EQ(z->find(name_of("not-a-hash.lossy.example.")), kNoNode);
  EXPECT_EQ(z->find(name_of("70jm3i62ktal6i6rtnqccn1pb1e7a1gi.lossy.example.")), kNoNode);
  // What it does not use is in the extras: the cursor's last records, in their order.
  std::vector<std::string> extras;
  for (ExtraRecords::Record r : z->extras())
    extras.push_back(head(key(r.owner, r.type, r.rclass, r.ttl, r.rdata)));
  const std::vector<std::string> expected_extras = {
      // 4: an RRSIG(NSEC3) alone at a name
      "1111111111111111111111111111111v.lossy.example. RRSIG 1",
      // 1: an NSEC3 of another parameter set, and its RRSIG (RRSIG is type 46, NSEC3 50)
      "70jm3i62ktal6i6rtnqccn1pb1e7a1gi.lossy.example. RRSIG 1",
      "70jm3i62ktal6i6rtnqccn1pb1e7a1gi.lossy.example. NSEC3 1",
      // 2: an NSEC3 below the apex's children
      "0123456789abcdefghijklmnopqrstuv.deep.lossy.example. NSEC3 1",
      // 3: an NSEC3 whose owner is not a hash
      "not-a-hash.lossy.example. NSEC3 1",
      // 6: an RRSIG alone at a name
      "orphan.lossy.example. RRSIG 1",
      // 5: an RRSIG whose covered type is absent
      "www.lossy.example. RRSIG 1",
  };
  EXPECT_EQ(extras, expected_extras) << joined(extras);
  std::vector<ZoneRecord> tail;
  for (ZoneCursor c(*z); !c.done(); c.advance())
    tail.push_back(c.record());
  ASSERT_GE(tail.size(), extras.size());
  tail.erase(tail.begin(), tail.end() - static_cast<std::ptrdiff_t>(extras.size()));
  std::size_t i = 0;
  for (ExtraRecords::Record r : z->extras()) {
    const ZoneRecord& c = tail[i++];
    // The very octets of the store: owners as the file gave them, case included.
    EXPECT_EQ(c.owner.data(), r.owner.data());
    EXPECT_EQ(c.rdata.data(), r.rdata.data());
    EXPECT_EQ(c.type, r.type);
    EXPECT_EQ(c.ttl, r.ttl);
  }
  EXPECT_EQ(wire::to_text(tail[1].owner), "70JM3I62KTAL6I6RTNQCCN1PB1E7A1GI.lossy.example.");
  // Canonical owner order, then type, then RDATA.
  ExtraRecords::Record previous;
  bool first = true;
  for (ExtraRecords::Record r : z->extras()) {
    if (!first) {
      EXPECT_LT(ExtraRecords::compare(previous, r), 0) << wire::to_text(r.owner);
    }
    previous = r;
    first = false;
  }
}

// Without a usable NSEC3PARAM no chain is built: its NSEC3s and their RRSIGs are extras.
TEST(ZoneCursor, NoUsableNsec3ParamKeepsTheNsec3sAsExtras) {
  const std::string apex = "lossy-noparam.example.";
  auto z = load(apex, "xfr/lossy-noparam.example.zone");
  EXPECT_FALSE(z->has_nsec3());
  const std::vector<std::string> file = file_records(apex, "xfr/lossy-noparam.example.zone");
  const std::vector<std::string> got = cursor_records(*z);
  EXPECT_TRUE(got == file) << "missing from the cursor:" << joined(minus(file, got))
                           << "\nnot in the file:" << joined(minus(got, file));
  std::vector<std::string> extras;
  for (ExtraRecords::Record r : z->extras())
    extras.push_back(head(key(r.owner, r.type, r.rclass, r.ttl, r.rdata)));
  EXPECT_EQ(extras, (std::vector<std::string>{
                        "60mbolvppnmsm80jd3037v64mlmfrl7v.lossy-noparam.example. RRSIG 1",
                        "60mbolvppnmsm80jd3037v64mlmfrl7v.lossy-noparam.example. NSEC3 1"}));
}

// A zone the query form holds entirely has no extras (an empty vector, nothing else).
TEST(ZoneCursor, OrdinaryZonesHaveNoExtras) {
  EXPECT_TRUE(load("example.com.", "example.com.zone")->extras().empty());
  EXPECT_TRUE(load("signed-nsec3.example.", "signed-nsec3.example.zone")->extras().empty());
  EXPECT_TRUE(load("generated.example.", "xfr/generated.example.zone")->extras().empty());
}

TEST(ZoneCursor, SoaRecord) {
  auto z = load("example.com.", "example.com.zone");
  ZoneRecord soa;
  ASSERT_TRUE(soa_record(*z, soa));
  EXPECT_EQ(soa.type, rrtype::SOA);
  EXPECT_EQ(wire::load_u32(soa.rdata.data() + soa.rdata.size() - 20), z->serial());
}

}  // namespace
}  // namespace zoned::zone
