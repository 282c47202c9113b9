#include "transfer/peer_address.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>

namespace zoned::transfer {

sockaddr_storage socket_address(const config::IpAddress& ip, std::uint16_t port) {
  sockaddr_storage s{};
  if (ip.family == config::AddressFamily::kIpv4) {
    auto& in = reinterpret_cast<sockaddr_in&>(s);
    in.sin_family = AF_INET;
    in.sin_port = htons(port);
    std::memcpy(&in.sin_addr, ip.bytes.data(), 4);
  } else {
    auto& in6 = reinterpret_cast<sockaddr_in6&>(s);
    in6.sin6_family = AF_INET6;
    in6.sin6_port = htons(port);
    std::memcpy(&in6.sin6_addr, ip.bytes.data(), 16);
  }
  return s;
}

std::optional<wire::TsigKey> acl_key(const config::Config& config, const config::AclEntry& e) {
  if (e.key != config::AclKey::kKeyName) return std::nullopt;
  const config::TsigKey* k = config.find_key(e.key_name);
  if (k == nullptr) return std::nullopt;
  return wire::TsigKey{k->wire_name, k->algorithm, k->secret};
}

std::optional<sockaddr_storage> outgoing_source(const config::Zone& zone,
                                                config::AddressFamily family) {
  for (const config::AclEntry& out : zone.settings.outgoing_interface) {
    if (out.address.family == family) return socket_address(out.address, 0);
  }
  return std::nullopt;
}

PeerEndpoint peer_endpoint(const config::Config& config, const config::Zone& zone,
                           const config::AclEntry& e) {
  PeerEndpoint p;
  const std::uint16_t port = e.port != 0 ? e.port : 53;
  p.address = socket_address(e.address, port);
  p.text = config::to_string(e.address) + "@" + std::to_string(port);
  p.key = acl_key(config, e);
  p.source = outgoing_source(zone, e.address.family);
  return p;
}

std::vector<Primary> primaries_of(const config::Config& config, const config::Zone& zone) {
  std::vector<Primary> primaries;
  for (const config::AclEntry& e : zone.settings.request_xfr) {
    Primary p;
    static_cast<PeerEndpoint&>(p) = peer_endpoint(config, zone, e);
    p.axfr_only = e.axfr_only;
    p.udp = e.udp;
    primaries.push_back(std::move(p));
  }
  return primaries;
}

}  // namespace zoned::transfer
