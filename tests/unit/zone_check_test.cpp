#include "zone/zone_check.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "wire/rrtype.h"
#include "zone/zone_loader.h"

namespace zoned::zone {
namespace {

const char* kHead =
    "$ORIGIN example.com.\n"
    "$TTL 3600\n"
    "@ SOA ns1 hostmaster 1 3600 600 1209600 300\n"
    "@ NS ns1\n"
    "ns1 A 192.0.2.1\n";

struct Loaded {
  std::unique_ptr<ZoneContents> zone;
  std::vector<std::string> lines;
  LoadResult result;
  bool has(std::string_view needle) const {
    for (const auto& l : lines) {
      if (l.find(needle) != std::string::npos) return true;
    }
    return false;
  }
  std::string all() const {
    std::string s;
    for (const auto& l : lines)
      s += l + "\n";
    return s;
  }
};

Loaded load(const std::string& text, bool with_head = true) {
  auto dir = std::filesystem::temp_directory_path() / ("zoned-check-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "z.zone").string();
  std::ofstream(path) << (with_head ? kHead : "") << text;
  Loaded l;
  wire::Name apex;
  EXPECT_EQ(wire::parse_name("example.com.", nullptr, apex), wire::NameTextError::kOk);
  l.zone = std::make_unique<ZoneContents>(apex);
  l.result = load_zone_file(path, *l.zone, [&](const std::string& s) { l.lines.push_back(s); });
  std::filesystem::remove_all(dir);
  return l;
}

TEST(ZoneCheck, CleanZoneHasNoProblems) {
  Loaded l = load("www A 192.0.2.80\nwww AAAA 2001:db8::80\nftp CNAME www\n");
  EXPECT_EQ(l.result.errors, 0u) << l.all();
  EXPECT_EQ(l.result.warnings, 0u) << l.all();
}

TEST(ZoneCheck, SoaMissing) {
  Loaded l = load("$ORIGIN example.com.\n$TTL 60\n@ NS ns1\nns1 A 192.0.2.1\n", false);
  EXPECT_EQ(l.result.errors, 1u) << l.all();
  EXPECT_TRUE(l.has("error: zone example.com. has no SOA record at its apex")) << l.all();
}

TEST(ZoneCheck, TwoSoaRecords) {
  Loaded l = load("@ SOA ns1 hostmaster 2 3600 600 1209600 300\n");
  EXPECT_TRUE(l.has("z.zone:3: error: more than one SOA record at example.com.")) << l.all();
}

TEST(ZoneCheck, SoaBelowTheApex) {
  Loaded l = load("sub SOA ns1 hostmaster 2 3600 600 1209600 300\n");
  EXPECT_TRUE(l.has("z.zone:6: error: SOA record at sub.example.com., not at the zone apex"))
      << l.all();
}

TEST(ZoneCheck, NsMissingAtApex) {
  Loaded l = load("$ORIGIN example.com.\n$TTL 60\n@ SOA ns1 h 1 1 1 1 1\n", false);
  EXPECT_TRUE(l.has("z.zone:3: error: zone example.com. has no NS records at its apex")) << l.all();
}

TEST(ZoneCheck, CnameAndOtherData) {
  Loaded l = load("www CNAME web\nwww A 192.0.2.1\nweb A 192.0.2.2\n");
  EXPECT_EQ(l.result.errors, 1u) << l.all();
  EXPECT_TRUE(l.has("z.zone:7: error: CNAME and other data at www.example.com.")) << l.all();
}

TEST(ZoneCheck, CnameBesideDnssecRecordsIsFine) {
  Loaded l = load(
      "www CNAME web\n"
      "www NSEC zz.example.com. CNAME RRSIG NSEC\n"
      "web A 192.0.2.2\n");
  EXPECT_EQ(l.result.errors, 0u) << l.all();
}

TEST(ZoneCheck, TwoCnamesAndCnameWithDname) {
  Loaded l = load("www CNAME a\nwww CNAME b\nd DNAME example.net.\nd CNAME c\n");
  EXPECT_TRUE(l.has("more than one CNAME record at www.example.com.")) << l.all();
  EXPECT_TRUE(l.has("CNAME and DNAME at d.example.com.")) << l.all();
}

TEST(ZoneCheck, DataOutsideTheZone) {
  Loaded l = load("www.example.net. A 192.0.2.1\n");
  EXPECT_TRUE(l.has("z.zone:6: error: www.example.net. is outside the zone example.com."))
      << l.all();
}

TEST(ZoneCheck, MissingGlue) {
  Loaded l = load("sub NS ns.sub\nsub NS ns.other\nother NS ns.other\n");
  EXPECT_TRUE(
      l.has("z.zone:6: error: missing glue: NS target ns.sub.example.com. of "
            "sub.example.com. has no A or AAAA record"))
      << l.all();
  // Sibling glue: the target lies below another delegation of the zone.
  EXPECT_TRUE(l.has("z.zone:7: error: missing glue: NS target ns.other.example.com.")) << l.all();
}

TEST(ZoneCheck, GluePresentIsFine) {
  Loaded l = load(
      "sub NS ns.sub\nns.sub A 192.0.2.53\nsub NS ns.other\nother NS ns1\n"
      "ns.other AAAA 2001:db8::53\n");
  EXPECT_EQ(l.result.errors, 0u) << l.all();
  EXPECT_EQ(l.result.warnings, 0u) << l.all();
}

TEST(ZoneCheck, InZoneNsTargetWithoutAddress) {
  Loaded l = load("@ NS ns2\n");
  EXPECT_TRUE(
      l.has("z.zone:6: error: NS target ns2.example.com. of example.com. has no "
            "address records (A or AAAA)"))
      << l.all();
}

TEST(ZoneCheck, OccludedDataBelowACut) {
  Loaded l = load(
      "sub NS ns.sub\nns.sub A 192.0.2.53\nwww.sub TXT \"hidden\"\n"
      "sub TXT \"beside\"\n");
  EXPECT_EQ(l.result.errors, 0u) << l.all();
  EXPECT_TRUE(
      l.has("z.zone:8: warning: www.sub.example.com. is occluded by the delegation at "
            "sub.example.com."))
      << l.all();
  EXPECT_TRUE(l.has("warning: data beside the delegation at sub.example.com. is occluded"))
      << l.all();
  EXPECT_FALSE(l.has("ns.sub.example.com. is occluded")) << l.all();  // glue is not
}

TEST(ZoneCheck, OccludedBelowDname) {
  Loaded l = load("d DNAME example.net.\nx.d A 192.0.2.1\n");
  EXPECT_TRUE(
      l.has("z.zone:7: warning: x.d.example.com. is occluded by the DNAME at "
            "d.example.com."))
      << l.all();
}

TEST(ZoneCheck, TtlDifferenceInsideAnRRset) {
  Loaded l = load("www 300 A 192.0.2.1\nwww 600 A 192.0.2.2\n");
  EXPECT_EQ(l.result.errors, 0u) << l.all();
  EXPECT_TRUE(
      l.has("z.zone:7: warning: www.example.com. A: TTL 600 differs from the "
            "RRset's TTL 300"))
      << l.all();
  for (const Record& r : l.zone->records()) {
    if (r.type == wire::rrtype::A && wire::to_text(l.zone->owner_of(r)) == "www.example.com.") {
      EXPECT_EQ(r.ttl, 300u);
    }
  }
}

TEST(ZoneCheck, DuplicatesAreDroppedComparingNamesCaseInsensitively) {
  Loaded l = load(
      "@ MX 10 mail\n@ MX 10 MAIL.example.com.\nmail A 192.0.2.9\n"
      "mail A 192.0.2.9\n");
  EXPECT_EQ(l.result.errors, 0u) << l.all();
  EXPECT_TRUE(l.has("z.zone:7: warning: duplicate record example.com. MX dropped")) << l.all();
  EXPECT_TRUE(l.has("z.zone:9: warning: duplicate record mail.example.com. A dropped")) << l.all();
  std::size_t live_mx = 0;
  for (const Record& r : l.zone->records()) {
    live_mx += ZoneContents::live(r) && r.type == wire::rrtype::MX;
  }
  EXPECT_EQ(live_mx, 1u);
}

}  // namespace
}  // namespace zoned::zone
