// The difference between two snapshots of one zone, old -> new: the records only the old
// one has (removed) and those only the new one has (added), as an IXFR carries them
// (RFC 1995). Both snapshots keep their nodes in canonical order and their NSEC3 chains in
// hash order, so one merge-style walk over each pair finds the changed names, and a node
// whose RRset data is byte for byte the same is passed over with one memcmp.
//
// Record identity: owner compared case-insensitively (a change of case alone in an owner
// is no change), type, TTL and the RDATA octets exactly as stored. RRsets are compared as
// sets: a reordering is no change. A TTL change is the removal of every record of the
// RRset and the addition of every one with the new TTL (RRSIGs likewise with their TTL).
// The apex SOA records are not reported (the caller has both SOAs); their RRSIGs are.
//
// The snapshots' extra records (extra_records.h: those the query form does not hold) are
// compared last, by one merge walk of the two sorted stores, record by record: owner
// (case-insensitively), type, RDATA octets and TTL, so a TTL change there is the removal
// of the one record and the addition of the other. A record that moves between the query
// form and the extras (an RRSIG whose RRset comes or goes, an NSEC3 whose chain becomes or
// stops being the NSEC3PARAM's) is reported as removed and added, from where it was and to
// where it is: the same record twice when its TTL stays, which a delta applies as no change.
#pragma once

#include <cstddef>
#include <cstdint>

#include "zone/zone_cursor.h"
#include "zone/zone_snapshot.h"

namespace zoned::zone {

class DiffSink {
 public:
  virtual ~DiffSink() = default;
  // The views are valid during the call only.
  virtual void removed(const ZoneRecord& record) = 0;
  virtual void added(const ZoneRecord& record) = 0;
};

struct DiffStats {
  std::size_t nodes_compared = 0;   // names present in both (main tree and NSEC3 chain)
  std::size_t nodes_changed = 0;    // of those, the ones whose data differed
  std::size_t extras_compared = 0;  // extra records present in both
  std::size_t removed = 0;
  std::size_t added = 0;
};

// Reports every difference of `from` -> `to` to `sink`. The two should be snapshots of the
// same zone (same apex); nothing checks it.
DiffStats diff_snapshots(const ZoneSnapshot& from, const ZoneSnapshot& to, DiffSink& sink);

}  // namespace zoned::zone
