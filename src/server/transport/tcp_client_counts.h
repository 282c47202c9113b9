// TCP connections per client address, for tcp-count-per-client: one client (an IPv4
// address, an IPv6 /64) must not take every place of tcp-count. Counted in a fixed table of
// atomics indexed by a keyed hash of the address, shared by the workers without locks; two
// clients that share a slot share their limit, which errs on the side of refusing a
// connection, never of corrupting a count.
#pragma once

#include <sys/socket.h>

#include <array>
#include <atomic>
#include <cstdint>

namespace zoned::server {

class TcpClientCounts {
 public:
  static constexpr std::size_t kSlots = 4096;

  explicit TcpClientCounts(std::uint32_t limit);
  // Takes a place for `peer`; false (nothing taken) when it already holds `limit`.
  bool acquire(const sockaddr_storage& peer);
  void release(const sockaddr_storage& peer);
  std::uint32_t limit() const { return limit_; }

 private:
  std::size_t slot(const sockaddr_storage& peer) const;

  std::uint32_t limit_;
  std::uint64_t key_;
  std::array<std::atomic<std::uint32_t>, kSlots> counts_{};
};

}  // namespace zoned::server
