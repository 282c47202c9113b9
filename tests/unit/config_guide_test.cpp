// The nsd.conf snippets of the user guides (tests/configs/guide) load, and mean what the
// guides say.
#include <gtest/gtest.h>

#include <string>

#include "config/config_loader.h"
#include "config/zonefile_path.h"

namespace zoned::config {
namespace {

LoadedConfig load_guide(const std::string& name) {
  LoadedConfig loaded = load_config_file(std::string(ZONED_TEST_DATA) + "/configs/guide/" + name);
  for (const Diagnostic& d : loaded.diagnostics.messages())
    ADD_FAILURE() << d.to_string();
  return loaded;
}

void expect_guide_key(const Config& config) {
  ASSERT_EQ(config.keys.size(), 1u);
  EXPECT_EQ(config.keys[0].name, "secretkey0");
  EXPECT_EQ(config.keys[0].algorithm, TsigAlgorithm::kHmacSha256);
  EXPECT_EQ(config.keys[0].secret.size(), 32u);
}

TEST(ConfigGuide, LinodePrimary) {
  for (const char* name : {"000_primary.conf", "001_primary.conf"}) {
    LoadedConfig loaded = load_guide(name);
    ASSERT_TRUE(loaded.ok());
    expect_guide_key(loaded.config);
    ASSERT_EQ(loaded.config.zones.size(), 1u);
    const Zone& zone = loaded.config.zones[0];
    EXPECT_FALSE(zone.is_secondary());
    ASSERT_EQ(zone.settings.notify.size(), 1u);
    EXPECT_EQ(zone.settings.notify[0].address_spec, "127.0.0.3");
    EXPECT_EQ(zone.settings.notify[0].key_name, "secretkey0");
    ASSERT_EQ(zone.settings.provide_xfr.size(), 1u);
    EXPECT_EQ(zone.settings.provide_xfr[0].key_name, "secretkey0");
    EXPECT_EQ(zonefile_path(loaded.config, zone), "/etc/nsd/zones/master/" + zone.name + ".zone");
  }
}

TEST(ConfigGuide, LinodeSecondary) {
  for (const char* name : {"000_secondary.conf", "001_secondary.conf"}) {
    LoadedConfig loaded = load_guide(name);
    ASSERT_TRUE(loaded.ok());
    const ServerOptions& server = loaded.config.server;
    ASSERT_EQ(server.ip_addresses.size(), 2u);
    EXPECT_EQ(server.ip_addresses[0].text, "127.0.0.3");
    EXPECT_EQ(server.ip_addresses[1].text, "::1");
    const Zone& zone = loaded.config.zones.at(0);
    EXPECT_TRUE(zone.is_secondary());
    ASSERT_EQ(zone.settings.request_xfr.size(), 1u);
    EXPECT_TRUE(zone.settings.request_xfr[0].axfr_only);
    EXPECT_EQ(zone.settings.request_xfr[0].address_spec, "127.0.0.2");
    EXPECT_EQ(zone.settings.allow_notify[0].address_spec, "127.0.0.2");
    EXPECT_EQ(*zone.settings.zonefile, "zones/secondary/" + zone.name + ".zone");
  }
}

TEST(ConfigGuide, LinodeHiddenPrimaryNotifiesBothSecondaries) {
  for (const char* name : {"000_hidden_primary.conf", "001_hidden_primary.conf"}) {
    LoadedConfig loaded = load_guide(name);
    ASSERT_TRUE(loaded.ok());
    EXPECT_EQ(loaded.config.server.ip_addresses[0].text, "127.0.0.4");
    const ZoneSettings& s = loaded.config.zones.at(0).settings;
    ASSERT_EQ(s.notify.size(), 2u);
    EXPECT_EQ(s.notify[0].address_spec, "127.0.0.2");
    EXPECT_EQ(s.notify[1].address_spec, "127.0.0.3");
    EXPECT_EQ(s.provide_xfr.size(), 2u);
  }
}

TEST(ConfigGuide, LinodeSecondariesOfTheHiddenPrimary) {
  for (const char* name : {"000_hidden_secondary.conf", "001_hidden_secondary.conf"}) {
    LoadedConfig loaded = load_guide(name);
    ASSERT_TRUE(loaded.ok());
    const Zone& zone = loaded.config.zones.at(0);
    EXPECT_TRUE(zone.is_secondary());
    EXPECT_EQ(zone.settings.request_xfr[0].address_spec, "127.0.0.3");
  }
}

TEST(ConfigGuide, SecondaryWithoutKeys) {
  LoadedConfig loaded = load_guide("002_secondary.conf");
  ASSERT_TRUE(loaded.ok());
  const Zone& zone = loaded.config.zones.at(0);
  EXPECT_EQ(zone.name, "example.com");
  EXPECT_EQ(zone.settings.allow_notify[0].key, AclKey::kNoKey);
  EXPECT_EQ(zone.settings.request_xfr[0].key, AclKey::kNoKey);
  EXPECT_FALSE(zone.settings.request_xfr[0].axfr_only);
  EXPECT_EQ(zonefile_path(loaded.config, zone), "/etc/nsd/example.com.zone");
}

}  // namespace
}  // namespace zoned::config
