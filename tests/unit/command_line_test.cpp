#include "server/command_line.h"

#include <gtest/gtest.h>

#include "config/config_loader.h"

namespace zoned::server {
namespace {

config::Config load(const char* text) {
  config::LoadedConfig loaded = config::load_config_text(text, "test.conf");
  EXPECT_TRUE(loaded.ok());
  return std::move(loaded.config);
}

TEST(CommandLine, PidfileDefaultsToZonedsOwnNotNsds) {
  config::Config config = load("server:\n  port: 5353\n");
  std::string error;
  ASSERT_TRUE(apply_command_line(CommandLine{}, config, error)) << error;
  EXPECT_EQ(config.server.pidfile, kDefaultPidfile);
}

TEST(CommandLine, PidfileFromTheConfigurationIsKept) {
  config::Config config = load("server:\n  pidfile: \"/run/nsd/nsd.pid\"\n");
  std::string error;
  ASSERT_TRUE(apply_command_line(CommandLine{}, config, error)) << error;
  EXPECT_EQ(config.server.pidfile, "/run/nsd/nsd.pid");
}

TEST(CommandLine, DashPWinsOverTheConfiguration) {
  config::Config config = load("server:\n  pidfile: \"/run/nsd/nsd.pid\"\n");
  CommandLine line;
  line.pidfile = "/tmp/z.pid";
  std::string error;
  ASSERT_TRUE(apply_command_line(line, config, error)) << error;
  EXPECT_EQ(config.server.pidfile, "/tmp/z.pid");
}

}  // namespace
}  // namespace zoned::server
