// The zones a server answers for, as one immutable value: a reload of any zone builds a
// new set (sharing the unchanged snapshots) and the server publishes it in one atomic step.
#pragma once

#include <bitset>
#include <cstdint>
#include <memory>
#include <vector>

#include "wire/name.h"
#include "zone/zone_snapshot.h"

namespace zoned::zone {

class ZoneSet {
 public:
  ZoneSet() = default;
  explicit ZoneSet(std::vector<std::shared_ptr<const ZoneSnapshot>> zones);

  // The most specific zone at or above `qname` (the closest enclosing apex), or nullptr:
  // the query is then REFUSED. Does not allocate or lock.
  const ZoneSnapshot* find_zone(wire::NameView qname) const;
  // The same as an index into zones() (kNone for none), so that a caller can keep data of
  // its own beside each zone.
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::size_t find_zone_index(wire::NameView qname) const;
  // The zone whose apex is exactly `apex` (a transfer names the zone itself), or kNone.
  std::size_t find_apex_index(wire::NameView apex) const;
  const std::vector<std::shared_ptr<const ZoneSnapshot>>& zones() const { return zones_; }

 private:
  std::vector<std::shared_ptr<const ZoneSnapshot>> zones_;
  // Open addressing by apex hash: hash << 32 | (index into zones_ + 1); 0 is empty.
  std::vector<std::uint64_t> index_;
  // Which label counts some apex has: suffixes of other lengths need no lookup at all.
  std::bitset<128> apex_label_counts_;
};

}  // namespace zoned::zone
