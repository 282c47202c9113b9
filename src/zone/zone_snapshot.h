// One zone as queries see it: immutable once built, shared by every worker thread, freed
// when the last reader is gone. A reload or transfer builds a new snapshot and publishes it.
//
// Layout (all of it owned by the snapshot; nothing points into the ZoneContents, which the
// caller can free as soon as build_snapshot() returns):
//   names_   every owner name, uncompressed wire form (the contents' name arena, taken over
//            or copied, then the empty non-terminals)
//   nodes_   one SnapshotNode per name, in RFC 4034 canonical order (apex first), empty
//            non-terminals included, NSEC3 owners excluded (they live in nsec3_)
//   index_   open-addressing hash table over nodes_: exact match in one or two cache misses
//   data_    each node's RRsets, pre-rendered: an RrsetHeader, then each record as
//            <length><uncompressed RDATA>, then its RRSIGs the same way
//   nsec3_   the NSEC3 chain of the zone's NSEC3PARAM, sorted by hash, for hashed lookups
//   extras_  every record the above leave out (zone_snapshot_build.cpp says which), verbatim
//            and sorted (extra_records.h): queries never read it, transfers and the zone
//            file writer do (ZoneCursor), so a snapshot loses no record of its zone
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <vector>

#include "wire/name.h"
#include "zone/extra_records.h"
#include "zone/zone_contents.h"

namespace zoned::zone {

class ZoneSnapshot;

// Builds the query-time form of checked contents (check_zone() has run and reported no
// errors). Never fails for such contents.
std::shared_ptr<const ZoneSnapshot> build_snapshot(const ZoneContents& contents);
// The same from contents the builder may consume: their name arena becomes the snapshot's
// and their records are freed as soon as they are written, so the peak memory of a load is
// lower. The contents are left empty.
std::shared_ptr<const ZoneSnapshot> build_snapshot(ZoneContents&& contents);

// The apex name and SOA serial of a snapshot, for logs, zone selection and transfers.
wire::NameView snapshot_apex(const ZoneSnapshot& zone);
std::uint32_t snapshot_serial(const ZoneSnapshot& zone);

inline constexpr std::uint32_t kNoNode = 0xFFFFFFFFu;

namespace node_flag {
inline constexpr std::uint8_t kApex = 0x01;
inline constexpr std::uint8_t kDelegation = 0x02;     // NS below the apex: a zone cut
inline constexpr std::uint8_t kDname = 0x04;          // owns a DNAME
inline constexpr std::uint8_t kBelowRedirect = 0x08;  // a proper ancestor is a cut or a DNAME
inline constexpr std::uint8_t kWildcardChild = 0x10;  // "*.<this name>" exists
inline constexpr std::uint8_t kEmpty = 0x20;          // an empty non-terminal: no RRsets
inline constexpr std::uint8_t kCname = 0x40;          // owns a CNAME
inline constexpr std::uint8_t kNsec = 0x80;           // owns an NSEC (a link of the chain)
}  // namespace node_flag

struct SnapshotNode {
  std::uint32_t name_offset;  // into the names arena
  std::uint32_t data_offset;  // into the RRset arena: the first of rrset_count RRsets
  std::uint32_t parent;       // the node of the parent name; kNoNode for the apex
  std::uint16_t rrset_count;
  std::uint8_t name_size;
  std::uint8_t flags;

  bool has(std::uint8_t f) const { return (flags & f) != 0; }
};

// The records (or the RRSIGs) of one RRset: `count` entries of <u16 length><RDATA>.
class RdataList {
 public:
  class Iterator {
   public:
    explicit Iterator(const std::uint8_t* p) : p_(p) {}
    std::span<const std::uint8_t> operator*() const { return {p_ + 2, length()}; }
    Iterator& operator++() {
      p_ += 2 + length();
      return *this;
    }
    bool operator!=(const Iterator& o) const { return p_ != o.p_; }

   private:
    std::size_t length() const { return static_cast<std::size_t>((p_[0] << 8) | p_[1]); }
    const std::uint8_t* p_;
  };

  RdataList() = default;
  RdataList(const std::uint8_t* begin, const std::uint8_t* end, std::uint16_t count)
      : begin_(begin), end_(end), count_(count) {}
  Iterator begin() const { return Iterator(begin_); }
  Iterator end() const { return Iterator(end_); }
  std::uint16_t size() const { return count_; }
  bool empty() const { return count_ == 0; }

 private:
  const std::uint8_t* begin_ = nullptr;
  const std::uint8_t* end_ = nullptr;
  std::uint16_t count_ = 0;
};

// How one RRset is laid out in the arena, ahead of its records.
struct RrsetHeader {
  std::uint16_t type;
  std::uint16_t count;      // records
  std::uint16_t sig_count;  // RRSIGs covering this type at this owner
  std::uint16_t reserved;
  std::uint32_t ttl;
  std::uint32_t sig_ttl;
  std::uint32_t records_size;  // octets of the records
  std::uint32_t sigs_size;     // octets of the RRSIGs that follow them
};

class RrsetView {
 public:
  RrsetView() = default;
  explicit RrsetView(const std::uint8_t* at) : at_(at) { std::memcpy(&h_, at, sizeof h_); }

  bool valid() const { return at_ != nullptr; }
  const std::uint8_t* at() const { return at_; }
  std::uint16_t type() const { return h_.type; }
  std::uint32_t ttl() const { return h_.ttl; }
  std::uint32_t sig_ttl() const { return h_.sig_ttl; }
  RdataList records() const {
    const std::uint8_t* b = at_ + sizeof(RrsetHeader);
    return {b, b + h_.records_size, h_.count};
  }
  RdataList signatures() const {
    const std::uint8_t* b = at_ + sizeof(RrsetHeader) + h_.records_size;
    return {b, b + h_.sigs_size, h_.sig_count};
  }
  // Where the next RRset of the same node starts.
  const std::uint8_t* next() const {
    return at_ + sizeof(RrsetHeader) + h_.records_size + h_.sigs_size;
  }

 private:
  const std::uint8_t* at_ = nullptr;
  RrsetHeader h_{};
};

// NSEC3 parameters (RFC 5155 §4) of the chain the zone serves.
struct Nsec3Params {
  std::uint8_t algorithm = 0;
  std::uint16_t iterations = 0;
  std::uint8_t salt_size = 0;
  std::array<std::uint8_t, 255> salt{};
};

inline constexpr std::size_t kNsec3HashSize = 20;  // SHA-1, the only algorithm defined

struct Nsec3Entry {
  std::array<std::uint8_t, kNsec3HashSize> hash;
  std::uint32_t node;  // into the NSEC3 nodes (ZoneSnapshot::nsec3_node)
};

class ZoneSnapshot {
 public:
  wire::NameView apex() const { return apex_; }
  std::uint32_t serial() const { return serial_; }
  // RFC 2308 §3: a negative answer's SOA TTL is min(SOA TTL, SOA MINIMUM).
  std::uint32_t negative_ttl() const { return negative_ttl_; }
  static constexpr std::uint32_t kApexNode = 0;  // canonical order puts the apex first

  std::size_t node_count() const { return nodes_.size(); }
  const SnapshotNode& node(std::uint32_t i) const { return nodes_[i]; }
  wire::NameView name(const SnapshotNode& n) const {
    return {names_.data() + n.name_offset, n.name_size};
  }
  wire::NameView name(std::uint32_t i) const { return name(nodes_[i]); }

  // The RRset of `type` at `n`; an invalid view when there is none.
  RrsetView find_rrset(const SnapshotNode& n, std::uint16_t type) const;
  // The first RRset of `n` (in type order); use RrsetView::next() for the others.
  RrsetView first_rrset(const SnapshotNode& n) const {
    return n.rrset_count == 0 ? RrsetView() : RrsetView(data_.data() + n.data_offset);
  }

  // The node named `name` (any case), or kNoNode. NSEC3 owners are not found here.
  std::uint32_t find(wire::NameView name) const;

  // ----- NSEC3 -----
  bool has_nsec3() const { return !nsec3_.empty(); }
  const Nsec3Params& nsec3_params() const { return nsec3_params_; }
  const std::vector<Nsec3Entry>& nsec3_chain() const { return nsec3_; }
  const SnapshotNode& nsec3_node(std::uint32_t i) const { return nsec3_nodes_[i]; }

  // ----- the records the query form does not hold -----
  // Never read by answers; ZoneCursor hands them out last, zone_diff compares them.
  const ExtraRecords& extras() const { return extras_; }

  // Octets held, for the memory report.
  std::size_t memory_bytes() const;

 private:
  friend class SnapshotBuilder;

  wire::Name apex_;
  std::uint32_t serial_ = 0;
  std::uint32_t negative_ttl_ = 0;
  std::vector<std::uint8_t> names_;
  std::vector<SnapshotNode> nodes_;
  // hash << 32 | (node + 1); 0 is an empty slot. Capacity is a power of two; a name's
  // probe starts at the slot of its hash's high bits (hash >> index_shift_).
  std::vector<std::uint64_t> index_;
  std::uint8_t index_shift_ = 32;
  std::vector<std::uint8_t> data_;
  Nsec3Params nsec3_params_;
  std::vector<Nsec3Entry> nsec3_;
  std::vector<SnapshotNode> nsec3_nodes_;
  ExtraRecords extras_;
};

}  // namespace zoned::zone
