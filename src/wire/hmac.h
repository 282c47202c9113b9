// Incremental HMAC over OpenSSL 3's EVP_MAC, for TSIG (RFC 8945 §4.3).
//
// One Hmac owns one EVP_MAC_CTX for as long as it lives: init() with the same algorithm reuses
// it, so signing or verifying a stream of messages allocates nothing of ours per message
// (OpenSSL itself copies the key and its digest states on every init; see tsig.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "wire/tsig_algorithm.h"

struct evp_mac_ctx_st;  // OpenSSL's EVP_MAC_CTX

namespace zoned::wire {

class Hmac {
 public:
  Hmac() = default;
  ~Hmac();
  Hmac(const Hmac&) = delete;
  Hmac& operator=(const Hmac&) = delete;
  Hmac(Hmac&& other) noexcept;
  Hmac& operator=(Hmac&& other) noexcept;

  // Starts a MAC with `secret` (which may be empty). False when OpenSSL fails (out of memory,
  // or a digest the provider lacks); update() and final() are then no-ops.
  bool init(TsigAlgorithm algorithm, std::span<const std::uint8_t> secret);
  // Starts a new MAC with the key of the last successful init(), without copying it again.
  bool restart();
  void update(std::span<const std::uint8_t> data);
  // Writes the MAC to `out` (at least size() octets) and returns its length; 0 on failure.
  // After final() the Hmac needs init() or restart() again.
  std::size_t final(std::span<std::uint8_t> out);

  std::size_t size() const { return tsig_mac_size(algorithm_); }
  bool ok() const { return ok_; }

 private:
  evp_mac_ctx_st* ctx_ = nullptr;
  TsigAlgorithm algorithm_ = TsigAlgorithm::kHmacSha256;
  bool keyed_ = false;  // ctx_ holds a key (restart() may reuse it)
  bool ok_ = false;     // a MAC is in progress
};

// Equality of two MACs in time that depends only on their length (CRYPTO_memcmp), so a
// forger learns nothing from how long a comparison took. Different lengths are unequal.
bool constant_time_equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);

}  // namespace zoned::wire
