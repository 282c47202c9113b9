// The records of a zone that a snapshot's query form does not hold (zone_snapshot_build.cpp
// says which: NSEC3 records outside the served chain, RRSIGs that cover nothing at their
// name, ...). Answers never look at them; they are kept so that whatever is built from the
// snapshot (an AXFR, an IXFR's differences, the zone file a secondary writes) still holds
// every record of the zone, each exactly as it came: owner as given, type, TTL, RDATA.
//
// One byte arena of resource records in uncompressed wire form (owner name, type, class,
// TTL, RDLENGTH, RDATA), sorted: owner in RFC 4034 §6.1 canonical order, then type, then
// RDATA octets (a prefix first), then TTL. Two stores are compared by one merge walk
// (zone_diff.h). A zone without such records holds an empty vector and nothing else.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "wire/name.h"

namespace zoned::zone {

class ExtraRecords {
 public:
  // One record; the views point into the arena.
  struct Record {
    wire::NameView owner;
    std::uint16_t type = 0;
    std::uint16_t rclass = 0;
    std::uint32_t ttl = 0;
    std::span<const std::uint8_t> rdata;
  };

  class Iterator {
   public:
    explicit Iterator(const std::uint8_t* p) : p_(p) {}
    Record operator*() const {
      Record r;
      read(p_, r);
      return r;
    }
    Iterator& operator++() {
      Record r;
      p_ = read(p_, r);
      return *this;
    }
    bool operator!=(const Iterator& o) const { return p_ != o.p_; }
    bool operator==(const Iterator& o) const { return p_ == o.p_; }

   private:
    const std::uint8_t* p_;
  };

  // Reads the record that starts at `at` (the arena's start, or where read() said the
  // previous one ended); returns where the next one starts.
  static const std::uint8_t* read(const std::uint8_t* at, Record& out);

  bool empty() const { return data_.empty(); }
  std::size_t size() const { return count_; }  // records
  std::size_t bytes() const { return data_.size(); }
  std::size_t memory_bytes() const { return data_.capacity(); }
  // The arena's bounds, for a walk with read().
  const std::uint8_t* first() const { return data_.data(); }
  const std::uint8_t* last() const { return data_.data() + data_.size(); }
  Iterator begin() const { return Iterator(first()); }
  Iterator end() const { return Iterator(last()); }

  // The store's order (<0, 0, >0): owner (case-insensitively), type, RDATA, TTL. The class
  // is not compared: a zone holds class IN only.
  static int compare(const Record& a, const Record& b);

  // Building (build_snapshot()): any number of append() in any order, then sort() once.
  void append(wire::NameView owner, std::uint16_t type, std::uint16_t rclass, std::uint32_t ttl,
              std::span<const std::uint8_t> rdata);
  // Puts the records in the store's order (records equal in it by their owner's octets)
  // and gives back the arena's unused capacity.
  void sort();

 private:
  std::vector<std::uint8_t> data_;
  std::size_t count_ = 0;
};

}  // namespace zoned::zone
