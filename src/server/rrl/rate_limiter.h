// Response Rate Limiting (NSD's rrl-* options): UDP responses are counted per bucket (the
// client's network, the response's kind, and its name or zone) and a bucket past its
// rate per second answers only every rrl-slip-th query, with an empty truncated response
// that sends a real client to TCP; the rest are dropped. A spoofed flood thus reflects
// at most a trickle of small packets, while a real resolver behind the same network
// still gets its answers over TCP.
//
// The table is shared by every worker without locks: each bucket is one 64-bit word
// loaded and stored with relaxed atomics. Two workers updating one bucket at the same
// instant may lose a count, which errs towards answering; nothing is ever corrupted.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "config/ip_address.h"
#include "server/rrl/response_kind.h"
#include "wire/name.h"

namespace zoned::server {

struct RateLimitOptions {
  std::uint32_t buckets = 1000000;           // rrl-size
  std::uint32_t ratelimit = 0;               // rrl-ratelimit, per second; 0: RRL is off
  std::uint32_t whitelist_ratelimit = 2000;  // rrl-whitelist-ratelimit, for whitelisted kinds
  std::uint32_t slip = 2;                    // rrl-slip: every n-th limited response slips
  std::uint32_t ipv4_prefix = 24;            // rrl-ipv4-prefix-length
  std::uint32_t ipv6_prefix = 64;            // rrl-ipv6-prefix-length
};

enum class RateVerdict : std::uint8_t {
  kAnswer,  // within the rate
  kSlip,    // limited: send the empty truncated response
  kDrop,    // limited: send nothing
};

// A bucket that crossed into or out of its limit, for the log; kind none when nothing
// changed.
struct RateTransition {
  bool blocked = false;    // started limiting
  bool unblocked = false;  // a limited bucket is back within its rate
};

// `client` with every bit past the family's prefix length cleared: the network a bucket
// counts (and the log names).
config::IpAddress client_network(const config::IpAddress& client, const RateLimitOptions& options);
std::uint32_t prefix_length(const config::IpAddress& client, const RateLimitOptions& options);

class RateLimiter {
 public:
  explicit RateLimiter(const RateLimitOptions& options);
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  // Counts one response of `kind` under `name` (the query name, or the zone apex for the
  // kinds counted_per_zone()) to `client` at `now` (seconds, any monotonic origin).
  // `whitelisted`: the zone's rrl-whitelist names this kind.
  RateVerdict count(const config::IpAddress& client, ResponseKind kind, wire::NameView name,
                    bool whitelisted, std::uint32_t now, RateTransition* transition = nullptr);

  const RateLimitOptions& options() const { return options_; }

 private:
  std::uint64_t bucket_hash(const config::IpAddress& client, ResponseKind kind,
                            wire::NameView name) const;

  RateLimitOptions options_;
  std::uint64_t seed_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;
};

}  // namespace zoned::server
