#include "zone/zone_snapshot.h"

namespace zoned::zone {

wire::NameView snapshot_apex(const ZoneSnapshot& zone) {
  return zone.apex();
}

std::uint32_t snapshot_serial(const ZoneSnapshot& zone) {
  return zone.serial();
}

// Nodes hold few RRsets (one or two for most names), so a walk beats any index.
RrsetView ZoneSnapshot::find_rrset(const SnapshotNode& n, std::uint16_t type) const {
  const std::uint8_t* at = data_.data() + n.data_offset;
  for (std::uint16_t i = 0; i < n.rrset_count; ++i) {
    const RrsetView r(at);
    if (r.type() == type) return r;
    if (r.type() > type) break;  // stored in type order
    at = r.next();
  }
  return RrsetView();
}

// Linear probing over (hash, node) slots: the hash half rules out most slots without
// touching the node, so a miss costs one cache line and a hit one more for the name.
std::uint32_t ZoneSnapshot::find(wire::NameView name) const {
  if (index_.empty()) return kNoNode;
  const auto h = static_cast<std::uint32_t>(wire::hash(name));
  const std::size_t mask = index_.size() - 1;
  for (std::size_t slot = h >> index_shift_;; slot = (slot + 1) & mask) {
    const std::uint64_t e = index_[slot];
    if (e == 0) return kNoNode;
    if (static_cast<std::uint32_t>(e >> 32) != h) continue;
    const auto node = static_cast<std::uint32_t>(e) - 1;
    if (wire::equal(this->name(node), name)) return node;
  }
}

std::size_t ZoneSnapshot::memory_bytes() const {
  return sizeof(*this) + names_.capacity() + nodes_.capacity() * sizeof(SnapshotNode) +
         index_.capacity() * sizeof(std::uint64_t) + data_.capacity() +
         nsec3_.capacity() * sizeof(Nsec3Entry) + nsec3_nodes_.capacity() * sizeof(SnapshotNode) +
         extras_.memory_bytes();
}

}  // namespace zoned::zone
