// A bound on log lines that a remote party can cause one per packet (refused transfers and
// NOTIFYs, TSIG errors, rate limiting): at most `per_second` lines a second pass, the rest
// are counted, and the first line of a later second says how many were left out. A flood
// then costs a few lines a second, not a full disk, and the operator still sees that it
// happened. Shared by every worker: relaxed atomics, a lost count at worst.
#pragma once

#include <atomic>
#include <cstdint>

namespace zoned::server {

class LogThrottle {
 public:
  explicit LogThrottle(std::uint32_t per_second) : per_second_(per_second) {}

  // Whether a line may be written now. `suppressed` receives how many lines were left out
  // before this one (0 mostly); the caller says so in the line.
  bool allow(std::uint64_t& suppressed);

 private:
  const std::uint32_t per_second_;
  std::atomic<std::uint32_t> second_{0};
  std::atomic<std::uint32_t> lines_{0};
  std::atomic<std::uint64_t> suppressed_{0};
};

}  // namespace zoned::server
