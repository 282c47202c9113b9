// Walking every resource record of an immutable snapshot in AXFR order (RFC 5936 §2.2):
// the apex SOA first, then every other record of the zone exactly once: the main tree's
// nodes in canonical order (each RRset followed by its RRSIGs, glue and occluded data
// included), then the NSEC3 chain in hash order. The closing SOA is the writer's business.
//
// The cursor is a handful of pointers into the snapshot: constant memory, nothing allocated,
// and it can stop after any record and go on later (a transfer fills one message at a time).
// The snapshot must outlive it (an AXFR writer holds the shared_ptr).
//
// What the cursor can give back is what the snapshot kept; see zone_snapshot_build.cpp for
// what build_snapshot() leaves out (the transfer tests pin it down record by record).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "wire/name.h"
#include "wire/rrtype.h"
#include "zone/zone_snapshot.h"

namespace zoned::zone {

// One resource record of a zone. The views point into the snapshot (or the delta, or the
// journal buffer) it came from.
struct ZoneRecord {
  wire::NameView owner;
  std::uint16_t type = 0;
  std::uint16_t rclass = wire::rrclass::IN;  // the only class a zone holds
  std::uint32_t ttl = 0;
  std::span<const std::uint8_t> rdata;  // uncompressed wire form
};

// The apex SOA record of `zone`; false when there is none (never for a checked zone).
bool soa_record(const ZoneSnapshot& zone, ZoneRecord& out);

class ZoneCursor {
 public:
  explicit ZoneCursor(const ZoneSnapshot& zone);

  // True once every record has been handed out (also at once for a zone without an SOA,
  // which check_zone() never lets through).
  bool done() const { return phase_ == Phase::kDone; }
  // The current record; only while !done(). Its views stay valid as long as the snapshot.
  const ZoneRecord& record() const { return record_; }
  // Moves to the next record.
  void advance();
  // Records handed out before the current one.
  std::uint64_t position() const { return position_; }

 private:
  enum class Phase : std::uint8_t { kSoa, kTree, kNsec3, kDone };

  // Starts the first node at or after `node_` that has records, moving on to the next phase
  // at the end of one; false when there is none left (done).
  bool enter_node();
  // From the current list position, finds the next record and fills record_.
  void settle();
  void next_rrset();

  const ZoneSnapshot* zone_;
  Phase phase_ = Phase::kSoa;
  std::uint32_t node_ = 0;         // index into the nodes, or into the NSEC3 chain
  std::uint32_t rrsets_left_ = 0;  // RRsets of the node not started yet
  RrsetHeader header_{};           // of the RRset being walked
  const std::uint8_t* next_rrset_ = nullptr;
  const std::uint8_t* at_ = nullptr;  // the current <length><RDATA> entry
  const std::uint8_t* end_ = nullptr;
  bool in_sigs_ = false;  // walking the RRSIGs of rrset_
  ZoneRecord record_;
  std::uint64_t position_ = 0;
};

}  // namespace zoned::zone
