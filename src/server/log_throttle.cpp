#include "server/log_throttle.h"

#include <ctime>

namespace zoned::server {

bool LogThrottle::allow(std::uint64_t& suppressed) {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC_COARSE, &now);
  const auto second = static_cast<std::uint32_t>(now.tv_sec);
  if (second_.load(std::memory_order_relaxed) != second) {
    second_.store(second, std::memory_order_relaxed);
    lines_.store(0, std::memory_order_relaxed);
  }
  if (lines_.fetch_add(1, std::memory_order_relaxed) >= per_second_) {
    suppressed_.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  suppressed = suppressed_.exchange(0, std::memory_order_relaxed);
  return true;
}

}  // namespace zoned::server
