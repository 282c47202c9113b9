// DNS Cookies (RFC 7873) with the interoperable server cookie of RFC 9018: making a server
// cookie, checking the COOKIE option a client sent back, and the option data of an answer.
// Everything here runs per query: nothing allocates, throws or reads the clock (the caller
// passes the time).
//
// A version 1 server cookie (RFC 9018 §4) is 16 octets:
//   Version (1) = 1 | Reserved (3) = 0 | Timestamp (4, seconds, network order) | Hash (8)
//   Hash = SipHash-2-4(key = server secret,
//                      Client Cookie (8) | Version | Reserved | Timestamp | Client-IP)
// so a cookie made by any server of an anycast set that shares the secret verifies on all
// of them, whatever their implementation (NSD, BIND, Knot, PowerDNS, Unbound, zoned).
//
// Client-IP is the client's address as 4 octets (IPv4) or 16 octets (IPv6), taken from the
// query's source address. An IPv4 client that reaches an IPv6 socket (an IPv4-mapped address,
// ::ffff:a.b.c.d) must be passed as its 4 IPv4 octets, so that its cookie does not depend on
// which socket a query arrived on. (NSD hashes the 16 octets of a mapped address; it binds
// its IPv6 sockets IPV6_V6ONLY, so it does not see such addresses in practice.)
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace zoned::wire {

// A server secret: the SipHash-2-4 key (128 bits).
using CookieSecret = std::array<std::uint8_t, 16>;

inline constexpr std::size_t kClientCookieSize = 8;
inline constexpr std::size_t kServerCookieSize = 16;  // version 1
// COOKIE option data of an answer: the client's cookie and our server cookie.
inline constexpr std::size_t kCookieAnswerSize = kClientCookieSize + kServerCookieSize;
using CookieAnswer = std::array<std::uint8_t, kCookieAnswerSize>;

inline constexpr std::uint8_t kServerCookieVersion = 1;
// RFC 9018 §4.3: a server cookie is accepted from 1 hour in the past to 5 minutes in the
// future (clock skew inside an anycast set), and should be re-issued once it is more than
// half an hour old. NSD re-issues from 30 minutes on; so do we.
inline constexpr std::uint32_t kCookieMaxAge = 3600;
inline constexpr std::uint32_t kCookieMaxAhead = 300;
inline constexpr std::uint32_t kCookieRefreshAge = 1800;

enum class CookieCheck : std::uint8_t {
  // Only a client cookie (8 octets): the client has no server cookie of ours yet. Answer
  // with a fresh one (RFC 7873 §5.2.3).
  kClientOnly,
  // A server cookie we made, with the active secret, less than 30 minutes old: the query
  // is authenticated; the answer may echo the received option data as it is.
  kValid,
  // A server cookie we made but should replace: 30 minutes old or more, made with a
  // staging secret (not the active one), or carrying non-zero Reserved octets (another
  // implementation's; RFC 9018 §4.2 still includes them in the hash). The query is
  // authenticated; the answer carries a fresh cookie (make_cookie_answer).
  kValidRefresh,
  // A server cookie we cannot verify: not 16 octets (the option is not 8 or 24 octets),
  // not version 1, a hash that no secret gives for this client (another secret, another
  // client address, altered octets), or a timestamp more than 1 hour old or more than
  // 5 minutes ahead. RFC 7873 §5.2.4 lets the server answer as for kClientOnly (with a
  // fresh cookie) or with BADCOOKIE; that policy is the caller's.
  kInvalid,
};
const char* to_string(CookieCheck c);

// Writes the version 1 server cookie for `client_cookie` from `client_ip` (4 or 16 octets)
// at time `now` (seconds since 1970, modulo 2^32) made with `secret`. False, with `out`
// untouched, when `client_ip` is neither 4 nor 16 octets long.
[[nodiscard]] bool make_server_cookie(
    const CookieSecret& secret, std::span<const std::uint8_t, kClientCookieSize> client_cookie,
    std::span<const std::uint8_t> client_ip, std::uint32_t now,
    std::span<std::uint8_t, kServerCookieSize> out);

// The COOKIE option data to send back: `client_cookie` followed by a fresh server cookie
// made with `secret` (the active one). False as make_server_cookie.
[[nodiscard]] bool make_cookie_answer(
    const CookieSecret& secret, std::span<const std::uint8_t, kClientCookieSize> client_cookie,
    std::span<const std::uint8_t> client_ip, std::uint32_t now, CookieAnswer& out);

// Checks the COOKIE option data of a query (`option`: the raw payload, 8 octets or 16..40)
// from `client_ip` (4 or 16 octets) at time `now` against `secrets`: the active secret
// first, then the staging ones. A cookie made with any of them verifies, so a secret
// rollover (RFC 9018 §5: add the new secret as staging everywhere, activate it, drop the
// old one an hour later) loses no client. The message parser already answers FORMERR for
// option lengths RFC 7873 §5.2.2 rejects; here any length other than 8 or 24 is kInvalid.
// At most one SipHash per secret; the timestamp is checked first, so stale cookies cost
// none.
CookieCheck check_cookie(std::span<const std::uint8_t> option,
                         std::span<const std::uint8_t> client_ip, std::uint32_t now,
                         std::span<const CookieSecret> secrets);

}  // namespace zoned::wire
