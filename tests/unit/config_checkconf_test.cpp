// What zoned-checkconf prints: nsd-checkconf 4.6's formats for -o, -z, -p, -s, -a, -t, -f and
// -v. (tests/integration/test_checkconf.py compares with the real nsd-checkconf.)
#include <gtest/gtest.h>

#include <string>

#include "config/checkconf_output.h"
#include "config/config_loader.h"

namespace zoned::config {
namespace {

const char* kConfig = R"(server:
  ip-address: 127.0.0.1
  ip-address: ::1@5353
  port: 5300
  chroot: "/var/nsd"
  zonesdir: "/var/nsd/zones"
  pidfile: "/var/nsd/nsd.pid"
  xfrdfile: "/var/nsd/xfrd.state"
  zonelistfile: "/var/nsd/zone.list"
  xfrdir: "/var/nsd/tmp"
  database: ""
  logfile: "log/nsd.log"
  debug-mode: yes
key:
  name: "k1"
  secret: "YWJj"
pattern:
  name: "p1"
  notify: 127.0.0.2 k1
  provide-xfr: 127.0.0.0/8 NOKEY
  zonefile: "%s.zone"
zone:
  name: example.com
  include-pattern: p1
  request-xfr: AXFR 127.0.0.3@5353 k1
  allow-notify: 127.0.0.3 NOKEY
zone:
  name: b.example.
  zonefile: b.zone
tls-auth:
  name: t1
  auth-domain-name: example.net
)";

class Checkconf : public ::testing::Test {
 protected:
  void SetUp() override {
    loaded_ = load_config_text(kConfig, "c.conf");
    ASSERT_TRUE(loaded_.ok());
  }
  int query(CheckconfRequest request) {
    out_.clear();
    return print_checkconf_request(loaded_.config, request, out_);
  }
  std::string option(const std::string& name, bool final_paths = false) {
    CheckconfRequest request;
    request.option = name;
    request.final_paths = final_paths;
    EXPECT_EQ(query(request), 0) << name;
    return out_;
  }

  LoadedConfig loaded_;
  std::string out_;
};

TEST_F(Checkconf, ServerOptions) {
  EXPECT_EQ(option("port"), "5300\n");
  EXPECT_EQ(option("ip-address"), "127.0.0.1\n::1@5353\n");
  EXPECT_EQ(option("IP_Address"), "127.0.0.1\n::1@5353\n");  // NSD's name matching
  EXPECT_EQ(option("do-ip4"), "yes\n");
  EXPECT_EQ(option("debug-mode"), "yes\n");  // ignored by zoned, still shown
  EXPECT_EQ(option("tcp-mss"), "0\n");       // NSD's default
  EXPECT_EQ(option("identity"), "\n");
  EXPECT_EQ(option("chroot"), "/var/nsd/\n");  // with the slash NSD's checks add
  EXPECT_EQ(option("zonesdir"), "/var/nsd/zones/\n");
  EXPECT_EQ(option("zonefiles-write"), "3600\n");
  EXPECT_EQ(option("control-enable"), "yes\n");
  EXPECT_EQ(option("dnstap-socket-path"), "/var/run/nsd-dnstap.sock\n");
  EXPECT_EQ(option("tls-port"), "853\n");
}

TEST_F(Checkconf, FinalPathsGetTheChroot) {
  EXPECT_EQ(option("logfile"), "log/nsd.log\n");
  EXPECT_EQ(option("logfile", true), "/var/nsd/log/nsd.log\n");
  EXPECT_EQ(option("pidfile", true), "/var/nsd/nsd.pid\n");
  EXPECT_EQ(option("database", true), "/var/nsd/\n");  // "" is relative too, as NSD
  EXPECT_EQ(option("username", true), "nsd\n");        // not a path
}

TEST_F(Checkconf, ZonesAndPatternsLists) {
  EXPECT_EQ(option("zones"), "example.com\nb.example.\n");  // canonical order: com < example
  EXPECT_EQ(option("patterns"), "_implicit_b.example.\n_implicit_example.com\np1\n");
}

TEST_F(Checkconf, UnknownServerOption) {
  CheckconfRequest request;
  request.option = "no-such-thing";
  EXPECT_EQ(query(request), 1);
  EXPECT_EQ(out_, "Server option not handled: no_such_thing\n");
}

TEST_F(Checkconf, ZoneOptions) {
  CheckconfRequest request;
  request.zone = "EXAMPLE.com.";
  request.option = "request-xfr";
  EXPECT_EQ(query(request), 0);
  EXPECT_EQ(out_, "127.0.0.3@5353 k1\n");  // -o leaves out AXFR, as NSD
  request.option = "notify";
  query(request);
  EXPECT_EQ(out_, "127.0.0.2 k1\n");
  request.option = "zonefile";
  query(request);
  EXPECT_EQ(out_, "%s.zone\n");
  request.final_paths = true;
  query(request);
  EXPECT_EQ(out_, "/var/nsd/%s.zone\n");
  request.option = "pattern";
  query(request);
  EXPECT_EQ(out_, "_implicit_example.com\n");
  request.option = "notify-retry";
  query(request);
  EXPECT_EQ(out_, "yes\n");  // NSD prints it as a yes/no
  request.option = "max-refresh-time";
  query(request);
  EXPECT_EQ(out_, "2419200\n");
  request.option = "include-pattern";
  EXPECT_EQ(query(request), 1);
  EXPECT_EQ(out_, "Zone option not handled: EXAMPLE.com. include_pattern\n");
}

TEST_F(Checkconf, MissingZoneOrPattern) {
  CheckconfRequest request;
  request.option = "name";
  request.zone = "nope.example";
  EXPECT_EQ(query(request), 1);
  EXPECT_EQ(out_, "Zone does not exist: nope.example\n");
  request.zone = "bad..name";
  EXPECT_EQ(query(request), 1);
  EXPECT_EQ(out_, "Could not parse zone name bad..name\n");
  request.zone.reset();
  request.pattern = "nope";
  EXPECT_EQ(query(request), 1);
  EXPECT_EQ(out_, "Pattern does not exist: nope\n");
}

TEST_F(Checkconf, PatternOptions) {
  CheckconfRequest request;
  request.pattern = "p1";
  request.option = "provide-xfr";
  EXPECT_EQ(query(request), 0);
  EXPECT_EQ(out_, "127.0.0.0/8 NOKEY\n");
  request.option = "zonefile";
  request.final_paths = true;
  query(request);
  EXPECT_EQ(out_, "%s.zone\n");  // no chroot for a pattern's zonefile, as NSD
}

TEST_F(Checkconf, KeysAndTlsAuth) {
  CheckconfRequest request;
  request.key = "k1";
  query(request);
  EXPECT_EQ(out_, "YWJj\n");
  request.key_algorithm = true;
  query(request);
  EXPECT_EQ(out_, "sha256\n");
  request.key = "k2";
  EXPECT_EQ(query(request), 0);
  EXPECT_EQ(out_, "Could not find key k2\n");
  request.key.reset();
  request.tls_auth = "t1";
  query(request);
  EXPECT_EQ(out_, "example.net\n");
}

TEST_F(Checkconf, NothingWithoutAQuery) {
  CheckconfRequest request;
  request.zone = "example.com";
  EXPECT_EQ(query(request), 0);
  EXPECT_EQ(out_, "");
}

TEST_F(Checkconf, Verbose) {
  CheckconfRequest request;
  request.verbosity = 1;
  query(request);
  EXPECT_EQ(out_.substr(0, out_.find('\n') + 1),
            "# Read file c.conf: 3 patterns, 2 fixed-zones, 1 keys, 1 tls-auth.\n");
  EXPECT_NE(out_.find("server:\n\tdebug-mode: yes\n\tip-transparent: no\n"), std::string::npos);
  EXPECT_NE(out_.find("\t#identity:\n"), std::string::npos);
  EXPECT_NE(out_.find("\tport: \"5300\"\n"), std::string::npos);
  EXPECT_NE(out_.find("\tip-address: ::1@5353\n"), std::string::npos);
  EXPECT_NE(out_.find("\nkey:\n\tname: \"k1\"\n\talgorithm: \"sha256\"\n\tsecret: \"YWJj\"\n"),
            std::string::npos);
  EXPECT_NE(out_.find("\nzone:\n\tname: \"example.com\"\n\tzonefile: \"%s.zone\"\n"
                      "\tallow-notify: 127.0.0.3 NOKEY\n"
                      "\trequest-xfr: AXFR 127.0.0.3@5353 k1\n"
                      "\tnotify: 127.0.0.2 k1\n"
                      "\tprovide-xfr: 127.0.0.0/8 NOKEY\n"),
            std::string::npos)
      << out_;
  EXPECT_EQ(out_.find("# ip4"), std::string::npos);
  request.verbosity = 2;
  query(request);
  EXPECT_NE(out_.find("\tprovide-xfr: 127.0.0.0/8 NOKEY\n"
                      "\t# ip4 noport subnet addr=127.0.0.0 rangemask=255.0.0.0\n"),
            std::string::npos);
  EXPECT_NE(out_.find("\t# ip4 port=5353 single addr=127.0.0.3\n"), std::string::npos);
}

TEST(CheckconfMetrics, PrintedOnlyWhenConfigured) {
  LoadedConfig plain = load_config_text("", "c.conf");
  std::string out;
  print_checkconf_verbose(plain.config, 1, out);
  EXPECT_EQ(out.find("metrics"), std::string::npos);
  LoadedConfig metrics =
      load_config_text("server:\n metrics-enable: yes\n metrics-interface: 127.0.0.1\n", "c.conf");
  out.clear();
  print_checkconf_verbose(metrics.config, 1, out);
  EXPECT_NE(out.find("\tmetrics-enable: yes\n\tmetrics-interface: \"127.0.0.1\"\n"
                     "\tmetrics-port: 9100\n\tmetrics-path: \"/metrics\"\n"),
            std::string::npos);
}

}  // namespace
}  // namespace zoned::config
