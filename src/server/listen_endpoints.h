// The socket addresses the server binds, from server: ip-address (or the wildcard addresses
// when there is none), port:, do-ip4:/do-ip6: and interface names (their addresses are
// looked up once, at start, as NSD does).
#pragma once

#include <sys/socket.h>

#include <string>
#include <vector>

#include "config/config_model.h"

namespace zoned::server {

struct Endpoint {
  sockaddr_storage address{};
  socklen_t length = 0;
  bool wildcard = false;  // 0.0.0.0 or ::: replies need the query's destination (pktinfo)
  std::string text;       // "127.0.0.1@5353", for logs

  int family() const { return address.ss_family; }
};

// The endpoints to listen on, or an empty vector and `error` set.
std::vector<Endpoint> listen_endpoints(const config::ServerOptions& options, std::string& error);

// "192.0.2.1@53" / "[2001:db8::1]@53" style text of a socket address.
std::string endpoint_text(const sockaddr* address);

}  // namespace zoned::server
