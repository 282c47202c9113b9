// NSD's chroot path rule: configured paths inside the chroot lose its prefix.
#include "config/chroot_paths.h"

#include <gtest/gtest.h>

namespace zoned::config {
namespace {

TEST(ChrootPaths, PathsInsideLoseThePrefix) {
  EXPECT_EQ(path_in_chroot("/etc/nsd/zones/a.zone", "/etc/nsd"), "/zones/a.zone");
  EXPECT_EQ(path_in_chroot("/etc/nsd/zones/a.zone", "/etc/nsd/"), "/zones/a.zone");
  EXPECT_EQ(path_in_chroot("/etc/nsd", "/etc/nsd"), "/");
}

TEST(ChrootPaths, OtherPathsStayAsTheyAre) {
  EXPECT_EQ(path_in_chroot("/etc/nsdx/a.zone", "/etc/nsd"), "/etc/nsdx/a.zone");
  EXPECT_EQ(path_in_chroot("zones/a.zone", "/etc/nsd"), "zones/a.zone");
  EXPECT_EQ(path_in_chroot("/var/lib/a", "/"), "/var/lib/a");
}

TEST(ChrootPaths, RebaseTouchesWhatIsOpenedInside) {
  Config config;
  config.server.zonesdir = "/srv/dns/zones";
  config.server.xfrdfile = "/srv/dns/state/xfrd.state";
  config.server.zonelistfile = "/srv/dns/state/zone.list";
  config.server.pidfile = "/run/zoned.pid";
  Zone zone;
  zone.settings.zonefile.set("/srv/dns/zones/a.zone");
  config.zones.push_back(zone);
  rebase_into_chroot(config, "/srv/dns");
  EXPECT_EQ(config.server.zonesdir, "/zones");
  EXPECT_EQ(config.server.xfrdfile, "/state/xfrd.state");
  EXPECT_EQ(config.server.zonelistfile, "/state/zone.list");
  EXPECT_EQ(config.server.pidfile, "/run/zoned.pid");  // written before entering
  EXPECT_EQ(*config.zones[0].settings.zonefile, "/zones/a.zone");
}

}  // namespace
}  // namespace zoned::config
