// One received message in, one response (or nothing) out: the transport-independent step
// between a socket and the answer engine. Ordinary queries cost no allocation, lock or
// exception; TSIG-signed requests and transfers may allocate (they are rare and costly
// anyway).
//
// The order of checks: parse (FORMERR) -> TSIG, when the request carries one (RFC 8945
// §5.2: its errors are answered before anything else) -> NOTIFY (allow-notify) -> zones
// without usable data (SERVFAIL) -> transfers (AXFR/IXFR: provide-xfr) -> allow-query -> the
// answer engine. A response to a signed request is signed. Last, over UDP, response rate
// limiting may drop the response or send an empty truncated one instead; requests with a
// verified TSIG or a valid server cookie (RFC 7873 §5.4) are exempt. With answer-cookie,
// every response to a query with a COOKIE option carries our cookie.
#pragma once

#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "server/answer/answer.h"
#include "server/cookie_secrets.h"
#include "server/notify_listener.h"
#include "server/outgoing_transfer.h"
#include "server/query_stats.h"
#include "server/rrl/rate_limiter.h"
#include "server/served_zones.h"

namespace zoned::server {

struct QueryLimits {
  AnswerOptions answer;                 // tcp is set per call
  std::uint16_t ipv4_edns_size = 1232;  // the largest UDP response zoned sends over IPv4
  std::uint16_t ipv6_edns_size = 1232;
  // Who hears of allowed NOTIFYs (the secondary zones' timers); nullptr: none expected.
  NotifyListener* notifies = nullptr;
  // Response rate limiting of UDP answers (rrl-*); nullptr: off.
  RateLimiter* rrl = nullptr;
  // DNS Cookies (answer-cookie: yes): the secrets; nullptr: cookies are not answered.
  const CookieSecretStore* cookies = nullptr;
};

enum class Transport : std::uint8_t { kUdp4, kUdp6, kTcp };

// Where a message came from and what the transport can do with a transfer.
struct Request {
  Transport transport = Transport::kUdp4;
  const sockaddr_storage* source = nullptr;  // nullptr: no access list can allow it
  // TCP only: who serves allowed transfers, and where their stream goes. When the call
  // opens a stream it returns 0 and the caller sends the stream's messages instead.
  TransferSource* transfers = nullptr;
  std::unique_ptr<ResponseStream>* stream = nullptr;
  // The worker's counters (opcode, class, type, EDNS, rcode, TC, AA, transfers, dropped);
  // nullptr: not counted. The transport counts what it received (num.udp ... num.tcp6).
  QueryStats* stats = nullptr;
};

// Writes the response to `message` into `out` and returns its length; 0: send nothing.
// Responses (QR=1) are dropped so that two servers can never loop on each other; a message
// that does not parse gets answer_unparsable() (FORMERR, or nothing when even the header
// is unreadable).
std::size_t process_query(const ServedZones& served, std::span<const std::uint8_t> message,
                          const Request& request, const QueryLimits& limits,
                          std::span<std::uint8_t> out);

}  // namespace zoned::server
