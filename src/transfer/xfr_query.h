// The secondary's transfer query (RFC 5936 §2.2, RFC 1995 §3): AXFR, IXFR or SOA for one
// zone, class IN, RD clear; an IXFR carries the secondary's current SOA in the authority
// section. Signed with TSIG when a key is given. No I/O.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "wire/name.h"
#include "wire/tsig.h"
#include "zone/zone_cursor.h"

namespace zoned::transfer {

// Writes the query into `out` and returns its length; 0 when it does not fit (or
// `current_soa` is not an SOA of class IN). `current_soa`: the SOA we hold, for an IXFR
// (nullptr otherwise). `key`: sign with it (sign_request at time `now`, seconds since the
// epoch) and store the request MAC in `request_mac` for the XfrStreamReader; nullptr: an
// unsigned query, `request_mac` emptied.
std::size_t build_xfr_query(std::span<std::uint8_t> out, std::uint16_t id, wire::NameView apex,
                            std::uint16_t qtype, const zone::ZoneRecord* current_soa,
                            const wire::TsigKey* key, std::uint64_t now,
                            wire::TsigMac& request_mac);

}  // namespace zoned::transfer
