#include "server/transport/tcp_listener.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace zoned::server {

TcpListener::TcpListener(int fd, std::string text)
    : EventSource(Kind::kTcpListener), fd_(fd), text_(std::move(text)) {}

TcpListener::~TcpListener() {
  close(fd_);
}

int TcpListener::accept_connection(sockaddr_storage& peer) {
  // Bounded: a flood of aborted connections must not keep this worker here.
  for (int attempt = 0; attempt < 64; ++attempt) {
    socklen_t peer_size = sizeof peer;
    const int fd =
        accept4(fd_, reinterpret_cast<sockaddr*>(&peer), &peer_size, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      // ECONNABORTED and the like concern that one client; EAGAIN: another worker took it.
      if (errno == ECONNABORTED || errno == EPROTO || errno == EINTR) continue;
      return -1;
    }
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
  }
  return -1;
}

}  // namespace zoned::server
