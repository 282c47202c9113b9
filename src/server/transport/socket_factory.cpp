#include "server/transport/socket_factory.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace zoned::server {
namespace {

bool set_int_option(int fd, int level, int name, int value) {
  return setsockopt(fd, level, name, &value, sizeof value) == 0;
}

std::string failure(const char* what, const Endpoint& endpoint) {
  return std::string(what) + " " + endpoint.text + ": " + std::strerror(errno);
}

// Options common to UDP and TCP sockets; false with `error` set.
// `reuseport` for the per-worker UDP sockets only: the one TCP listener per address binds
// without it, so a port another server already listens on is an error rather than a silent
// split of the traffic.
bool prepare_socket(int fd, const Endpoint& endpoint, const SocketOptions& options, bool reuseport,
                    std::string& error) {
  if (!set_int_option(fd, SOL_SOCKET, SO_REUSEADDR, 1) ||
      (reuseport && !set_int_option(fd, SOL_SOCKET, SO_REUSEPORT, 1))) {
    error = failure("setsockopt SO_REUSEPORT", endpoint);
    return false;
  }
  // Without V6ONLY, [::] would also take the IPv4 wildcard and 0.0.0.0 could not be bound.
  if (endpoint.family() == AF_INET6 && !set_int_option(fd, IPPROTO_IPV6, IPV6_V6ONLY, 1)) {
    error = failure("setsockopt IPV6_V6ONLY", endpoint);
    return false;
  }
  if (options.ip_transparent) {
    const int level = endpoint.family() == AF_INET6 ? IPPROTO_IPV6 : IPPROTO_IP;
    const int name = endpoint.family() == AF_INET6 ? IPV6_TRANSPARENT : IP_TRANSPARENT;
    set_int_option(fd, level, name, 1);  // best effort: needs CAP_NET_ADMIN
  }
  if (options.send_buffer_size > 0) {
    set_int_option(fd, SOL_SOCKET, SO_SNDBUF, static_cast<int>(options.send_buffer_size));
  }
  if (options.receive_buffer_size > 0) {
    set_int_option(fd, SOL_SOCKET, SO_RCVBUF, static_cast<int>(options.receive_buffer_size));
  }
  if (bind(fd, reinterpret_cast<const sockaddr*>(&endpoint.address), endpoint.length) != 0) {
    error = failure("cannot bind", endpoint);
    return false;
  }
  return true;
}

bool ask_for_destination(int fd, const Endpoint& endpoint) {
  if (endpoint.family() == AF_INET6) return set_int_option(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1);
  return set_int_option(fd, IPPROTO_IP, IP_PKTINFO, 1);
}

}  // namespace

int open_udp_socket(const Endpoint& endpoint, const SocketOptions& options, std::string& error) {
  int fd = socket(endpoint.family(), SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    error = failure("cannot create UDP socket for", endpoint);
    return -1;
  }
  if (!prepare_socket(fd, endpoint, options, true, error)) {
    close(fd);
    return -1;
  }
  if (endpoint.wildcard && !ask_for_destination(fd, endpoint)) {
    error = failure("setsockopt PKTINFO", endpoint);
    close(fd);
    return -1;
  }
  // Never fragment replies locally (RFC 8900); the answer engine keeps them below the
  // client's EDNS size instead.
  if (endpoint.family() == AF_INET) {
    set_int_option(fd, IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_OMIT);
  } else {
    set_int_option(fd, IPPROTO_IPV6, IPV6_MTU_DISCOVER, IP_PMTUDISC_OMIT);
  }
  return fd;
}

int open_tcp_listener(const Endpoint& endpoint, const SocketOptions& options, std::string& error) {
  int fd = socket(endpoint.family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    error = failure("cannot create TCP socket for", endpoint);
    return -1;
  }
  if (!prepare_socket(fd, endpoint, options, false, error)) {
    close(fd);
    return -1;
  }
  // Queries are small and answered at once: no Nagle delay on the replies.
  set_int_option(fd, IPPROTO_TCP, TCP_NODELAY, 1);
  if (listen(fd, 1024) != 0) {
    error = failure("cannot listen on", endpoint);
    close(fd);
    return -1;
  }
  return fd;
}

}  // namespace zoned::server
