// What an epoll event of a worker is about. Every object registered with a worker's epoll
// starts with this tag, and the event's data.ptr points at it, so dispatching an event is a
// switch with no lookup.
#pragma once

#include <cstdint>

namespace zoned::server {

struct EventSource {
  enum class Kind : std::uint8_t { kUdpSocket, kTcpListener, kTcpConnection, kStop };
  explicit EventSource(Kind k) : kind(k) {}
  Kind kind;
};

}  // namespace zoned::server
