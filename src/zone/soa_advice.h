// What is wrong with a zone's SOA timers for its secondaries (RFC 1912 §2.2, RFC 1035
// §3.3.13): a retry no shorter than the refresh, or an expire that comes before a
// secondary has had time to refresh and retry. Said once when a primary zone loads, in
// words an operator can act on; the zone is served either way.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace zoned::zone {

// One sentence per problem of the SOA RDATA's timers; empty when they are sound.
std::vector<std::string> soa_timer_advice(std::span<const std::uint8_t> soa_rdata);

}  // namespace zoned::zone
