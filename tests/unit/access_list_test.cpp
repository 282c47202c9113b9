// nsd.conf access control lists as the query path applies them: every address form of NSD
// (single, /len, &mask, min-max, @port), IPv4 and IPv6, IPv4-mapped sources, NOKEY, key
// names compared as domain names, BLOCKED winning, first match otherwise.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <cstring>
#include <string>

#include "config/config_loader.h"
#include "server/access/access_list.h"

namespace zoned::server {
namespace {

using config::AclEntry;

// A zone whose provide-xfr lines are `lines`, with two keys defined.
config::Config config_with(const std::string& lines) {
  config::LoadedConfig loaded = config::load_config_text(
      "key:\n name: k1.example.\n algorithm: hmac-sha256\n secret: \"YWJjZA==\"\n"
      "key:\n name: other\n algorithm: hmac-sha256\n secret: \"YWJjZA==\"\n"
      "zone:\n name: example.com\n zonefile: example.com.zone\n" +
          lines,
      "t.conf");
  EXPECT_TRUE(loaded.ok()) << lines;
  return std::move(loaded.config);
}

sockaddr_storage from(const char* text, std::uint16_t port = 5353) {
  sockaddr_storage s{};
  if (std::strchr(text, ':') != nullptr) {
    auto& in6 = reinterpret_cast<sockaddr_in6&>(s);
    in6.sin6_family = AF_INET6;
    in6.sin6_port = htons(port);
    EXPECT_EQ(inet_pton(AF_INET6, text, &in6.sin6_addr), 1) << text;
  } else {
    auto& in = reinterpret_cast<sockaddr_in&>(s);
    in.sin_family = AF_INET;
    in.sin_port = htons(port);
    EXPECT_EQ(inet_pton(AF_INET, text, &in.sin_addr), 1) << text;
  }
  return s;
}

wire::Name key(const char* text) {
  wire::Name n;
  EXPECT_EQ(wire::parse_name(text, nullptr, n), wire::NameTextError::kOk);
  return n;
}

struct Acl {
  config::Config config;
  AccessList list;
  explicit Acl(const std::string& lines)
      : config(config_with(lines)), list(config.zones.at(0).settings.provide_xfr, config) {}
  AccessVerdict unsigned_from(const char* address, std::uint16_t port = 5353) const {
    return list.check(request_source(from(address, port)), nullptr);
  }
  AccessVerdict signed_from(const char* address, const char* key_name) const {
    const wire::Name k = key(key_name);
    const wire::NameView view = k.view();
    return list.check(request_source(from(address)), &view);
  }
};

TEST(AccessList, SingleAddressesIpv4AndIpv6) {
  Acl acl(" provide-xfr: 192.0.2.1 NOKEY\n provide-xfr: 2001:db8::1 NOKEY\n");
  EXPECT_EQ(acl.unsigned_from("192.0.2.1"), AccessVerdict::kAllowed);
  EXPECT_EQ(acl.unsigned_from("192.0.2.2"), AccessVerdict::kNotListed);
  EXPECT_EQ(acl.unsigned_from("2001:db8::1"), AccessVerdict::kAllowed);
  EXPECT_EQ(acl.unsigned_from("2001:db8::2"), AccessVerdict::kNotListed);
}

TEST(AccessList, IpvFourMappedSourceMatchesIpv4Entries) {
  Acl acl(" provide-xfr: 192.0.2.1 NOKEY\n");
  EXPECT_EQ(acl.unsigned_from("::ffff:192.0.2.1"), AccessVerdict::kAllowed);
  EXPECT_EQ(acl.unsigned_from("::ffff:192.0.2.9"), AccessVerdict::kNotListed);
}

TEST(AccessList, SubnetsMasksAndRanges) {
  Acl acl(
      " provide-xfr: 10.1.0.0/16 NOKEY\n provide-xfr: 172.16.0.1&255.255.0.255 NOKEY\n"
      " provide-xfr: 192.0.2.10-192.0.2.20 NOKEY\n provide-xfr: 2001:db8:1::/48 NOKEY\n"
      " provide-xfr: 2001:db8:2::&ffff:ffff:ffff:: NOKEY\n"
      " provide-xfr: 2001:db8:3::10-2001:db8:3::20 NOKEY\n");
  EXPECT_EQ(acl.unsigned_from("10.1.255.7"), AccessVerdict::kAllowed);
  EXPECT_EQ(acl.unsigned_from("10.2.0.1"), AccessVerdict::kNotListed);
  EXPECT_EQ(acl.unsigned_from("172.16.99.1"), AccessVerdict::kAllowed);  // the mask skips octet 3
  EXPECT_EQ(acl.unsigned_from("172.16.99.2"), AccessVerdict::kNotListed);
  EXPECT_EQ(acl.unsigned_from("192.0.2.10"), AccessVerdict::kAllowed);
  EXPECT_EQ(acl.unsigned_from("192.0.2.20"), AccessVerdict::kAllowed);
  EXPECT_EQ(acl.unsigned_from("192.0.2.21"), AccessVerdict::kNotListed);
  EXPECT_EQ(acl.unsigned_from("192.0.2.9"), AccessVerdict::kNotListed);
  EXPECT_EQ(acl.unsigned_from("2001:db8:1:ffff::1"), AccessVerdict::kAllowed);
  EXPECT_EQ(acl.unsigned_from("2001:db8:2::99"), AccessVerdict::kAllowed);
  EXPECT_EQ(acl.unsigned_from("2001:db8:3::15"), AccessVerdict::kAllowed);
  EXPECT_EQ(acl.unsigned_from("2001:db8:3::21"), AccessVerdict::kNotListed);
  EXPECT_EQ(acl.unsigned_from("2001:db8:4::1"), AccessVerdict::kNotListed);
}

TEST(AccessList, PortSuffixMustMatchTheSourcePort) {
  Acl acl(" provide-xfr: 192.0.2.1@5300 NOKEY\n provide-xfr: 2001:db8::/32@5301 NOKEY\n");
  EXPECT_EQ(acl.unsigned_from("192.0.2.1", 5300), AccessVerdict::kAllowed);
  EXPECT_EQ(acl.unsigned_from("192.0.2.1", 5301), AccessVerdict::kNotListed);
  EXPECT_EQ(acl.unsigned_from("2001:db8::7", 5301), AccessVerdict::kAllowed);
  EXPECT_EQ(acl.unsigned_from("2001:db8::7", 53), AccessVerdict::kNotListed);
}

TEST(AccessList, NokeyMatchesOnlyUnsignedRequests) {
  Acl acl(" provide-xfr: 192.0.2.1 NOKEY\n");
  EXPECT_EQ(acl.signed_from("192.0.2.1", "k1.example."), AccessVerdict::kNotListed);
}

TEST(AccessList, KeyNamesCompareAsDomainNames) {
  Acl acl(" provide-xfr: 192.0.2.0/24 k1.example.\n");
  EXPECT_EQ(acl.signed_from("192.0.2.5", "K1.Example."), AccessVerdict::kAllowed);
  EXPECT_EQ(acl.signed_from("192.0.2.5", "other."), AccessVerdict::kNotListed);
  EXPECT_EQ(acl.unsigned_from("192.0.2.5"), AccessVerdict::kNotListed);
  EXPECT_EQ(acl.signed_from("198.51.100.1", "k1.example."), AccessVerdict::kNotListed);
}

TEST(AccessList, BlockedWinsEvenAfterAnEarlierMatch) {
  Acl acl(" provide-xfr: 192.0.2.0/24 NOKEY\n provide-xfr: 192.0.2.66 BLOCKED\n");
  EXPECT_EQ(acl.unsigned_from("192.0.2.1"), AccessVerdict::kAllowed);
  EXPECT_EQ(acl.unsigned_from("192.0.2.66"), AccessVerdict::kBlocked);
  EXPECT_EQ(acl.signed_from("192.0.2.66", "k1.example."), AccessVerdict::kBlocked);
}

TEST(AccessList, FirstMatchingEntryIsReported) {
  Acl acl(
      " provide-xfr: 192.0.2.0/24 other\n provide-xfr: 192.0.2.0/25 k1.example.\n"
      " provide-xfr: 192.0.2.0/26 k1.example.\n");
  const config::AclEntry* matched = nullptr;
  const wire::Name k = key("k1.example.");
  const wire::NameView view = k.view();
  EXPECT_EQ(acl.list.check(request_source(from("192.0.2.1")), &view, &matched),
            AccessVerdict::kAllowed);
  ASSERT_NE(matched, nullptr);
  EXPECT_EQ(matched->address_spec, "192.0.2.0/25");
}

TEST(AccessList, EmptyListListsNobody) {
  Acl acl("");
  EXPECT_TRUE(acl.list.empty());
  EXPECT_EQ(acl.unsigned_from("127.0.0.1"), AccessVerdict::kNotListed);
}

}  // namespace
}  // namespace zoned::server
