// zonefile: substitutions (%s %1 %2 %3 %z %y %x) and where a relative path is taken from.
#include <gtest/gtest.h>

#include <string>

#include "config/config_loader.h"
#include "config/zonefile_path.h"

namespace zoned::config {
namespace {

std::string expand(std::string_view zonefile, const std::string& zone_name) {
  wire::Name apex;
  wire::NameView root;
  EXPECT_EQ(wire::parse_name(zone_name, &root, apex), wire::NameTextError::kOk);
  return expand_zonefile(zonefile, zone_name, apex);
}

TEST(ConfigZonefilePath, PlainNameIsKept) {
  EXPECT_EQ(expand("zones/master/linoderocks.com.zone", "linoderocks.com"),
            "zones/master/linoderocks.com.zone");
}

TEST(ConfigZonefilePath, EverySubstitution) {
  EXPECT_EQ(expand("%s.zone", "example.com"), "example.com.zone");
  EXPECT_EQ(expand("zones/%1/%2/%3/%s", "example.com"), "zones/e/x/a/example.com");
  EXPECT_EQ(expand("secondary/%z/%s", "example.com"), "secondary/com/example.com");
  EXPECT_EQ(expand("%z/%y/%x", "www.sub.example.com"), "com/example/sub");
  EXPECT_EQ(expand("%x-%y-%z", "a.b.c.d.e"), "c-d-e");
}

TEST(ConfigZonefilePath, MissingCharactersAndLabelsBecomeDots) {
  EXPECT_EQ(expand("%1%2%3", "ab"), "ab.");
  EXPECT_EQ(expand("%z/%y/%x", "example.com"), "com/example/.");
  EXPECT_EQ(expand("%z/%y/%x", "com"), "com/./.");
  EXPECT_EQ(expand("%s|%1|%z", "."), ".|.|.");
}

TEST(ConfigZonefilePath, NameAsWrittenWithItsDotAndCase) {
  EXPECT_EQ(expand("%s.zone", "Example.COM."), "Example.COM..zone");
  EXPECT_EQ(expand("%1%2/%z", "Example.COM."), "Ex/COM");
}

TEST(ConfigZonefilePath, EveryOccurrenceAndUnknownEscapesStay) {
  EXPECT_EQ(expand("%s/%s", "a.b"), "a.b/a.b");
  EXPECT_EQ(expand("%q/100%", "a.b"), "%q/100%");
}

TEST(ConfigZonefilePath, SubstitutedTextIsNotSubstitutedAgainByTheSameEscape) {
  // A zone name containing "%s" (escaped in the name) stays as it is.
  EXPECT_EQ(expand("%s", "x%s.example"), "x%s.example");
}

Zone zone_with_file(const std::string& name, const std::string& zonefile) {
  LoadedConfig loaded = load_config_text(
      "zone:\n name: \"" + name + "\"\n zonefile: \"" + zonefile + "\"\n", "t.conf");
  EXPECT_TRUE(loaded.ok());
  return loaded.config.zones.at(0);
}

TEST(ConfigZonefilePath, RelativePathsAreUnderZonesdir) {
  Zone zone = zone_with_file("example.com", "zones/%s.zone");
  EXPECT_EQ(zonefile_path(zone, "/etc/nsd"), "/etc/nsd/zones/example.com.zone");
  EXPECT_EQ(zonefile_path(zone, "/srv/zones/"), "/srv/zones/zones/example.com.zone");
  EXPECT_EQ(zonefile_path(zone, ""), "zones/example.com.zone");  // NSD does no chdir then
  Zone absolute = zone_with_file("example.com", "/var/zones/%s");
  EXPECT_EQ(zonefile_path(absolute, "/etc/nsd"), "/var/zones/example.com");
}

TEST(ConfigZonefilePath, ConfigZonesdirOrNsdsDefault) {
  LoadedConfig loaded = load_config_text("zone:\n name: a.example\n zonefile: a.zone\n", "t.conf");
  EXPECT_EQ(zonefile_path(loaded.config, loaded.config.zones[0]), "/etc/nsd/a.zone");
  LoadedConfig own = load_config_text(
      "server:\n zonesdir: \"/srv/dns\"\nzone:\n name: a.example\n zonefile: a.zone\n", "t.conf");
  EXPECT_EQ(zonefile_path(own.config, own.config.zones[0]), "/srv/dns/a.zone");
}

TEST(ConfigZonefilePath, NoZonefileNoPath) {
  LoadedConfig loaded = load_config_text(
      "zone:\n name: s.example\n request-xfr: 192.0.2.1 NOKEY\nzone:\n name: t.example\n"
      " request-xfr: 192.0.2.1 NOKEY\n zonefile: \"\"\n",
      "t.conf");
  ASSERT_TRUE(loaded.ok());
  EXPECT_FALSE(zonefile_path(loaded.config.zones[0], "/etc/nsd"));
  EXPECT_FALSE(zonefile_path(loaded.config.zones[1], "/etc/nsd"));
}

}  // namespace
}  // namespace zoned::config
