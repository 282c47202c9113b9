// A listening TCP socket of the control channel or the metrics endpoint (not the DNS
// service's: server/transport/socket_factory.h has those): non-blocking, SO_REUSEADDR,
// IPv6 only on IPv6, and the address and port it is bound to (a port 0 becomes the one
// the kernel chose).
#pragma once

#include <cstdint>
#include <string>

#include "control/control_io.h"
#include "server/listen_endpoints.h"

namespace zoned::control {

struct ListenSocket {
  detail::UniqueFd fd;
  std::string text;  // the bound address, "127.0.0.1@8952"
  std::uint16_t port = 0;
};

enum class ListenResult : std::uint8_t {
  kOpened,
  kSkipped,  // `optional` and the address is not there (EADDRNOTAVAIL, no such family)
  kFailed,
};

// `label` starts `error` ("control-interface 127.0.0.1: bind: Address in use"), which also
// says why on kSkipped.
ListenResult open_listen_socket(const server::Endpoint& endpoint, const std::string& label,
                                bool optional, int backlog, ListenSocket& out, std::string& error);

}  // namespace zoned::control
