// ZoneSet::find_zone: the closest enclosing apex, without allocating.
#include "zone/zone_set.h"

#include <gtest/gtest.h>

#include <string>

namespace zoned::zone {
namespace {

wire::Name name_of(const std::string& text) {
  wire::Name n;
  EXPECT_EQ(wire::parse_name(text, nullptr, n), wire::NameTextError::kOk) << text;
  return n;
}

std::shared_ptr<const ZoneSnapshot> empty_zone(const std::string& apex) {
  ZoneContents contents(name_of(apex));
  contents.finish();
  return build_snapshot(contents);
}

std::string zone_for(const ZoneSet& set, const std::string& qname) {
  const ZoneSnapshot* z = set.find_zone(name_of(qname));
  return z == nullptr ? "-" : wire::to_text(z->apex());
}

TEST(ZoneSet, MostSpecificApexWins) {
  ZoneSet set({empty_zone("example.com."), empty_zone("sub.example.com."), empty_zone("org.")});
  EXPECT_EQ(zone_for(set, "example.com."), "example.com.");
  EXPECT_EQ(zone_for(set, "www.example.com."), "example.com.");
  EXPECT_EQ(zone_for(set, "sub.example.com."), "sub.example.com.");
  EXPECT_EQ(zone_for(set, "a.b.SUB.Example.COM."), "sub.example.com.");
  EXPECT_EQ(zone_for(set, "xsub.example.com."), "example.com.");
  EXPECT_EQ(zone_for(set, "example.net."), "-");
  EXPECT_EQ(zone_for(set, "com."), "-");
  EXPECT_EQ(zone_for(set, "www.example.org."), "org.");
  EXPECT_EQ(set.zones().size(), 3u);
}

TEST(ZoneSet, RootZoneCatchesEverything) {
  ZoneSet set({empty_zone("."), empty_zone("example.")});
  EXPECT_EQ(zone_for(set, "www.example."), "example.");
  EXPECT_EQ(zone_for(set, "anything.test."), ".");
  EXPECT_EQ(zone_for(set, "."), ".");
}

TEST(ZoneSet, EmptySetFindsNothing) {
  ZoneSet set;
  EXPECT_EQ(zone_for(set, "example."), "-");
}

TEST(ZoneSnapshot, EmptyContentsStillHaveAnApex) {
  auto z = empty_zone("example.");
  EXPECT_EQ(z->node_count(), 1u);
  EXPECT_EQ(z->find(name_of("example.")), ZoneSnapshot::kApexNode);
  EXPECT_EQ(snapshot_serial(*z), 0u);
}

}  // namespace
}  // namespace zoned::zone
