// A secondary's side of an incremental transfer (RFC 1995): the deltas an IXFR brought,
// applied in order to the snapshot being served, give the next snapshot.
//
// The chain must start at the base's serial and be consecutive (each delta's old serial is
// the previous one's new serial). Each delta removes, then adds, with strict checks at that
// point of the chain: a removed record must be in the zone, an added one must not be.
// Records are matched by owner (case-insensitively), type, class and RDATA (the embedded
// names that the canonical form lowercases, case-insensitively; the rest octet for octet);
// the TTL is not part of the match: a removal with another TTL removes the record, and an
// added record has the TTL it carries. The SOA becomes the last delta's new SOA. The result
// must pass check_zone() (its warnings are let through, as on a load).
//
// Cost: two walks over the base (one to find the few records the chain touches, one to copy
// the zone) and a hash map of the chain's records only, never of the whole zone.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "transfer/zone_delta.h"
#include "zone/zone_snapshot.h"

namespace zoned::transfer {

struct ApplyResult {
  std::shared_ptr<const zone::ZoneSnapshot> snapshot;  // nullptr on failure
  // On failure, one line for an operator's log, e.g. "IXFR 7 -> 8 deletes www.example.com.
  // A 192.0.2.1, which the zone does not have".
  std::string error;
};

// The base is left as it is; the deltas' arenas are read during the call only. A zone of
// more than `max_records` records (max-records; 0 for no limit) is a failure.
ApplyResult apply_deltas(const zone::ZoneSnapshot& base, std::span<const ZoneDelta> deltas,
                         std::uint64_t max_records = 0);

}  // namespace zoned::transfer
