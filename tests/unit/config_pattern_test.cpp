// include-pattern: settings copied in where the line stands, lists accumulated, patterns
// including patterns, and the errors.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "config/config_loader.h"

namespace zoned::config {
namespace {

LoadedConfig load(const std::string& text) {
  return load_config_text(text, "t.conf");
}

std::vector<std::string> all_messages(const LoadedConfig& loaded) {
  std::vector<std::string> out;
  for (const Diagnostic& d : loaded.diagnostics.messages())
    out.push_back(d.to_string());
  return out;
}

std::vector<std::string> specs(const std::vector<AclEntry>& list) {
  std::vector<std::string> out;
  for (const AclEntry& entry : list)
    out.push_back(entry.address_spec);
  return out;
}

const char* kPatterns = R"(pattern:
  name: "outbound"
  zonefile: "zones/master/%s.zone"
  notify: 192.0.2.2 NOKEY
  provide-xfr: 192.0.2.2 NOKEY
  notify-retry: 7
  rrl-whitelist: nxdomain
pattern:
  name: "more"
  include-pattern: "outbound"
  notify: 192.0.2.3 NOKEY
  allow-axfr-fallback: no
)";

TEST(ConfigPattern, ZoneGetsThePatternsSettings) {
  LoadedConfig loaded =
      load(std::string(kPatterns) + "zone:\n name: a.example\n include-pattern: outbound\n");
  ASSERT_TRUE(loaded.ok()) << all_messages(loaded)[0];
  const Zone& zone = loaded.config.zones[0];
  EXPECT_EQ(*zone.settings.zonefile, "zones/master/%s.zone");
  EXPECT_EQ(specs(zone.settings.notify), (std::vector<std::string>{"192.0.2.2"}));
  EXPECT_EQ(*zone.settings.notify_retry, 7u);
  EXPECT_EQ(zone.settings.rrl_whitelist, 0x01);
  EXPECT_EQ(zone.included_patterns, (std::vector<std::string>{"outbound"}));
  EXPECT_EQ(zone.settings.notify[0].where.line, 4u);  // the pattern's line
}

TEST(ConfigPattern, PatternsIncludePatterns) {
  LoadedConfig loaded =
      load(std::string(kPatterns) + "zone:\n name: b.example\n include-pattern: more\n");
  ASSERT_TRUE(loaded.ok());
  const ZoneSettings& s = loaded.config.zones[0].settings;
  EXPECT_EQ(specs(s.notify), (std::vector<std::string>{"192.0.2.2", "192.0.2.3"}));
  EXPECT_EQ(*s.zonefile, "zones/master/%s.zone");
  EXPECT_FALSE(*s.allow_axfr_fallback);
  const Pattern* more = loaded.config.find_pattern("more");
  ASSERT_NE(more, nullptr);
  EXPECT_EQ(specs(more->settings.provide_xfr), (std::vector<std::string>{"192.0.2.2"}));
}

TEST(ConfigPattern, ListsAccumulateInTheOrderOfTheLines) {
  LoadedConfig loaded = load(std::string(kPatterns) +
                             "zone:\n name: c.example\n notify: 192.0.2.9 NOKEY\n"
                             " include-pattern: outbound\n notify: 192.0.2.10 NOKEY\n"
                             " include-pattern: more\n");
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(
      specs(loaded.config.zones[0].settings.notify),
      (std::vector<std::string>{"192.0.2.9", "192.0.2.2", "192.0.2.10", "192.0.2.2", "192.0.2.3"}));
}

TEST(ConfigPattern, ZoneSettingAfterTheIncludeWins) {
  LoadedConfig loaded = load(std::string(kPatterns) +
                             "zone:\n name: d.example\n include-pattern: outbound\n"
                             " zonefile: \"own.zone\"\n notify-retry: 2\n");
  ASSERT_TRUE(loaded.ok());
  EXPECT_TRUE(loaded.diagnostics.messages().empty());
  EXPECT_EQ(*loaded.config.zones[0].settings.zonefile, "own.zone");
  EXPECT_EQ(*loaded.config.zones[0].settings.notify_retry, 2u);
}

TEST(ConfigPattern, SettingBeforeTheIncludeIsReplacedAsInNsdWithAWarning) {
  LoadedConfig loaded = load(std::string(kPatterns) +
                             "zone:\n name: e.example\n zonefile: \"own.zone\"\n"
                             " notify-retry: 7\n include-pattern: outbound\n");
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(*loaded.config.zones[0].settings.zonefile, "zones/master/%s.zone");
  // notify-retry had the same value: nothing lost, nothing said.
  EXPECT_EQ(all_messages(loaded),
            (std::vector<std::string>{
                "t.conf:17: warning: include-pattern 'outbound' replaces zonefile set above it "
                "(NSD applies a pattern where it is included; write the include-pattern first "
                "to keep these)"}));
}

TEST(ConfigPattern, UnsetPatternValuesLeaveTheZonesAlone) {
  // NSD 4.6 would reset size-limit-xfr to 0 here; zoned passes on only what the pattern sets.
  LoadedConfig loaded = load(
      "pattern:\n name: p\n notify: 192.0.2.1 NOKEY\n"
      "zone:\n name: f.example\n zonefile: x\n size-limit-xfr: 100\n include-pattern: p\n");
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(*loaded.config.zones[0].settings.size_limit_xfr, 100u);
}

TEST(ConfigPattern, MaxRecordsIsInheritedAndOverridden) {
  LoadedConfig loaded = load(
      "pattern:\n name: p\n max-records: 5000\n"
      "zone:\n name: a.example\n zonefile: x\n include-pattern: p\n"
      "zone:\n name: b.example\n zonefile: x\n include-pattern: p\n max-records: 7\n"
      "zone:\n name: c.example\n zonefile: x\n");
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(*loaded.config.zones[0].settings.max_records, 5000u);
  EXPECT_EQ(*loaded.config.zones[1].settings.max_records, 7u);
  EXPECT_EQ(*loaded.config.zones[2].settings.max_records, 0u);  // no limit
}

TEST(ConfigPattern, VerifySettingsAreInherited) {
  LoadedConfig loaded = load(
      "pattern:\n name: p\n verify-zone: no\n verifier-timeout: 4\n verifier: a b\n"
      "zone:\n name: g.example\n zonefile: x\n include-pattern: p\n");
  ASSERT_TRUE(loaded.ok());
  const ZoneSettings& s = loaded.config.zones[0].settings;
  EXPECT_TRUE(s.verify_zone.is_set);
  EXPECT_EQ(*s.verifier_timeout, 4u);
  EXPECT_EQ(*s.verifier, (std::vector<std::string>{"a", "b"}));
}

TEST(ConfigPattern, PatternMustBeDefinedAbove) {
  EXPECT_EQ(all_messages(load("zone:\n name: e.com\n zonefile: x\n include-pattern: p\n"
                              "pattern:\n name: p\n")),
            (std::vector<std::string>{
                "t.conf:4: error: pattern 'p' is not defined above this include-pattern"}));
  EXPECT_EQ(all_messages(load("pattern:\n name: p\n include-pattern: p\n")),
            (std::vector<std::string>{
                "t.conf:3: error: pattern 'p' is not defined above this include-pattern"}));
}

TEST(ConfigPattern, NamesAreCaseSensitive) {
  EXPECT_FALSE(load("pattern:\n name: P\nzone:\n name: e.com\n zonefile: x\n"
                    " include-pattern: p\n")
                   .ok());
}

}  // namespace
}  // namespace zoned::config
