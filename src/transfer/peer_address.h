// The configuration's peers as sockets see them: the addresses of notify: and request-xfr:
// entries, the key each names, and the outgoing-interface to send from.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/config_model.h"
#include "wire/tsig.h"

namespace zoned::transfer {

sockaddr_storage socket_address(const config::IpAddress& ip, std::uint16_t port);

// The TSIG key an ACL entry names; nothing for NOKEY (or a key the config lacks, which
// config checks never let through).
std::optional<wire::TsigKey> acl_key(const config::Config& config, const config::AclEntry& e);

// The zone's first outgoing-interface address of `family` (port 0), if any.
std::optional<sockaddr_storage> outgoing_source(const config::Zone& zone,
                                                config::AddressFamily family);

// A notify: or request-xfr: entry of a zone, ready for a socket.
struct PeerEndpoint {
  sockaddr_storage address{};
  std::string text;  // "192.0.2.1@53", for logs
  std::optional<wire::TsigKey> key;
  std::optional<sockaddr_storage> source;  // outgoing-interface: send from this address
};

// The entry's address (port 53 unless it names one), key and the zone's outgoing-interface.
PeerEndpoint peer_endpoint(const config::Config& config, const config::Zone& zone,
                           const config::AclEntry& e);

// One request-xfr: entry of a secondary zone.
struct Primary : PeerEndpoint {
  bool axfr_only = false;  // request-xfr: AXFR
  bool udp = false;        // request-xfr: UDP (IXFR over UDP first)
};

// The zone's primaries in the configuration's order (the order they are tried in).
std::vector<Primary> primaries_of(const config::Config& config, const config::Zone& zone);

}  // namespace zoned::transfer
