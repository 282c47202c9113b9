// Addresses zoned listens on: server ip-address (alias interface), remote-control
// control-interface, metrics-interface and verify ip-address. Each is an IP address or an
// interface name (its addresses are looked up when the server starts, as NSD does), with an
// optional @port; control-interface may also be the absolute path of a local socket.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/diagnostics.h"
#include "config/ip_address.h"
#include "config/option_values.h"

namespace zoned::config {

enum class ListenKind : std::uint8_t { kIpAddress, kInterfaceName, kLocalSocket };

struct ListenAddress {
  std::string text;  // as written, "192.0.2.1@5353": nsd-checkconf prints it
  ListenKind kind = ListenKind::kIpAddress;
  IpAddress address;                  // kIpAddress
  std::string interface_name;         // kInterfaceName
  std::string socket_path;            // kLocalSocket
  std::optional<std::uint16_t> port;  // the @port suffix; else the section's port
  // ip-address socket options (NSD): the servers (of server-count) that listen here,
  // SO_BINDTODEVICE and FreeBSD's setfib. zoned does not act on them yet.
  std::vector<ServerRange> servers;
  bool bind_to_device = false;
  std::optional<std::uint32_t> setfib;
  SourceLocation where;
};

// Parses one address into `out`. Returns "" or what is wrong. A text of only digits and dots,
// or of hex digits and colons, must be a valid address: "192.0.2.300" is an error rather than
// an interface by that name.
std::string parse_listen_address(std::string_view text, bool allow_local_socket,
                                 ListenAddress& out);

}  // namespace zoned::config
