#include "server/rrl/rate_limiter.h"

#include <algorithm>
#include <cstring>

#include "server/keyed_hash.h"

namespace zoned::server {
namespace {

// A bucket word: | fingerprint 24 | second 12 | count 14 | rate 14 |. The fingerprint tells
// the key that owns the bucket from one that collides with it (and takes it over); the
// second is the clock modulo 4096; count is this second's responses, rate the smoothed
// responses per second of the seconds before (both saturate at 16383).
constexpr unsigned kRateBits = 14, kCountBits = 14, kSecondBits = 12, kFingerprintBits = 24;
constexpr std::uint64_t kRateMask = (1u << kRateBits) - 1;
constexpr std::uint64_t kCountMask = (1u << kCountBits) - 1;
constexpr std::uint64_t kSecondMask = (1u << kSecondBits) - 1;
constexpr std::uint64_t kFingerprintMask = (1u << kFingerprintBits) - 1;
constexpr unsigned kCountShift = kRateBits;
constexpr unsigned kSecondShift = kCountShift + kCountBits;
constexpr unsigned kFingerprintShift = kSecondShift + kSecondBits;
constexpr std::uint32_t kSaturated = (1u << kCountBits) - 1;

struct Bucket {
  std::uint32_t fingerprint = 0, second = 0, count = 0, rate = 0;

  static Bucket unpack(std::uint64_t w) {
    return {static_cast<std::uint32_t>((w >> kFingerprintShift) & kFingerprintMask),
            static_cast<std::uint32_t>((w >> kSecondShift) & kSecondMask),
            static_cast<std::uint32_t>((w >> kCountShift) & kCountMask),
            static_cast<std::uint32_t>(w & kRateMask)};
  }
  std::uint64_t pack() const {
    return (std::uint64_t{fingerprint} << kFingerprintShift) |
           (std::uint64_t{second} << kSecondShift) | (std::uint64_t{count} << kCountShift) |
           std::uint64_t{rate};
  }
};

std::uint8_t lower(std::uint8_t c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<std::uint8_t>(c + 32) : c;
}

// The smoothed rate after `elapsed` seconds: each second halves what came before and adds
// what came in it (BIND's and NSD's RRL average the same way).
std::uint32_t decay(std::uint32_t rate, std::uint32_t count, std::uint32_t elapsed) {
  if (elapsed > 16) return 0;
  std::uint32_t r = (rate + count) / 2;
  for (std::uint32_t i = 1; i < elapsed && r != 0; ++i)
    r /= 2;
  return r;
}

}  // namespace

std::uint32_t prefix_length(const config::IpAddress& client, const RateLimitOptions& options) {
  return client.family == config::AddressFamily::kIpv4
             ? std::min<std::uint32_t>(options.ipv4_prefix, 32)
             : std::min<std::uint32_t>(options.ipv6_prefix, 128);
}

config::IpAddress client_network(const config::IpAddress& client, const RateLimitOptions& options) {
  const std::uint32_t prefix = prefix_length(client, options);
  config::IpAddress network = client;
  for (std::size_t i = 0; i < network.bytes.size(); ++i) {
    const std::uint32_t bit = static_cast<std::uint32_t>(i) * 8;
    if (bit >= prefix)
      network.bytes[i] = 0;
    else if (bit + 8 > prefix)
      network.bytes[i] &= static_cast<std::uint8_t>(0xFF00u >> (prefix - bit));
  }
  return network;
}

RateLimiter::RateLimiter(const RateLimitOptions& options)
    : options_(options),
      seed_(random_hash_key()),
      buckets_(new std::atomic<std::uint64_t>[std::max<std::uint32_t>(options.buckets, 1)]) {
  options_.buckets = std::max<std::uint32_t>(options.buckets, 1);
  for (std::uint32_t i = 0; i < options_.buckets; ++i)
    buckets_[i].store(0, std::memory_order_relaxed);
}

std::uint64_t RateLimiter::bucket_hash(const config::IpAddress& client, ResponseKind kind,
                                       wire::NameView name) const {
  const config::IpAddress network = client_network(client, options_);
  std::uint64_t h = seed_ ^ (network.family == config::AddressFamily::kIpv4 ? 4 : 6) ^
                    (std::uint64_t{static_cast<std::uint16_t>(kind)} << 8);
  for (std::size_t i = 0; i < network.size(); i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, network.bytes.data() + i, std::min<std::size_t>(8, network.size() - i));
    h = mix64(h ^ word);
  }
  if (kind != ResponseKind::kError) {
    // Names compare case-insensitively: 0x20 randomisation must not spread a flood.
    std::uint64_t word = 0;
    unsigned filled = 0;
    for (std::uint8_t c : name.wire()) {
      word = (word << 8) | lower(c);
      if (++filled == 8) {
        h = mix64(h ^ word);
        word = 0;
        filled = 0;
      }
    }
    h = mix64(h ^ word ^ (std::uint64_t{filled} << 60));
  }
  return h;
}

RateVerdict RateLimiter::count(const config::IpAddress& client, ResponseKind kind,
                               wire::NameView name, bool whitelisted, std::uint32_t now,
                               RateTransition* transition) {
  const std::uint32_t limit = whitelisted ? options_.whitelist_ratelimit : options_.ratelimit;
  if (limit == 0) return RateVerdict::kAnswer;
  const std::uint64_t h = bucket_hash(client, kind, name);
  std::atomic<std::uint64_t>& word = buckets_[h % options_.buckets];
  const std::uint32_t fingerprint = static_cast<std::uint32_t>(h >> 40) & kFingerprintMask;
  const std::uint32_t second = now & kSecondMask;

  Bucket b = Bucket::unpack(word.load(std::memory_order_relaxed));
  const bool was_limited = b.fingerprint == fingerprint && (b.rate > limit || b.count > limit);
  if (b.fingerprint != fingerprint) {
    b = Bucket{fingerprint, second, 0, 0};  // a new key takes the bucket over
  } else if (b.second != second) {
    const std::uint32_t elapsed = (second - b.second) & kSecondMask;
    b.rate = decay(b.rate, b.count, elapsed);
    b.count = 0;
    b.second = second;
  }
  if (b.count < kSaturated) ++b.count;
  word.store(b.pack(), std::memory_order_relaxed);

  const bool limited = b.rate > limit || b.count > limit;
  if (transition != nullptr) {
    transition->blocked = limited && !was_limited;
    transition->unblocked = !limited && was_limited;
  }
  if (!limited) return RateVerdict::kAnswer;
  // The slip follows the bucket's own count, so it needs no state of its own.
  if (options_.slip != 0 && b.count % options_.slip == 0) return RateVerdict::kSlip;
  return RateVerdict::kDrop;
}

}  // namespace zoned::server
