#include "zone/zone_set.h"

namespace zoned::zone {

ZoneSet::ZoneSet(std::vector<std::shared_ptr<const ZoneSnapshot>> zones)
    : zones_(std::move(zones)) {
  std::size_t capacity = 8;
  while (capacity < zones_.size() * 2)
    capacity *= 2;
  index_.assign(capacity, 0);
  for (std::uint32_t i = 0; i < zones_.size(); ++i) {
    const wire::NameView apex = zones_[i]->apex();
    if (find_apex_index(apex) != kNone) continue;  // the first of two equal apexes wins
    const auto h = static_cast<std::uint32_t>(wire::hash(apex));
    std::size_t slot = h & (capacity - 1);
    while (index_[slot] != 0)
      slot = (slot + 1) & (capacity - 1);
    index_[slot] = (std::uint64_t{h} << 32) | (i + 1u);
    apex_label_counts_.set(apex.label_count());
  }
}

std::size_t ZoneSet::find_apex_index(wire::NameView apex) const {
  if (index_.empty()) return kNone;
  const auto h = static_cast<std::uint32_t>(wire::hash(apex));
  const std::size_t mask = index_.size() - 1;
  for (std::size_t slot = h & mask;; slot = (slot + 1) & mask) {
    const std::uint64_t e = index_[slot];
    if (e == 0) return kNone;
    if (static_cast<std::uint32_t>(e >> 32) != h) continue;
    const std::size_t i = static_cast<std::uint32_t>(e) - 1;
    if (wire::equal(zones_[i]->apex(), apex)) return i;
  }
}

// Longest suffix first: the most specific apex wins (a child zone over its parent).
std::size_t ZoneSet::find_zone_index(wire::NameView qname) const {
  const std::size_t labels = qname.label_count();
  for (std::size_t strip = 0; strip <= labels; ++strip) {
    const std::size_t count = labels - strip;
    if (count >= apex_label_counts_.size() || !apex_label_counts_.test(count)) continue;
    const std::size_t i = find_apex_index(qname.strip_labels(strip));
    if (i != kNone) return i;
  }
  return kNone;
}

const ZoneSnapshot* ZoneSet::find_zone(wire::NameView qname) const {
  const std::size_t i = find_zone_index(qname);
  return i == kNone ? nullptr : zones_[i].get();
}

}  // namespace zoned::zone
