// Access control list entries: every address form of NSD, IPv4 and IPv6, ports, the key word,
// the rules per list, and what an entry covers.
#include <gtest/gtest.h>

#include <string>

#include "config/acl.h"
#include "config/config_loader.h"

namespace zoned::config {
namespace {

AclEntry parse_ok(std::string_view spec, std::string_view key = "NOKEY",
                  AclUse use = AclUse::kProvideXfr) {
  AclEntry entry;
  std::string error = parse_acl_entry(spec, key, use, entry);
  EXPECT_EQ(error, "") << spec;
  return entry;
}

std::string parse_error(std::string_view spec, std::string_view key = "NOKEY",
                        AclUse use = AclUse::kProvideXfr) {
  AclEntry entry;
  return parse_acl_entry(spec, key, use, entry);
}

IpAddress ip(std::string_view text) {
  return parse_ip_address(text).value();
}

TEST(ConfigAcl, SingleIpv4AndIpv6) {
  AclEntry v4 = parse_ok("192.0.2.1");
  EXPECT_EQ(v4.range, AclRange::kSingle);
  EXPECT_EQ(v4.address.family, AddressFamily::kIpv4);
  EXPECT_EQ(v4.port, 0);
  EXPECT_EQ(v4.address_spec, "192.0.2.1");
  AclEntry v6 = parse_ok("2001:db8::1");
  EXPECT_EQ(v6.address.family, AddressFamily::kIpv6);
  EXPECT_EQ(to_string(v6.address), "2001:db8::1");
  EXPECT_EQ(parse_ok("::ffff:192.0.2.1").address.family, AddressFamily::kIpv6);
}

TEST(ConfigAcl, SubnetMaskAndRange) {
  AclEntry subnet = parse_ok("192.0.2.0/24");
  EXPECT_EQ(subnet.range, AclRange::kSubnet);
  EXPECT_EQ(subnet.prefix_length, 24);
  EXPECT_EQ(to_string(subnet.range_limit), "255.255.255.0");
  AclEntry subnet6 = parse_ok("2001:db8::/33");
  EXPECT_EQ(to_string(subnet6.range_limit), "ffff:ffff:8000::");
  AclEntry mask = parse_ok("10.0.0.1&255.255.0.0");
  EXPECT_EQ(mask.range, AclRange::kMask);
  EXPECT_EQ(to_string(mask.range_limit), "255.255.0.0");
  AclEntry mask6 = parse_ok("2001:db8::&ffff:ffff::");
  EXPECT_EQ(mask6.range, AclRange::kMask);
  AclEntry range = parse_ok("192.0.2.10-192.0.2.20");
  EXPECT_EQ(range.range, AclRange::kMinMax);
  EXPECT_EQ(to_string(range.range_limit), "192.0.2.20");
  AclEntry range6 = parse_ok("2001:db8::1-2001:db8::ff");
  EXPECT_EQ(range6.range, AclRange::kMinMax);
  EXPECT_EQ(parse_ok("0.0.0.0/0").prefix_length, 0);
  EXPECT_EQ(parse_ok("::0/0").prefix_length, 0);
  EXPECT_EQ(parse_ok("::1/128").prefix_length, 128);
}

TEST(ConfigAcl, PortOnEveryForm) {
  EXPECT_EQ(parse_ok("192.0.2.1@5300").port, 5300);
  EXPECT_EQ(parse_ok("192.0.2.0/24@53").port, 53);
  EXPECT_EQ(parse_ok("10.0.0.1&255.0.0.0@1").port, 1);
  EXPECT_EQ(parse_ok("192.0.2.1-192.0.2.9@65535").port, 65535);
  AclEntry v6 = parse_ok("2001:db8::/32@5300");
  EXPECT_EQ(v6.port, 5300);
  EXPECT_EQ(v6.prefix_length, 32);
  EXPECT_EQ(v6.address_spec, "2001:db8::/32@5300");
}

TEST(ConfigAcl, KeyWords) {
  EXPECT_EQ(parse_ok("192.0.2.1", "NOKEY").key, AclKey::kNoKey);
  EXPECT_EQ(parse_ok("192.0.2.1", "BLOCKED").key, AclKey::kBlocked);
  AclEntry keyed = parse_ok("192.0.2.1", "tsig.example.");
  EXPECT_EQ(keyed.key, AclKey::kKeyName);
  EXPECT_EQ(keyed.key_name, "tsig.example.");
  // Case matters as in NSD: this is a key called "nokey".
  EXPECT_EQ(parse_ok("192.0.2.1", "nokey").key, AclKey::kKeyName);
}

TEST(ConfigAcl, BadAddresses) {
  EXPECT_EQ(parse_error("192.0.2.300"), "bad IPv4 address '192.0.2.300'");
  EXPECT_EQ(parse_error("2001:db8::g"), "bad IPv6 address '2001:db8::g'");
  EXPECT_EQ(parse_error("fe80::1%eth0"), "bad IPv6 address 'fe80::1%eth0'");
  EXPECT_EQ(parse_error("ns1.example.com"), "bad IPv4 address 'ns1.example.com'");
  EXPECT_EQ(parse_error(""), "bad IPv4 address ''");
  EXPECT_EQ(parse_error("192.0.2.0/33"), "prefix length 33 out of range 0..32");
  EXPECT_EQ(parse_error("2001:db8::/129"), "prefix length 129 out of range 0..128");
  EXPECT_EQ(parse_error("192.0.2.0/abc"), "bad prefix length 'abc'");
  EXPECT_EQ(parse_error("192.0.2.0/"), "bad prefix length ''");
  EXPECT_EQ(parse_error("192.0.2.0/24x"), "bad prefix length '24x'");
  EXPECT_EQ(parse_error("10.0.0.1&255.0.0"), "bad IPv4 mask '255.0.0'");
  EXPECT_EQ(parse_error("::1-1.2.3.4"), "bad IPv6 range end '1.2.3.4'");
  EXPECT_EQ(parse_error("1.2.3.4-::1"), "bad IPv4 range end '::1'");
  EXPECT_EQ(parse_error("192.0.2.1@"), "expected a port number 1..65535 after '@' in '192.0.2.1@'");
  EXPECT_EQ(parse_error("192.0.2.1@0"),
            "expected a port number 1..65535 after '@' in '192.0.2.1@0'");
  EXPECT_EQ(parse_error("192.0.2.1@65536"),
            "expected a port number 1..65535 after '@' in '192.0.2.1@65536'");
  EXPECT_EQ(parse_error("192.0.2.1@53x"),
            "expected a port number 1..65535 after '@' in '192.0.2.1@53x'");
}

TEST(ConfigAcl, ListsThatContactAnAddressTakeNoRangeAndNoBlocked) {
  EXPECT_EQ(parse_error("192.0.2.0/24", "NOKEY", AclUse::kNotify), "address range used for notify");
  EXPECT_EQ(parse_error("192.0.2.1", "BLOCKED", AclUse::kNotify),
            "blocked address used for notify");
  EXPECT_EQ(parse_error("192.0.2.1-192.0.2.2", "NOKEY", AclUse::kRequestXfr),
            "address range used for request-xfr");
  EXPECT_EQ(parse_error("192.0.2.1", "BLOCKED", AclUse::kRequestXfr),
            "blocked address used for request-xfr");
  EXPECT_EQ(parse_error("192.0.2.1&255.0.0.0", "NOKEY", AclUse::kOutgoingInterface),
            "address range used for outgoing-interface");
  EXPECT_EQ(parse_error("192.0.2.0/24", "BLOCKED", AclUse::kAllowNotify), "");
  EXPECT_EQ(parse_error("192.0.2.0/24", "BLOCKED", AclUse::kAllowQuery), "");
}

TEST(ConfigAcl, Covers) {
  EXPECT_TRUE(parse_ok("192.0.2.1").covers(ip("192.0.2.1"), 1234));
  EXPECT_FALSE(parse_ok("192.0.2.1").covers(ip("192.0.2.2"), 1234));
  EXPECT_FALSE(parse_ok("192.0.2.1").covers(ip("::ffff:192.0.2.1"), 1234));
  EXPECT_TRUE(parse_ok("192.0.2.1@53").covers(ip("192.0.2.1"), 53));
  EXPECT_FALSE(parse_ok("192.0.2.1@53").covers(ip("192.0.2.1"), 54));
  AclEntry subnet = parse_ok("192.0.2.77/24");  // host bits as written, as NSD keeps them
  EXPECT_TRUE(subnet.covers(ip("192.0.2.1"), 0));
  EXPECT_TRUE(subnet.covers(ip("192.0.2.255"), 0));
  EXPECT_FALSE(subnet.covers(ip("192.0.3.1"), 0));
  AclEntry mask = parse_ok("10.0.0.1&255.0.255.0");
  EXPECT_TRUE(mask.covers(ip("10.9.0.7"), 0));
  EXPECT_FALSE(mask.covers(ip("10.9.1.7"), 0));
  AclEntry range = parse_ok("192.0.2.10-192.0.2.20");
  EXPECT_TRUE(range.covers(ip("192.0.2.10"), 0));
  EXPECT_TRUE(range.covers(ip("192.0.2.20"), 0));
  EXPECT_FALSE(range.covers(ip("192.0.2.21"), 0));
  EXPECT_FALSE(range.covers(ip("192.0.2.9"), 0));
  AclEntry subnet6 = parse_ok("2001:db8::/32");
  EXPECT_TRUE(subnet6.covers(ip("2001:db8:ffff::1"), 0));
  EXPECT_FALSE(subnet6.covers(ip("2001:db9::1"), 0));
  EXPECT_TRUE(parse_ok("::/0").covers(ip("2001:db8::1"), 0));
  EXPECT_TRUE(parse_ok("0.0.0.0/0").covers(ip("203.0.113.9"), 0));
}

TEST(ConfigAcl, ReversedRangeWarnsThatItMatchesNothing) {
  AclEntry reversed = parse_ok("192.0.2.20-192.0.2.10");
  EXPECT_TRUE(reversed.is_empty_range());
  EXPECT_FALSE(reversed.covers(ip("192.0.2.15"), 0));
  LoadedConfig loaded = load_config_text(
      "zone:\n name: e.com\n zonefile: x\n provide-xfr: 192.0.2.20-192.0.2.10 NOKEY\n", "t.conf");
  EXPECT_TRUE(loaded.ok());
  ASSERT_EQ(loaded.diagnostics.messages().size(), 1u);
  EXPECT_EQ(loaded.diagnostics.messages()[0].to_string(),
            "t.conf:4: warning: provide-xfr 192.0.2.20-192.0.2.10: the range's first address is "
            "above its last; it matches nothing");
}

TEST(ConfigAcl, EntriesInAConfigKeepTheirLineAndPrefixes) {
  LoadedConfig loaded = load_config_text(
      "key:\n name: k\n secret: \"YWJj\"\nzone:\n name: e.com\n"
      " request-xfr: AXFR 192.0.2.1 k\n request-xfr: UDP 2001:db8::1@53 NOKEY\n"
      " request-xfr: 192.0.2.2 NOKEY tls1\n allow-notify: 192.0.2.0/24 k\n"
      "tls-auth:\n name: tls1\n auth-domain-name: p.example\n",
      "t.conf");
  ASSERT_TRUE(loaded.ok()) << loaded.diagnostics.messages()[0].to_string();
  const ZoneSettings& s = loaded.config.zones[0].settings;
  ASSERT_EQ(s.request_xfr.size(), 3u);
  EXPECT_TRUE(s.request_xfr[0].axfr_only);
  EXPECT_EQ(s.request_xfr[0].key_name, "k");
  EXPECT_EQ(s.request_xfr[0].where.line, 6u);
  EXPECT_TRUE(s.request_xfr[1].udp);
  EXPECT_EQ(s.request_xfr[1].port, 53);
  EXPECT_EQ(s.request_xfr[2].tls_auth_name, "tls1");
  EXPECT_EQ(s.allow_notify[0].where.line, 9u);
}

TEST(ConfigAcl, UndefinedKeyIsAnErrorAtTheEntry) {
  LoadedConfig loaded = load_config_text(
      "key:\n name: k\n secret: \"YWJj\"\npattern:\n name: p\n notify: 192.0.2.1 K\n"
      "zone:\n name: e.com\n zonefile: x\n include-pattern: p\n provide-xfr: 192.0.2.1 nokey\n",
      "t.conf");
  std::vector<std::string> found;
  for (const Diagnostic& d : loaded.diagnostics.messages())
    found.push_back(d.to_string());
  // The pattern's entry, copied into the zone, is reported once.
  EXPECT_EQ(found, (std::vector<std::string>{
                       "t.conf:6: error: notify 192.0.2.1: key 'K' is not defined",
                       "t.conf:11: error: provide-xfr 192.0.2.1: key 'nokey' is not defined"}));
}

TEST(ConfigAcl, KeyMayBeDefinedBelowItsUse) {
  LoadedConfig loaded = load_config_text(
      "zone:\n name: e.com\n zonefile: x\n notify: 192.0.2.1 later\n"
      "key:\n name: later\n secret: \"YWJj\"\n",
      "t.conf");
  EXPECT_TRUE(loaded.ok());
}

}  // namespace
}  // namespace zoned::config
