// One received message in, one response (or nothing) out: the transport-independent step
// between a socket and the answer engine. No allocation, no lock, no exception.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "server/answer/answer.h"
#include "zone/zone_set.h"

namespace zoned::server {

struct QueryLimits {
  AnswerOptions answer;                 // tcp is set per call
  std::uint16_t ipv4_edns_size = 1232;  // the largest UDP response zoned sends over IPv4
  std::uint16_t ipv6_edns_size = 1232;
};

enum class Transport : std::uint8_t { kUdp4, kUdp6, kTcp };

// Writes the response to `message` into `out` and returns its length; 0: send nothing.
// Responses (QR=1) are dropped so that two servers can never loop on each other; a message
// that does not parse gets answer_unparsable() (FORMERR, or nothing when even the header
// is unreadable).
std::size_t process_query(const zone::ZoneSet& zones, std::span<const std::uint8_t> message,
                          Transport transport, const QueryLimits& limits,
                          std::span<std::uint8_t> out);

}  // namespace zoned::server
