#include "server/transport/tcp_client_counts.h"

#include <netinet/in.h>

#include <cstring>

#include "server/keyed_hash.h"

namespace zoned::server {

TcpClientCounts::TcpClientCounts(std::uint32_t limit) : limit_(limit), key_(random_hash_key()) {}

std::size_t TcpClientCounts::slot(const sockaddr_storage& peer) const {
  std::uint64_t h = key_;
  if (peer.ss_family == AF_INET6) {
    const auto& in6 = reinterpret_cast<const sockaddr_in6&>(peer);
    if (IN6_IS_ADDR_V4MAPPED(&in6.sin6_addr)) {
      std::uint32_t v4 = 0;
      std::memcpy(&v4, in6.sin6_addr.s6_addr + 12, 4);
      h = mix64(h ^ v4);
    } else {
      std::uint64_t prefix = 0;  // the /64: one site's addresses are one client
      std::memcpy(&prefix, in6.sin6_addr.s6_addr, 8);
      h = mix64(h ^ prefix ^ (std::uint64_t{6} << 56));
    }
  } else if (peer.ss_family == AF_INET) {
    const auto& in = reinterpret_cast<const sockaddr_in&>(peer);
    h = mix64(h ^ in.sin_addr.s_addr);
  }
  return h % kSlots;
}

bool TcpClientCounts::acquire(const sockaddr_storage& peer) {
  std::atomic<std::uint32_t>& count = counts_[slot(peer)];
  if (count.fetch_add(1, std::memory_order_relaxed) < limit_) return true;
  count.fetch_sub(1, std::memory_order_relaxed);
  return false;
}

void TcpClientCounts::release(const sockaddr_storage& peer) {
  counts_[slot(peer)].fetch_sub(1, std::memory_order_relaxed);
}

}  // namespace zoned::server
