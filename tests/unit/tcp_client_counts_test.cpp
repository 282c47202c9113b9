// tcp-count-per-client: places per client address (IPv4 address, IPv6 /64), given back on
// release, shared by IPv4 and its IPv4-mapped form.
#include "server/transport/tcp_client_counts.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>

namespace zoned::server {
namespace {

sockaddr_storage v4(const char* text) {
  sockaddr_storage s{};
  auto& in = reinterpret_cast<sockaddr_in&>(s);
  in.sin_family = AF_INET;
  inet_pton(AF_INET, text, &in.sin_addr);
  return s;
}

sockaddr_storage v6(const char* text) {
  sockaddr_storage s{};
  auto& in6 = reinterpret_cast<sockaddr_in6&>(s);
  in6.sin6_family = AF_INET6;
  inet_pton(AF_INET6, text, &in6.sin6_addr);
  return s;
}

TEST(TcpClientCounts, EachClientUpToItsLimit) {
  TcpClientCounts counts(2);
  EXPECT_TRUE(counts.acquire(v4("192.0.2.1")));
  EXPECT_TRUE(counts.acquire(v4("192.0.2.1")));
  EXPECT_FALSE(counts.acquire(v4("192.0.2.1")));
  EXPECT_TRUE(counts.acquire(v4("192.0.2.2")));
  counts.release(v4("192.0.2.1"));
  EXPECT_TRUE(counts.acquire(v4("192.0.2.1")));
  EXPECT_FALSE(counts.acquire(v4("192.0.2.1")));
}

TEST(TcpClientCounts, MappedAddressesAreTheirIpv4Client) {
  TcpClientCounts counts(1);
  EXPECT_TRUE(counts.acquire(v4("192.0.2.7")));
  EXPECT_FALSE(counts.acquire(v6("::ffff:192.0.2.7")));
}

TEST(TcpClientCounts, Ipv6ClientsAreSlash64s) {
  TcpClientCounts counts(1);
  EXPECT_TRUE(counts.acquire(v6("2001:db8:1:2::1")));
  EXPECT_FALSE(counts.acquire(v6("2001:db8:1:2:abcd::5")));
  EXPECT_TRUE(counts.acquire(v6("2001:db8:1:3::1")));
}

}  // namespace
}  // namespace zoned::server
