// A listening TCP socket, shared by every worker: each worker's epoll watches it with
// EPOLLEXCLUSIVE, so one worker wakes per new connection and takes it into its own loop.
// tcp-count is one limit for the whole server, counted here.
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

  // A new connection (non-blocking), or -1 when none is waiting; `peer` receives the
  // client's address. Over `limit` open connections server-wide the connection is accepted
  // and closed at once, so the backlog never fills with clients waiting for nothing.
  int accept_connection(std::atomic<std::uint32_t>& open_connections, std::uint32_t limit,
                        sockaddr_storage& peer);

 private:
  int fd_;
  std::string text_;
};

}  // namespace zoned::server
