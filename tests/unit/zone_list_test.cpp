// The zonelistfile (NSD's zone.list format) and zones made from a pattern.
#include "config/zone_list.h"

#include <gtest/gtest.h>

#include "config/config_loader.h"

namespace zoned::config {
namespace {

TEST(ZoneList, ReadsNsdsFormatSkippingDeletedEntriesAndComments) {
  const std::string text =
      "# NSD zone list\n# name pattern\nadd example.com secondary_inbound\n"
      "del old.example  secondary_inbound   \n\nadd\texample.net\tp2\r\n";
  std::vector<ZoneListEntry> entries;
  std::string error;
  ASSERT_TRUE(parse_zone_list(text, entries, error)) << error;
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].name, "example.com");
  EXPECT_EQ(entries[0].pattern, "secondary_inbound");
  EXPECT_EQ(entries[1].name, "example.net");
  EXPECT_EQ(entries[1].pattern, "p2");
}

TEST(ZoneList, MalformedLineNamesItsNumber) {
  std::vector<ZoneListEntry> entries{{"keep", "me"}};
  std::string error;
  EXPECT_FALSE(parse_zone_list("# list\nadd example.com\n", entries, error));
  EXPECT_EQ(error, "line 2: expected \"add <zone> <pattern>\"");
  EXPECT_EQ(entries.size(), 1u);  // untouched
}

TEST(ZoneList, TextRoundTrips) {
  const std::vector<ZoneListEntry> entries{{"a.example", "p"}, {"b.example.", "q"}};
  std::vector<ZoneListEntry> back;
  std::string error;
  ASSERT_TRUE(parse_zone_list(zone_list_text(entries), back, error));
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[1].name, "b.example.");
  EXPECT_EQ(back[1].pattern, "q");
}

TEST(ZoneList, ZoneFromPatternTakesThePatternsSettings) {
  LoadedConfig loaded = load_config_text(
      "key:\n name: k\n algorithm: hmac-sha256\n secret: \"AAAA\"\n"
      "pattern:\n name: \"in\"\n zonefile: \"%s.zone\"\n request-xfr: 192.0.2.1 k\n"
      " allow-notify: 192.0.2.1 k\n",
      "test.conf");
  ASSERT_TRUE(loaded.ok());
  Zone zone;
  std::string error;
  ASSERT_TRUE(zone_from_pattern(loaded.config, "Example.COM.", "in", zone, error)) << error;
  EXPECT_EQ(zone.name, "Example.COM");
  EXPECT_TRUE(zone.is_secondary());
  EXPECT_EQ(*zone.settings.zonefile, "%s.zone");
  EXPECT_EQ(zone.included_patterns, std::vector<std::string>{"in"});
  EXPECT_FALSE(zone_from_pattern(loaded.config, "example.com", "nope", zone, error));
  EXPECT_EQ(error, "pattern nope does not exist");
  EXPECT_FALSE(zone_from_pattern(loaded.config, "bad..name", "in", zone, error));
}

}  // namespace
}  // namespace zoned::config
