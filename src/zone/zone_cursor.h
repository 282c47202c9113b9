// Walking every resource record of an immutable snapshot in AXFR order (RFC 5936 §2.2):
// the apex SOA first, then every other record of the zone exactly once: the main tree's
// nodes in canonical order (each RRset followed by its RRSIGs, glue and occluded data
// included), then the NSEC3 chain in hash order, then the snapshot's extra records (those
// its query form does not hold; extra_records.h) in their order. The closing SOA is the
// writer's business.
//
// The cursor is a handful of pointers into the snapshot: constant memory, nothing allocated,
// and it can stop after any record and go on later (a transfer fills one message at a time).
// The snapshot must outlive it (an AXFR writer holds the shared_ptr).
//
// The snapshot keeps every record of the zone, so the cursor gives every one back, each
// with its own owner, type, TTL and RDATA, but for one normalisation: the RRSIGs of one
// RRset all come with the first one's TTL (see zone_snapshot_build.cpp; the cursor tests
// pin it down record by record).
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
  // Moves to the next record. The next record of the same list (RRset or its RRSIGs) is
  // inline: its <length><RDATA> entry follows the current one, whose length is known, so
  // the step reads nothing but that entry's length.
  void advance() {
    if (at_ != nullptr) {
      const std::uint8_t* next = at_ + 2 + record_.rdata.size();
      if (next != end_) {
        ++position_;
        at_ = next;
        record_.rdata = {next + 2, static_cast<std::size_t>((next[0] << 8) | next[1])};
        return;
      }
    }
    advance_slow();
  }
  // Records handed out before the current one.
  std::uint64_t position() const { return position_; }

 private:
  enum class Phase : std::uint8_t { kSoa, kTree, kNsec3, kExtras, kDone };

  // Nodes are in canonical order, their names and RRsets where the zone file's order put
  // them (build_snapshot() writes both arenas sequentially): walking the nodes jumps about
  // both, a cache and TLB miss or two per node once a zone outgrows the caches. Entering a
  // node therefore prefetches the name and data of the node kPrefetchAhead further on (in
  // the NSEC3 phase, whose nodes are reached through the chain, also the node itself twice
  // as far): enough to cover a miss at the pace a transfer takes nodes, little enough to
  // stay in L1. On the 1M-name bench zone it took the walk from 24 to 17.5 ms; 12 to 48
  // nodes ahead measured the same.
  static constexpr std::uint32_t kPrefetchAhead = 16;

  void advance_slow();
  // Starts the first node at or after `node_` that has records, moving on to the next phase
  // at the end of one; false when there is none left: the cursor is then done, or at the
  // first extra record.
  bool enter_node();
  // Makes the extra record at `extra_` the current one; done when there is none left.
  void read_extra();
  // From the current list position, finds the next record and fills record_.
  void settle();
  void prefetch_node(const SnapshotNode& n) const;
  void finish() {
    phase_ = Phase::kDone;
    at_ = end_ = nullptr;
  }

  const ZoneSnapshot* zone_;
  const std::uint8_t* names_ = nullptr;  // the snapshot's name arena (node.name_offset)
  const std::uint8_t* data_ = nullptr;   // its RRset arena (node.data_offset)
  Phase phase_ = Phase::kSoa;
  std::uint32_t node_ = 0;         // index into the nodes, or into the NSEC3 chain
  std::uint32_t rrsets_left_ = 0;  // RRsets of the node not started yet
  std::uint32_t sig_ttl_ = 0;      // of the RRset being walked
  // The RRset being walked: its records, then its RRSIGs, are <length><RDATA> entries up to
  // next_rrset_. at_ is the current entry (null: none, in the SOA and extras phases and when
  // done, so that advance() takes the slow way), end_ the end of the list it is in (the
  // records' end, or next_rrset_ in the RRSIGs).
  const std::uint8_t* next_rrset_ = nullptr;
  const std::uint8_t* at_ = nullptr;
  const std::uint8_t* end_ = nullptr;
  // In the extras phase: where the record after the current one starts.
  const std::uint8_t* extra_ = nullptr;
  ZoneRecord record_;
  std::uint64_t position_ = 0;
};

}  // namespace zoned::zone
