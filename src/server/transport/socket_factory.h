// Opening the server's sockets: non-blocking, close-on-exec, bound to one endpoint.
#pragma once

#include <cstdint>
#include <string>

#include "server/listen_endpoints.h"

namespace zoned::server {

struct SocketOptions {
  std::uint32_t send_buffer_size = 0;     // 0: the system's default
  std::uint32_t receive_buffer_size = 0;  // 0: the system's default
  bool ip_transparent = false;            // bind addresses not (yet) configured on the host
};

// A UDP socket with SO_REUSEPORT, so that every worker has its own socket on the same
// address and the kernel spreads the queries over them. For a wildcard endpoint the socket
// asks for the destination of each datagram (IP_PKTINFO / IPV6_RECVPKTINFO) so that the
// reply leaves from the address the query was sent to. -1 and `error` on failure.
int open_udp_socket(const Endpoint& endpoint, const SocketOptions& options, std::string& error);

// A listening TCP socket; -1 and `error` on failure.
int open_tcp_listener(const Endpoint& endpoint, const SocketOptions& options, std::string& error);

}  // namespace zoned::server
