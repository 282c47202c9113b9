// The nsd.conf grammar: clauses, options and their values, the model they fill, and every
// error with the line it is reported at.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "config/config_loader.h"

namespace zoned::config {
namespace {

LoadedConfig load(std::string text) {
  return load_config_text(std::move(text), "t.conf");
}

std::vector<std::string> messages(const LoadedConfig& loaded, Severity severity) {
  std::vector<std::string> out;
  for (const Diagnostic& d : loaded.diagnostics.messages()) {
    if (d.severity == severity) out.push_back(d.to_string());
  }
  return out;
}

std::vector<std::string> errors(const LoadedConfig& loaded) {
  return messages(loaded, Severity::kError);
}
std::vector<std::string> warnings(const LoadedConfig& loaded) {
  return messages(loaded, Severity::kWarning);
}

TEST(ConfigGrammar, EmptyFileIsValidAndHasNsdDefaults) {
  LoadedConfig loaded = load("");
  ASSERT_TRUE(loaded.ok());
  const ServerOptions& s = loaded.config.server;
  EXPECT_EQ(s.port, 53);
  EXPECT_TRUE(s.do_ip4);
  EXPECT_TRUE(s.do_ip6);
  EXPECT_EQ(s.zonesdir, "/etc/nsd");
  EXPECT_EQ(s.database, "/var/lib/nsd/nsd.db");
  EXPECT_EQ(s.pidfile, "/run/nsd/nsd.pid");
  EXPECT_EQ(s.username, "nsd");
  EXPECT_EQ(s.tcp_count, 100u);
  EXPECT_EQ(s.tcp_timeout, 120u);
  EXPECT_EQ(s.ipv4_edns_size, 1232);
  EXPECT_EQ(s.xfrd_reload_timeout, 1u);
  EXPECT_EQ(s.rrl_ratelimit, 200u);
  EXPECT_FALSE(s.identity.has_value());
  EXPECT_FALSE(s.chroot.has_value());
  EXPECT_TRUE(loaded.config.remote_control.control_enable);
  EXPECT_EQ(loaded.config.remote_control.control_port, 8952);
  EXPECT_EQ(loaded.config.verify.port, 5347);
}

TEST(ConfigGrammar, ServerOptionsFillTheModel) {
  LoadedConfig loaded = load(R"(server:
    ip-address: 127.0.0.1
    ip-address: ::1@5353
    interface: lo
    port: 5300
    do-ip6: no
    server-count: 2
    tcp-count: 10
    tcp-timeout: 30
    ipv4-edns-size: 1400
    zonesdir: "/var/zones"
    logfile: "/var/log/zoned.log"
    verbosity: 3
    identity: "ns1"
    hide-version: yes
    nsid: ascii_ns1
    refuse-any: yes
    minimal-responses: yes
    round-robin: yes
    reuseport: yes
    ip-transparent: yes
    statistics: 60
    zonefiles-check: no
    xfrd-reload-timeout: 5
    rrl-size: 5000
    rrl-slip: 3
    rrl-ipv6-prefix-length: 56
    answer-cookie: yes
    cookie-secret: "000102030405060708090a0b0c0d0e0f"
    send-buffer-size: 65536
    metrics-enable: yes
    metrics-interface: 127.0.0.1
    metrics-port: 9200
    metrics-path: "/m"
)");
  ASSERT_TRUE(loaded.ok()) << errors(loaded)[0];
  const ServerOptions& s = loaded.config.server;
  ASSERT_EQ(s.ip_addresses.size(), 3u);
  EXPECT_EQ(s.ip_addresses[0].kind, ListenKind::kIpAddress);
  EXPECT_EQ(to_string(s.ip_addresses[0].address), "127.0.0.1");
  EXPECT_FALSE(s.ip_addresses[0].port.has_value());
  EXPECT_EQ(s.ip_addresses[1].address.family, AddressFamily::kIpv6);
  EXPECT_EQ(s.ip_addresses[1].port, 5353);
  EXPECT_EQ(s.ip_addresses[1].text, "::1@5353");
  EXPECT_EQ(s.ip_addresses[2].kind, ListenKind::kInterfaceName);
  EXPECT_EQ(s.ip_addresses[2].interface_name, "lo");
  EXPECT_EQ(s.port, 5300);
  EXPECT_FALSE(s.do_ip6);
  EXPECT_EQ(s.server_count, 2u);
  EXPECT_EQ(s.tcp_count, 10u);
  EXPECT_EQ(s.tcp_timeout, 30u);
  EXPECT_EQ(s.ipv4_edns_size, 1400);
  EXPECT_EQ(s.zonesdir, "/var/zones");
  EXPECT_EQ(s.logfile, "/var/log/zoned.log");
  EXPECT_EQ(s.verbosity, 3u);
  EXPECT_EQ(s.identity, "ns1");
  EXPECT_TRUE(s.hide_version);
  ASSERT_TRUE(s.nsid.has_value());
  EXPECT_EQ(s.nsid->text, "6e7331");
  EXPECT_EQ(s.nsid->bytes, (std::vector<std::uint8_t>{'n', 's', '1'}));
  EXPECT_TRUE(s.refuse_any && s.minimal_responses && s.round_robin && s.reuseport);
  EXPECT_TRUE(s.ip_transparent);
  EXPECT_EQ(s.statistics, 60u);
  EXPECT_FALSE(s.zonefiles_check);
  EXPECT_EQ(s.xfrd_reload_timeout, 5u);
  EXPECT_EQ(s.rrl_size, 5000u);
  EXPECT_EQ(s.rrl_slip, 3u);
  EXPECT_EQ(s.rrl_ipv6_prefix_length, 56u);
  EXPECT_TRUE(s.answer_cookie);
  EXPECT_EQ(s.cookie_secret_bytes[1], 0x01u);
  EXPECT_EQ(s.cookie_secret_bytes[15], 0x0fu);
  EXPECT_EQ(s.send_buffer_size, 65536u);
  EXPECT_TRUE(s.metrics_enable);
  ASSERT_EQ(s.metrics_interface.size(), 1u);
  EXPECT_EQ(s.metrics_port, 9200);
  EXPECT_EQ(s.metrics_path, "/m");
  EXPECT_TRUE(warnings(loaded).empty());
}

TEST(ConfigGrammar, NewlinesMeanNothingAndKeywordsIgnoreCase) {
  LoadedConfig loaded = load(
      "SERVER: Port: 5353 verbosity: 2\nZone: NAME: e.com ZoneFile: x "
      "request-xfr: axfr 127.0.0.1 NOKEY");
  ASSERT_TRUE(loaded.ok()) << errors(loaded)[0];
  EXPECT_EQ(loaded.config.server.port, 5353);
  EXPECT_EQ(loaded.config.server.verbosity, 2u);
  ASSERT_EQ(loaded.config.zones.size(), 1u);
  EXPECT_TRUE(loaded.config.zones[0].settings.request_xfr[0].axfr_only);
}

TEST(ConfigGrammar, ValueMayFollowTheColonWhenQuoted) {
  LoadedConfig loaded = load("server:\n zonesdir:\"/tmp\"\n identity: \"name:\"\n");
  ASSERT_TRUE(loaded.ok()) << errors(loaded)[0];
  EXPECT_EQ(loaded.config.server.zonesdir, "/tmp");
  EXPECT_EQ(loaded.config.server.identity, "name:");  // quoted: a value, not a keyword
}

TEST(ConfigGrammar, CommentsAfterValuesAndHashInsideWords) {
  LoadedConfig loaded = load("server: # the server\n port: 53 # dns\n identity: a#b\n");
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded.config.server.identity, "a#b");
}

TEST(ConfigGrammar, RepeatedServerClausesMerge) {
  LoadedConfig loaded = load("server:\n port: 54\nserver:\n verbosity: 1\n");
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded.config.server.port, 54);
  EXPECT_EQ(loaded.config.server.verbosity, 1u);
}

TEST(ConfigGrammar, EmptyDatabaseTurnsOnZonefilesWriteAsNsd) {
  EXPECT_EQ(load("server:\n database: \"\"\n").config.server.zonefiles_write, 3600u);
  EXPECT_EQ(load("server:\n database: \"\"\n zonefiles-write: 0\n").config.server.zonefiles_write,
            0u);
}

TEST(ConfigGrammar, Ip4OnlyAndIp6Only) {
  const ServerOptions v4 = load("server:\n ip4-only: yes\n").config.server;
  EXPECT_TRUE(v4.do_ip4);
  EXPECT_FALSE(v4.do_ip6);
  const ServerOptions v6 = load("server:\n ip6-only: yes\n").config.server;
  EXPECT_FALSE(v6.do_ip4);
  EXPECT_TRUE(v6.do_ip6);
}

TEST(ConfigGrammar, IpAddressSocketOptions) {
  LoadedConfig loaded = load(
      "server:\n ip-address: 127.0.0.1 servers=\"1 3-2\" bindtodevice=yes setfib=4\n"
      " ip-address: 127.0.0.2 servers= \"5\"\n");
  ASSERT_TRUE(loaded.ok()) << errors(loaded)[0];
  const ListenAddress& a = loaded.config.server.ip_addresses[0];
  ASSERT_EQ(a.servers.size(), 2u);
  EXPECT_EQ(a.servers[1].first, 2u);
  EXPECT_EQ(a.servers[1].last, 3u);
  EXPECT_TRUE(a.bind_to_device);
  EXPECT_EQ(a.setfib, 4u);
  EXPECT_EQ(loaded.config.server.ip_addresses[1].servers[0].first, 5u);
  EXPECT_EQ(warnings(loaded).size(), 3u);  // one per socket option name
}

TEST(ConfigGrammar, RemoteControlAndVerify) {
  LoadedConfig loaded = load(R"(remote-control:
  control-enable: no
  control-interface: 127.0.0.1
  control-interface: /run/zoned.sock
  control-port: 8953
  server-key-file: "k"
verify:
  enable: yes
  port: 5348
  ip-address: 127.0.0.1
  verifier: /usr/bin/check "a b"
  verifier-count: 2
)");
  ASSERT_TRUE(loaded.ok()) << errors(loaded)[0];
  const RemoteControlOptions& rc = loaded.config.remote_control;
  EXPECT_FALSE(rc.control_enable);
  ASSERT_EQ(rc.control_interface.size(), 2u);
  EXPECT_EQ(rc.control_interface[1].kind, ListenKind::kLocalSocket);
  EXPECT_EQ(rc.control_port, 8953);
  EXPECT_EQ(rc.server_key_file, "k");
  const VerifyOptions& v = loaded.config.verify;
  EXPECT_TRUE(v.enable);
  EXPECT_EQ(v.port, 5348);
  EXPECT_EQ(v.verifier, (std::vector<std::string>{"/usr/bin/check", "a b"}));
  EXPECT_EQ(v.verifier_count, 2u);
}

TEST(ConfigGrammar, ZoneOptionsFillTheModel) {
  LoadedConfig loaded = load(R"(zone:
  name: "Example.COM."
  zonefile: "example.com.zone"
  allow-notify: 192.0.2.1 NOKEY
  request-xfr: UDP 192.0.2.1@5300 NOKEY
  provide-xfr: 192.0.2.0/24 BLOCKED
  allow-query: 2001:db8::/32 NOKEY
  outgoing-interface: 192.0.2.9@1053
  allow-axfr-fallback: no
  notify-retry: 3
  size-limit-xfr: 1000000
  min-expire-time: refresh+retry+1
  multi-primary-check: yes
  store-ixfr: yes
  ixfr-number: 9
  ixfr-size: 0
  create-ixfr: yes
  rrl-whitelist: nxdomain
  rrl-whitelist: any
  zonestats: "%s"
  verify-zone: no
)");
  ASSERT_TRUE(loaded.ok()) << errors(loaded)[0];
  ASSERT_EQ(loaded.config.zones.size(), 1u);
  const Zone& zone = loaded.config.zones[0];
  EXPECT_EQ(zone.name, "Example.COM.");
  EXPECT_EQ(wire::to_text(zone.apex), "Example.COM.");
  EXPECT_TRUE(zone.is_secondary());
  const ZoneSettings& s = zone.settings;
  EXPECT_EQ(*s.zonefile, "example.com.zone");
  EXPECT_TRUE(s.request_xfr[0].udp);
  EXPECT_EQ(s.request_xfr[0].port, 5300);
  EXPECT_EQ(s.provide_xfr[0].key, AclKey::kBlocked);
  EXPECT_EQ(s.allow_query[0].prefix_length, 32);
  EXPECT_EQ(s.outgoing_interface[0].port, 1053);
  EXPECT_FALSE(*s.allow_axfr_fallback);
  EXPECT_EQ(*s.notify_retry, 3u);
  EXPECT_EQ(*s.size_limit_xfr, 1000000u);
  EXPECT_TRUE(s.min_expire_time->refresh_plus_retry_plus_one);
  EXPECT_TRUE(*s.multi_primary_check);
  EXPECT_TRUE(*s.store_ixfr && *s.create_ixfr);
  EXPECT_EQ(*s.ixfr_number, 9u);
  EXPECT_EQ(*s.ixfr_size, 0u);
  EXPECT_EQ(s.rrl_whitelist, 0x01 | 0x08);
  EXPECT_EQ(*s.zonestats, "%s");
  EXPECT_TRUE(s.verify_zone.is_set);
  EXPECT_FALSE(*s.verify_zone);
}

struct ErrorCase {
  const char* text;
  const char* error;  // the first error, in full
};

class ConfigErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ConfigErrors, ReportsTheErrorAtItsLine) {
  LoadedConfig loaded = load(GetParam().text);
  EXPECT_FALSE(loaded.ok());
  std::vector<std::string> found = errors(loaded);
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found[0], GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(
    Grammar, ConfigErrors,
    ::testing::Values(
        ErrorCase{"server:\n  bogus: 1\n", "t.conf:2: error: unknown option 'bogus' in server:"},
        ErrorCase{"server:\n zonefile: x\n",
                  "t.conf:2: error: option 'zonefile' is not allowed in server: (it belongs in "
                  "pattern: or zone:)"},
        ErrorCase{"port: 53\n",
                  "t.conf:1: error: option 'port' outside of a clause (it belongs in server: or "
                  "verify:)"},
        ErrorCase{"foo\n",
                  "t.conf:1: error: unexpected 'foo': expected a clause such as server:, key:, "
                  "pattern: or zone:"},
        ErrorCase{"server:\n port: 53 54\n",
                  "t.conf:2: error: unexpected '54' after the value of port"},
        ErrorCase{"server:\n  port:53\n",
                  "t.conf:2: error: 'port:53': a blank is needed between 'port:' and its value"},
        ErrorCase{"server:\n identity: #x\n port: 1\n", "t.conf:2: error: identity needs a value"},
        ErrorCase{"server:\n\n port: abc\n",
                  "t.conf:3: error: expected a number for port, got 'abc'"},
        ErrorCase{"server:\n port: 0\n", "t.conf:2: error: port 0 is out of range 1..65535"},
        ErrorCase{"server:\n port: 65536\n",
                  "t.conf:2: error: port 65536 is out of range 1..65535"},
        ErrorCase{"server:\n port: -1\n", "t.conf:2: error: expected a number for port, got '-1'"},
        ErrorCase{"server:\n port: 99999999999999999999999\n",
                  "t.conf:2: error: expected a number for port, got '99999999999999999999999'"},
        ErrorCase{"server:\n do-ip4: YES\n",
                  "t.conf:2: error: expected yes or no for do-ip4, got 'YES'"},
        ErrorCase{"server:\n verbosity: 2#c\n",
                  "t.conf:2: error: expected a number for verbosity, got '2#c'"},
        ErrorCase{"server:\n server-count: 0\n",
                  "t.conf:2: error: server-count 0 is out of range 1..65535"},
        ErrorCase{"server:\n rrl-ipv4-prefix-length: 33\n",
                  "t.conf:2: error: rrl-ipv4-prefix-length 33 is out of range 0..32"},
        ErrorCase{"server:\n ip-address: 192.0.2.300\n",
                  "t.conf:2: error: ip-address: bad address '192.0.2.300': neither an IPv4 or "
                  "IPv6 address nor an interface name"},
        ErrorCase{"server:\n ip-address: 2001:db8::1::2\n",
                  "t.conf:2: error: ip-address: bad address '2001:db8::1::2': neither an IPv4 or "
                  "IPv6 address nor an interface name"},
        ErrorCase{"server:\n ip-address: 127.0.0.1@dns\n",
                  "t.conf:2: error: ip-address: expected a port number 1..65535 after '@' in "
                  "'127.0.0.1@dns'"},
        ErrorCase{"server:\n ip-address: /run/x.sock\n",
                  "t.conf:2: error: ip-address: a local socket path is not allowed here"},
        ErrorCase{"server:\n ip-address: 127.0.0.1 servers=a\n",
                  "t.conf:2: error: ip-address: invalid server range 'a'"},
        ErrorCase{"server:\n nsid: abc\n",
                  "t.conf:2: error: nsid: the NSID must be a hex string of an even length"},
        ErrorCase{"server:\n nsid: zz\n", "t.conf:2: error: nsid: the NSID is not a hex string"},
        ErrorCase{
            "server:\n cookie-secret: \"zz\"\n",
            "t.conf:2: error: cookie-secret must be 32 hex digits (128 bits), got 2 characters"},
        ErrorCase{"server:\n cookie-staging-secret: 000102030405060708090a0b0c0d0e0g\n",
                  "t.conf:2: error: cookie-staging-secret must be 32 hex digits (128 bits), got "
                  "a character that is not a hex digit"},
        ErrorCase{"server:\n identity: \"abc\n",
                  "t.conf:2: error: quoted string is not closed before the end of the file"},
        ErrorCase{"remote-control:\n control-port: 0\n",
                  "t.conf:2: error: control-port 0 is out of range 1..65535"},
        ErrorCase{"zone:\n zonefile: x\n", "t.conf:1: error: zone: clause without a name"},
        ErrorCase{"zone:\n name: e..com\n zonefile: x\n",
                  "t.conf:2: error: bad zone name 'e..com': not a domain name"},
        ErrorCase{"zone:\n name: e.com\n zonefile: x\nzone:\n name: E.COM.\n zonefile: y\n",
                  "t.conf:4: error: duplicate zone 'E.COM.' (first defined as 'e.com' at "
                  "t.conf:1)"},
        ErrorCase{"zone:\n name: e.com\n",
                  "t.conf:1: error: zone 'e.com' is a primary zone (no request-xfr) but has no "
                  "zonefile: where would its data come from?"},
        ErrorCase{"zone:\n name: e.com\n zonefile: \"\"\n",
                  "t.conf:1: error: zone 'e.com' is a primary zone (no request-xfr) but has no "
                  "zonefile: where would its data come from?"},
        ErrorCase{"zone:\n name: e.com\n zonefile: x\n allow-notify: 192.0.2.1 NOKEY\n",
                  "t.conf:1: error: zone 'e.com' has allow-notify but no request-xfr: where "
                  "would it get a transfer from when a notify comes?"},
        ErrorCase{"zone:\n name: e.com\n zonefile: x\n provide-xfr: 192.0.2.1\n",
                  "t.conf:4: error: provide-xfr needs an address and a key (a key name, NOKEY "
                  "or BLOCKED)"},
        ErrorCase{"zone:\n name: e.com\n zonefile: x\n notify-retry: yes\n",
                  "t.conf:4: error: expected a number for notify-retry, got 'yes'"},
        ErrorCase{"zone:\n name: e.com\n zonefile: x\n min-expire-time: soon\n",
                  "t.conf:4: error: expected seconds or refresh+retry+1 for min-expire-time, got "
                  "'soon'"},
        ErrorCase{"zone:\n name: e.com\n zonefile: x\n outgoing-interface: 192.0.2.0/24\n",
                  "t.conf:4: error: outgoing-interface 192.0.2.0/24: address range used for "
                  "outgoing-interface"},
        ErrorCase{"zone:\n name: e.com\n request-xfr: 192.0.2.1 NOKEY tls\n",
                  "t.conf:3: error: request-xfr 192.0.2.1: tls-auth 'tls' is not defined"},
        ErrorCase{"pattern:\n zonefile: x\n", "t.conf:1: error: pattern: clause without a name"},
        ErrorCase{"pattern:\n name: \"p q\"\n",
                  "t.conf:2: error: a pattern name cannot contain a space: 'p q'"},
        ErrorCase{"pattern:\n name: p\npattern:\n name: p\n",
                  "t.conf:3: error: duplicate pattern 'p' (first defined at t.conf:1)"},
        ErrorCase{"pattern:\n name: _implicit_e.com\n",
                  "t.conf:1: error: pattern name '_implicit_e.com': names starting with "
                  "_implicit_ are NSD's own"},
        ErrorCase{"tls-auth:\n name: t\n",
                  "t.conf:1: error: tls-auth 't' has no auth-domain-name"}));

TEST(ConfigGrammar, IdentityAndVersionAreAtMost255Characters) {
  LoadedConfig loaded = load("server:\n identity: \"" + std::string(256, 'a') + "\"\n");
  ASSERT_EQ(errors(loaded).size(), 1u);
  EXPECT_EQ(errors(loaded)[0], "t.conf:2: error: identity is longer than 255 characters (256)");
  EXPECT_TRUE(load("server:\n version: \"" + std::string(255, 'a') + "\"\n").ok());
}

TEST(ConfigGrammar, GoesOnAfterAnErrorAndReportsEach) {
  LoadedConfig loaded = load(
      "server:\n port: abc\n bogus: 1 2 3\n verbosity: x\nzone:\n zonefile: x\n"
      "zone:\n name: ok.example\n zonefile: y\n");
  std::vector<std::string> found = errors(loaded);
  ASSERT_EQ(found.size(), 4u);
  EXPECT_EQ(found[0], "t.conf:2: error: expected a number for port, got 'abc'");
  EXPECT_EQ(found[1], "t.conf:3: error: unknown option 'bogus' in server:");
  EXPECT_EQ(found[2], "t.conf:4: error: expected a number for verbosity, got 'x'");
  EXPECT_EQ(found[3], "t.conf:5: error: zone: clause without a name");
  EXPECT_EQ(loaded.config.zones.size(), 1u);
}

TEST(ConfigGrammar, BadNameIsReportedOnce) {
  LoadedConfig loaded = load("key:\n name: \"bad..name\"\n secret: \"YWJj\"\n");
  EXPECT_EQ(errors(loaded),
            (std::vector<std::string>{"t.conf:2: error: bad key name 'bad..name': not a domain "
                                      "name"}));
}

TEST(ConfigGrammar, IgnoredOptionsWarnOncePerNameAndAreKept) {
  LoadedConfig loaded = load(
      "server:\n debug-mode: yes\n tcp-mss: 1200\n cpu-affinity: 0 1 2\n"
      "server-2-cpu-affinity: 1\ndnstap:\n dnstap-enable: yes\n dnstap-enable: no\n"
      "zone:\n name: e.com\n zonefile: x\n catalog: consumer\n");
  ASSERT_TRUE(loaded.ok()) << errors(loaded)[0];
  std::vector<std::string> found = warnings(loaded);
  ASSERT_EQ(found.size(), 6u);
  EXPECT_EQ(found[0],
            "t.conf:2: warning: option 'debug-mode' is not implemented by zoned yet; "
            "ignored");
  EXPECT_EQ(found[3],
            "t.conf:5: warning: option 'server-N-cpu-affinity' is not implemented by zoned "
            "yet; ignored");
  EXPECT_EQ(found[4],
            "t.conf:7: warning: option 'dnstap-enable' is not implemented by zoned "
            "yet; ignored");
  const IgnoredOption* dnstap = loaded.config.find_ignored(Section::kDnstap, "dnstap-enable");
  ASSERT_NE(dnstap, nullptr);
  EXPECT_EQ(dnstap->values, (std::vector<std::string>{"no"}));  // the last one
  const IgnoredOption* cpus = loaded.config.find_ignored(Section::kServer, "cpu-affinity");
  ASSERT_NE(cpus, nullptr);
  EXPECT_EQ(cpus->values.size(), 3u);
  EXPECT_NE(loaded.config.find_ignored(Section::kServer, "server-2-cpu-affinity"), nullptr);
}

TEST(ConfigGrammar, IgnoredOptionsAreStillChecked) {
  LoadedConfig loaded = load("server:\n debug-mode: maybe\n tcp-mss: big\n");
  EXPECT_EQ(errors(loaded), (std::vector<std::string>{
                                "t.conf:2: error: expected yes or no for debug-mode, got 'maybe'",
                                "t.conf:3: error: expected a number for tcp-mss, got 'big'"}));
}

TEST(ConfigGrammar, EveryOptionOfNsd46IsKnown) {
  // The options of nsd.conf(5) of NSD 4.6.1 and its parser's undocumented ones, each in a
  // clause that allows it, with a valid value.
  LoadedConfig loaded = load(R"(server:
 ip-address: 127.0.0.1
 interface: 127.0.0.2
 ip-transparent: no
 ip-freebind: no
 reuseport: no
 send-buffer-size: 0
 receive-buffer-size: 0
 debug-mode: no
 do-ip4: yes
 do-ip6: yes
 database: ""
 zonelistfile: "/var/lib/nsd/zone.list"
 identity: "i"
 version: "v"
 nsid: "0a0b"
 logfile: "/tmp/l"
 log-only-syslog: no
 server-count: 1
 cpu-affinity: 0
 server-1-cpu-affinity: 0
 xfrd-cpu-affinity: 0
 tcp-count: 100
 tcp-reject-overflow: no
 tcp-query-count: 0
 tcp-timeout: 120
 tcp-mss: 0
 outgoing-tcp-mss: 0
 xfrd-tcp-max: 128
 xfrd-tcp-pipeline: 128
 ipv4-edns-size: 1232
 ipv6-edns-size: 1232
 pidfile: "/run/p"
 port: 53
 statistics: 0
 chroot: ""
 username: "nsd"
 zonesdir: "/etc/nsd"
 difffile: "d"
 xfrdfile: "x"
 xfrdir: "/tmp"
 xfrd-reload-timeout: 1
 verbosity: 0
 hide-version: no
 hide-identity: no
 drop-updates: no
 use-systemd: no
 log-time-ascii: yes
 round-robin: no
 minimal-responses: no
 confine-to-zone: no
 refuse-any: no
 zonefiles-check: yes
 zonefiles-write: 0
 rrl-size: 1000000
 rrl-ratelimit: 200
 rrl-slip: 2
 rrl-ipv4-prefix-length: 24
 rrl-ipv6-prefix-length: 64
 rrl-whitelist-ratelimit: 2000
 answer-cookie: no
 cookie-secret: "000102030405060708090a0b0c0d0e0f"
 cookie-secret-file: "/etc/nsd/c"
 tls-service-key: "k"
 tls-service-pem: "p"
 tls-service-ocsp: "o"
 tls-port: 853
 tls-cert-bundle: "b"
 ip4-only: no
 ip6-only: no
remote-control:
 control-enable: yes
 control-interface: 127.0.0.1
 control-port: 8952
 server-key-file: "a"
 server-cert-file: "b"
 control-key-file: "c"
 control-cert-file: "d"
verify:
 enable: no
 port: 5347
 ip-address: 127.0.0.1
 verify-zones: yes
 verifier: "v"
 verifier-count: 1
 verifier-feed-zone: yes
 verifier-timeout: 0
dnstap:
 dnstap-enable: no
 dnstap-socket-path: "s"
 dnstap-send-identity: no
 dnstap-send-version: no
 dnstap-identity: "i"
 dnstap-version: "v"
 dnstap-log-auth-query-messages: no
 dnstap-log-auth-response-messages: no
key:
 name: k
 algorithm: hmac-sha256
 secret: "YWJj"
tls-auth:
 name: t
 auth-domain-name: "a.example"
 client-cert: "c"
 client-key: "k"
 client-key-pw: "p"
pattern:
 name: p
 zonefile: "%s"
 zonestats: "%s"
 allow-query: 127.0.0.1 NOKEY
 allow-notify: 127.0.0.1 NOKEY
 request-xfr: 127.0.0.1 NOKEY t
 allow-axfr-fallback: yes
 size-limit-xfr: 0
 notify: 127.0.0.1 NOKEY
 notify-retry: 5
 provide-xfr: 127.0.0.1 NOKEY
 outgoing-interface: 127.0.0.1
 store-ixfr: no
 ixfr-number: 5
 ixfr-size: 1048576
 create-ixfr: no
 max-refresh-time: 1
 min-refresh-time: 1
 max-retry-time: 1
 min-retry-time: 1
 min-expire-time: 1
 rrl-whitelist: all
 multi-master-check: no
 verify-zone: no
 verifier: "v"
 verifier-feed-zone: no
 verifier-timeout: 1
zone:
 name: e.com
 include-pattern: p
)");
  EXPECT_TRUE(loaded.ok()) << errors(loaded)[0];
}

}  // namespace
}  // namespace zoned::config
