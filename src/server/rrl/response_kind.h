// The RRL classes of a response (NSD's rrl-whitelist names), and the name its bucket is
// counted under: answers for one name count apart, while the answers an attacker can vary
// without limit (random names below a zone: NXDOMAIN, referrals, wildcards) count under
// the zone, and errors under the client alone.
#pragma once

#include <cstdint>
#include <span>

#include "wire/message_parser.h"
#include "wire/name.h"

namespace zoned::server {

// NSD's flag values (config/option_values.cpp), so a zone's rrl-whitelist mask applies as
// it is.
enum class ResponseKind : std::uint16_t {
  kNxDomain = 0x01,
  kError = 0x02,
  kReferral = 0x04,
  kAny = 0x08,
  kWildcard = 0x10,
  kNoData = 0x20,
  kDnskey = 0x40,
  kPositive = 0x80,
  kRrsig = 0x100,
};

const char* to_string(ResponseKind kind);

// What a response is, from the query and the response's header. `wildcard`: the answer
// engine synthesized it from a wildcard.
ResponseKind classify_response(const wire::MessageInfo& query,
                               std::span<const std::uint8_t> response, bool wildcard);

// Whether a bucket of this kind is keyed by the zone (true) or the query name (false).
bool counted_per_zone(ResponseKind kind);

}  // namespace zoned::server
