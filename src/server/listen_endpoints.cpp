#include "server/listen_endpoints.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>

#include <cstring>

namespace zoned::server {
namespace {

Endpoint make_endpoint(const config::IpAddress& ip, std::uint16_t port) {
  Endpoint e;
  if (ip.family == config::AddressFamily::kIpv4) {
    auto* sin = reinterpret_cast<sockaddr_in*>(&e.address);
    sin->sin_family = AF_INET;
    sin->sin_port = htons(port);
    std::memcpy(&sin->sin_addr, ip.bytes.data(), 4);
    e.length = sizeof(sockaddr_in);
    e.wildcard = sin->sin_addr.s_addr == htonl(INADDR_ANY);
  } else {
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(&e.address);
    sin6->sin6_family = AF_INET6;
    sin6->sin6_port = htons(port);
    std::memcpy(&sin6->sin6_addr, ip.bytes.data(), 16);
    e.length = sizeof(sockaddr_in6);
    e.wildcard = IN6_IS_ADDR_UNSPECIFIED(&sin6->sin6_addr);
  }
  e.text = endpoint_text(reinterpret_cast<const sockaddr*>(&e.address));
  return e;
}

bool family_enabled(const config::ServerOptions& options, int family) {
  return family == AF_INET ? options.do_ip4 : options.do_ip6;
}

// The addresses of interface `name`, for ip-address: eth0.
bool add_interface_endpoints(const config::ServerOptions& options, const std::string& name,
                             std::uint16_t port, std::vector<Endpoint>& out) {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return false;
  bool found = false;
  for (ifaddrs* ifa = list; ifa != nullptr; ifa = ifa->ifa_next) {
    if (ifa->ifa_addr == nullptr || name != ifa->ifa_name) continue;
    const int family = ifa->ifa_addr->sa_family;
    if ((family != AF_INET && family != AF_INET6) || !family_enabled(options, family)) continue;
    config::IpAddress ip;
    if (family == AF_INET) {
      std::memcpy(ip.bytes.data(), &reinterpret_cast<sockaddr_in*>(ifa->ifa_addr)->sin_addr, 4);
    } else {
      const auto* sin6 = reinterpret_cast<sockaddr_in6*>(ifa->ifa_addr);
      if (IN6_IS_ADDR_LINKLOCAL(&sin6->sin6_addr)) continue;  // would need a scope id
      ip.family = config::AddressFamily::kIpv6;
      std::memcpy(ip.bytes.data(), &sin6->sin6_addr, 16);
    }
    out.push_back(make_endpoint(ip, port));
    found = true;
  }
  freeifaddrs(list);
  return found;
}

}  // namespace

std::string endpoint_text(const sockaddr* address) {
  char host[INET6_ADDRSTRLEN] = "?";
  std::uint16_t port = 0;
  if (address->sa_family == AF_INET) {
    const auto* sin = reinterpret_cast<const sockaddr_in*>(address);
    inet_ntop(AF_INET, &sin->sin_addr, host, sizeof host);
    port = ntohs(sin->sin_port);
  } else if (address->sa_family == AF_INET6) {
    const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(address);
    inet_ntop(AF_INET6, &sin6->sin6_addr, host, sizeof host);
    port = ntohs(sin6->sin6_port);
  }
  return std::string(host) + "@" + std::to_string(port);
}

std::vector<Endpoint> listen_endpoints(const config::ServerOptions& options, std::string& error) {
  std::vector<Endpoint> out;
  if (options.ip_addresses.empty()) {
    // No ip-address: the wildcard of each enabled family, as NSD.
    config::IpAddress any4;
    config::IpAddress any6;
    any6.family = config::AddressFamily::kIpv6;
    if (options.do_ip4) out.push_back(make_endpoint(any4, options.port));
    if (options.do_ip6) out.push_back(make_endpoint(any6, options.port));
  }
  for (const config::ListenAddress& listen : options.ip_addresses) {
    const std::uint16_t port = listen.port.value_or(options.port);
    if (listen.kind == config::ListenKind::kInterfaceName) {
      if (!add_interface_endpoints(options, listen.interface_name, port, out)) {
        error = "ip-address " + listen.text + ": no such interface or it has no address";
        return {};
      }
      continue;
    }
    if (listen.kind != config::ListenKind::kIpAddress) {
      error = "ip-address " + listen.text + ": not an address";
      return {};
    }
    const int family = listen.address.family == config::AddressFamily::kIpv4 ? AF_INET : AF_INET6;
    if (!family_enabled(options, family)) continue;
    out.push_back(make_endpoint(listen.address, port));
  }
  if (out.empty()) error = "no address to listen on (check ip-address, do-ip4 and do-ip6)";
  return out;
}

}  // namespace zoned::server
