// Query-time lookups in a ZoneSnapshot (RFC 1034 §4.3.2 step 3, RFC 4592, RFC 6672):
// where a query name lands, the NSEC link that covers a name, and NSEC3 hashed lookups.
// Read-only, no allocation, no locks.
#pragma once

#include <cstdint>

#include "wire/name.h"
#include "zone/nsec3_hash.h"
#include "zone/zone_snapshot.h"

namespace zoned::zone {

enum class LookupKind : std::uint8_t {
  kFound,       // the name exists (possibly an empty non-terminal): answer or NODATA
  kDelegation,  // at or below a zone cut: refer to `node`, the topmost cut
  kDname,       // strictly below a DNAME owner `node`: substitute
  kWildcard,    // no such name, but `node` ("*.<encloser>") synthesizes it
  kNxDomain,    // no such name and no wildcard: `encloser` is the closest encloser
};

struct Lookup {
  LookupKind kind = LookupKind::kNxDomain;
  std::uint32_t node = kNoNode;
  std::uint32_t encloser = kNoNode;  // the closest encloser for kWildcard and kNxDomain
};

// Where `qname` (at or below the apex) lands. `parent_side` is set for DS queries: at a
// cut the DS RRset is the parent's data, answered rather than referred (RFC 4035 §3.1.4.1).
Lookup lookup_name(const ZoneSnapshot& zone, wire::NameView qname, bool parent_side);

// The node owning the NSEC whose span covers `name` (canonically after the owner and
// before its next name), or kNoNode in a zone without NSEC.
std::uint32_t nsec_covering(const ZoneSnapshot& zone, wire::NameView name);

// ----- NSEC3 (RFC 5155 §7.2) -----

struct Nsec3Match {
  std::uint32_t node = kNoNode;  // into ZoneSnapshot::nsec3_node
  bool exact = false;            // its owner hash equals the name's hash; else it covers it
};

// The NSEC3 whose owner hash matches `name`'s, or else the one that covers it.
Nsec3Match nsec3_lookup(const ZoneSnapshot& zone, wire::NameView name);

struct ClosestProvableEncloser {
  std::uint32_t encloser_nsec3 = kNoNode;     // matches the closest provable encloser
  std::uint32_t next_closer_nsec3 = kNoNode;  // covers the next closer name (kNoNode: none)
  wire::NameView encloser;                    // a suffix of the name asked about
};

// RFC 5155 §7.2.1: walks up from `name` to the first ancestor with a matching NSEC3.
ClosestProvableEncloser closest_provable_encloser(const ZoneSnapshot& zone, wire::NameView name);

}  // namespace zoned::zone
