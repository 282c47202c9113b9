#include "wire/server_cookie.h"

#include <algorithm>

#include "wire/message_header.h"
#include "wire/serial.h"
#include "wire/siphash.h"

namespace zoned::wire {

namespace {

// Client Cookie | Version | Reserved | Timestamp | Client-IP, at most 8 + 8 + 16 octets.
constexpr std::size_t kMaxHashInput = kClientCookieSize + 8 + 16;

bool valid_ip_size(std::size_t n) {
  return n == 4 || n == 16;
}

// SipHash-2-4 of the hash input. `head` is the client cookie and the first 8 octets of the
// server cookie (version, reserved, timestamp), exactly as they are on the wire.
std::uint64_t cookie_hash(const CookieSecret& secret, std::span<const std::uint8_t, 16> head,
                          std::span<const std::uint8_t> client_ip) {
  std::array<std::uint8_t, kMaxHashInput> input;
  std::copy(head.begin(), head.end(), input.begin());
  std::copy(client_ip.begin(), client_ip.end(), input.begin() + head.size());
  return siphash24(secret,
                   std::span<const std::uint8_t>(input.data(), head.size() + client_ip.size()));
}

// The Hash field carries SipHash's output as the reference code writes it: little-endian.
std::uint64_t load_le64(const std::uint8_t* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i)
    v = (v << 8) | p[i];
  return v;
}

void store_le64(std::uint8_t* p, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) {
    p[i] = static_cast<std::uint8_t>(v);
    v >>= 8;
  }
}

}  // namespace

const char* to_string(CookieCheck c) {
  switch (c) {
    case CookieCheck::kClientOnly:
      return "client cookie only";
    case CookieCheck::kValid:
      return "valid";
    case CookieCheck::kValidRefresh:
      return "valid, to be refreshed";
    case CookieCheck::kInvalid:
      return "invalid";
  }
  return "unknown";
}

bool make_server_cookie(const CookieSecret& secret,
                        std::span<const std::uint8_t, kClientCookieSize> client_cookie,
                        std::span<const std::uint8_t> client_ip, std::uint32_t now,
                        std::span<std::uint8_t, kServerCookieSize> out) {
  if (!valid_ip_size(client_ip.size())) return false;
  std::array<std::uint8_t, 16> head{};
  std::copy(client_cookie.begin(), client_cookie.end(), head.begin());
  head[8] = kServerCookieVersion;
  // head[9..11]: Reserved, zero on construction (RFC 9018 §4.2).
  store_u32(head.data() + 12, now);
  std::copy(head.begin() + 8, head.end(), out.begin());
  store_le64(out.data() + 8, cookie_hash(secret, head, client_ip));
  return true;
}

bool make_cookie_answer(const CookieSecret& secret,
                        std::span<const std::uint8_t, kClientCookieSize> client_cookie,
                        std::span<const std::uint8_t> client_ip, std::uint32_t now,
                        CookieAnswer& out) {
  if (!valid_ip_size(client_ip.size())) return false;
  // Copied first: `client_cookie` may be the first 8 octets of `out` itself.
  std::array<std::uint8_t, kClientCookieSize> client;
  std::copy(client_cookie.begin(), client_cookie.end(), client.begin());
  std::copy(client.begin(), client.end(), out.begin());
  return make_server_cookie(secret, client, client_ip, now,
                            std::span<std::uint8_t, kServerCookieSize>(out.data() + 8, 16));
}

CookieCheck check_cookie(std::span<const std::uint8_t> option,
                         std::span<const std::uint8_t> client_ip, std::uint32_t now,
                         std::span<const CookieSecret> secrets) {
  if (option.size() == kClientCookieSize) return CookieCheck::kClientOnly;
  // Version 1 server cookies are exactly 16 octets; other lengths are another scheme's.
  if (option.size() != kCookieAnswerSize) return CookieCheck::kInvalid;
  if (!valid_ip_size(client_ip.size())) return CookieCheck::kInvalid;
  const std::uint8_t* p = option.data();
  if (p[8] != kServerCookieVersion) return CookieCheck::kInvalid;

  // RFC 9018 §4.3: serial number arithmetic (RFC 1982), so the window works across the
  // 2106 wrap of a 32-bit time. Exactly 2^31 apart has no order: refused.
  const std::uint32_t timestamp = load_u32(p + 12);
  std::uint32_t age = 0;
  switch (serial_compare(timestamp, now)) {
    case SerialOrder::kEqual:
      break;
    case SerialOrder::kLess:
      age = now - timestamp;
      if (age > kCookieMaxAge) return CookieCheck::kInvalid;
      break;
    case SerialOrder::kGreater:
      if (timestamp - now > kCookieMaxAhead) return CookieCheck::kInvalid;
      break;
    case SerialOrder::kUndefined:
      return CookieCheck::kInvalid;
  }

  // The received Reserved octets go into the hash as they are (RFC 9018 §4.2).
  const std::span<const std::uint8_t, 16> head(p, 16);
  const std::uint64_t received = load_le64(p + 16);
  for (std::size_t i = 0; i < secrets.size(); ++i) {
    // One 64-bit comparison: its time does not depend on how many octets match.
    if (cookie_hash(secrets[i], head, client_ip) != received) continue;
    const bool reserved_zero = p[9] == 0 && p[10] == 0 && p[11] == 0;
    if (i == 0 && age < kCookieRefreshAge && reserved_zero) return CookieCheck::kValid;
    return CookieCheck::kValidRefresh;
  }
  return CookieCheck::kInvalid;
}

}  // namespace zoned::wire
