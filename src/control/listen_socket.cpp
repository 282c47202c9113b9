#include "control/listen_socket.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>

namespace zoned::control {

ListenResult open_listen_socket(const server::Endpoint& endpoint, const std::string& label,
                                bool optional, int backlog, ListenSocket& out, std::string& error) {
  detail::UniqueFd fd(socket(endpoint.family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) {
    error = label + ": socket: " + detail::errno_text(errno);
    return optional ? ListenResult::kSkipped : ListenResult::kFailed;
  }
  const int on = 1;
  setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  if (endpoint.family() == AF_INET6)
    setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
  if (bind(fd.get(), reinterpret_cast<const sockaddr*>(&endpoint.address), endpoint.length) != 0) {
    const int problem = errno;
    error = label + ": bind: " + detail::errno_text(problem);
    return optional && (problem == EADDRNOTAVAIL || problem == EAFNOSUPPORT)
               ? ListenResult::kSkipped
               : ListenResult::kFailed;
  }
  if (listen(fd.get(), backlog) != 0) {
    error = label + ": listen: " + detail::errno_text(errno);
    return ListenResult::kFailed;
  }
  sockaddr_storage bound{};
  socklen_t length = sizeof bound;
  getsockname(fd.get(), reinterpret_cast<sockaddr*>(&bound), &length);
  out.text = server::endpoint_text(reinterpret_cast<const sockaddr*>(&bound));
  out.port = bound.ss_family == AF_INET
                 ? ntohs(reinterpret_cast<const sockaddr_in*>(&bound)->sin_port)
                 : ntohs(reinterpret_cast<const sockaddr_in6*>(&bound)->sin6_port);
  out.fd = std::move(fd);
  return ListenResult::kOpened;
}

}  // namespace zoned::control
