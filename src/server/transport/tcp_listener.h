// A listening TCP socket, shared by every worker: each worker's epoll watches it with
// EPOLLEXCLUSIVE, so one worker wakes per new connection and takes it into its own loop.
// The limits (tcp-count, tcp-count-per-client) are the worker's to apply.
#pragma once

#include <sys/socket.h>

#include <atomic>
#include <cstdint>
#include <string>

#include "server/transport/event_source.h"

namespace zoned::server {

class TcpListener : public EventSource {
 public:
  // Takes ownership of `fd`.
  TcpListener(int fd, std::string text);
  ~TcpListener();
  TcpListener(const TcpListener&) = delete;
  TcpListener& operator=(const TcpListener&) = delete;

  int fd() const { return fd_; }
  const std::string& text() const { return text_; }

  // A new connection (non-blocking, TCP_NODELAY), or -1 when none is waiting; `peer`
  // receives the client's address.
  int accept_connection(sockaddr_storage& peer);

 private:
  int fd_;
  std::string text_;
};

}  // namespace zoned::server
