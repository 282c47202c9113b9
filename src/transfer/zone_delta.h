// The changes from one version of a zone to the next, as an IXFR sends them (RFC 1995):
// the old and the new SOA, the records removed and the records added (never the SOAs).
//
// Records are kept compactly, each list one byte arena of RRs in uncompressed wire form:
// owner name, type, class, TTL, RDLENGTH, RDATA; that is also how the journal stores them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "zone/zone_cursor.h"
#include "zone/zone_diff.h"
#include "zone/zone_snapshot.h"

namespace zoned::transfer {

using zone::ZoneRecord;

// Resource records in one byte arena.
class RrList {
 public:
  class Iterator {
   public:
    explicit Iterator(const std::uint8_t* p) : p_(p) {}
    ZoneRecord operator*() const;
    Iterator& operator++();
    bool operator!=(const Iterator& o) const { return p_ != o.p_; }
    bool operator==(const Iterator& o) const { return p_ == o.p_; }

   private:
    const std::uint8_t* p_;
  };

  void append(const ZoneRecord& record);
  void clear() {
    data_.clear();
    count_ = 0;
  }
  void reserve_bytes(std::size_t bytes) { data_.reserve(bytes); }

  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  std::size_t bytes() const { return data_.size(); }
  std::span<const std::uint8_t> wire() const { return data_; }
  Iterator begin() const { return Iterator(data_.data()); }
  Iterator end() const { return Iterator(data_.data() + data_.size()); }
  // The first record; only when !empty().
  ZoneRecord front() const { return *begin(); }

  // Takes `bytes` as the arena after checking that it holds exactly `count` well-formed
  // records (valid uncompressed owners, RDLENGTH within the octets). False, and `out`
  // unchanged, when it does not.
  static bool from_wire(std::span<const std::uint8_t> bytes, std::size_t count, RrList& out);

 private:
  std::vector<std::uint8_t> data_;
  std::size_t count_ = 0;
};

struct ZoneDelta {
  RrList old_soa;  // exactly one record
  RrList new_soa;  // exactly one record
  RrList removed;  // from the old version, SOA not included
  RrList added;    // to the new version, SOA not included

  std::uint32_t old_serial() const;
  std::uint32_t new_serial() const;
  // Octets of all four arenas.
  std::size_t bytes() const {
    return old_soa.bytes() + new_soa.bytes() + removed.bytes() + added.bytes();
  }
};

// The serial of an SOA record's RDATA (0 when it is too short to be one).
std::uint32_t soa_serial(std::span<const std::uint8_t> soa_rdata);

// The delta from `from` to `to`, two snapshots of one zone (see zone/zone_diff.h for what
// counts as a change). `stats`, when given, receives the diff's counts.
ZoneDelta make_delta(const zone::ZoneSnapshot& from, const zone::ZoneSnapshot& to,
                     zone::DiffStats* stats = nullptr);

// RFC 1995 §5 condensation: one delta serial1 -> serialN from consecutive deltas
// serial1 -> serial2 -> ... -> serialN (each one's old serial is the previous one's new
// serial). A record removed and later added again, or added and later removed, cancels
// out; records are matched by owner (case-insensitively), type, class, TTL and RDATA octets.
// Records keep the order in which they first appear in the chain. Nothing when the chain
// is empty or not consecutive.
std::optional<ZoneDelta> condense(std::span<const ZoneDelta> chain);

}  // namespace zoned::transfer
