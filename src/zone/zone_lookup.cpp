#include "zone/zone_lookup.h"

#include <algorithm>

namespace zoned::zone {

namespace {

bool redirects(const SnapshotNode& n) {
  return !n.has(node_flag::kApex) && n.has(node_flag::kDelegation | node_flag::kDname);
}

// `start` lies below a cut or DNAME; the topmost one wins (RFC 1034 §4.3.2: the search
// stops at the first cut going down from the apex).
Lookup redirect_above(const ZoneSnapshot& zone, std::uint32_t start) {
  std::uint32_t top = kNoNode;
  for (std::uint32_t p = zone.node(start).parent; p != kNoNode; p = zone.node(p).parent)
    if (redirects(zone.node(p))) top = p;
  const bool cut = zone.node(top).has(node_flag::kDelegation);
  return {cut ? LookupKind::kDelegation : LookupKind::kDname, top, kNoNode};
}

// The deepest existing ancestor of `qname` (which itself does not exist). Empty
// non-terminals are nodes, so the first hit going up is the closest encloser.
Lookup from_closest_encloser(const ZoneSnapshot& zone, wire::NameView qname) {
  const std::size_t apex_labels = zone.apex().label_count();
  const std::size_t labels = qname.label_count();
  for (std::size_t strip = 1; labels - strip >= apex_labels; ++strip) {
    wire::NameView ancestor = qname.strip_labels(strip);
    const std::uint32_t e = zone.find(ancestor);
    if (e == kNoNode) continue;
    const SnapshotNode& n = zone.node(e);
    if (n.has(node_flag::kBelowRedirect)) return redirect_above(zone, e);
    if (redirects(n)) {
      const bool cut = n.has(node_flag::kDelegation);
      return {cut ? LookupKind::kDelegation : LookupKind::kDname, e, kNoNode};
    }
    if (n.has(node_flag::kWildcardChild)) {
      wire::Name wildcard(ancestor);
      if (wildcard.prepend_label("*")) {
        const std::uint32_t w = zone.find(wildcard);
        if (w != kNoNode) return {LookupKind::kWildcard, w, e};
      }
    }
    return {LookupKind::kNxDomain, e, e};
  }
  return {LookupKind::kNxDomain, ZoneSnapshot::kApexNode, ZoneSnapshot::kApexNode};
}

}  // namespace

Lookup lookup_name(const ZoneSnapshot& zone, wire::NameView qname, bool parent_side) {
  const std::uint32_t n = zone.find(qname);
  if (n == kNoNode) return from_closest_encloser(zone, qname);
  const SnapshotNode& node = zone.node(n);
  if (node.has(node_flag::kBelowRedirect)) return redirect_above(zone, n);
  if (node.has(node_flag::kDelegation) && !node.has(node_flag::kApex) && !parent_side)
    return {LookupKind::kDelegation, n, kNoNode};
  return {LookupKind::kFound, n, n};
}

// Binary search for the last node at or before `name`, then back to the nearest NSEC owner:
// empty non-terminals and glue own none.
std::uint32_t nsec_covering(const ZoneSnapshot& zone, wire::NameView name) {
  std::size_t lo = 0, hi = zone.node_count();  // answer in [lo, hi)
  while (hi - lo > 1) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (wire::canonical_compare(zone.name(static_cast<std::uint32_t>(mid)), name) <= 0)
      lo = mid;
    else
      hi = mid;
  }
  for (std::size_t i = lo + 1; i-- > 0;)
    if (zone.node(static_cast<std::uint32_t>(i)).has(node_flag::kNsec))
      return static_cast<std::uint32_t>(i);
  return kNoNode;
}

namespace {

Nsec3Match nsec3_for_hash(const ZoneSnapshot& zone, const Sha1Digest& hash) {
  const std::vector<Nsec3Entry>& chain = zone.nsec3_chain();
  if (chain.empty()) return {};
  auto it = std::lower_bound(chain.begin(), chain.end(), hash,
                             [](const Nsec3Entry& e, const Sha1Digest& h) { return e.hash < h; });
  if (it != chain.end() && it->hash == hash) return {it->node, true};
  // Before the first hash: the last NSEC3 wraps around to cover it.
  if (it == chain.begin()) return {chain.back().node, false};
  return {std::prev(it)->node, false};
}

}  // namespace

Nsec3Match nsec3_lookup(const ZoneSnapshot& zone, wire::NameView name) {
  const Nsec3Params& p = zone.nsec3_params();
  return nsec3_for_hash(zone, nsec3_hash(name, {p.salt.data(), p.salt_size}, p.iterations));
}

ClosestProvableEncloser closest_provable_encloser(const ZoneSnapshot& zone, wire::NameView name) {
  ClosestProvableEncloser out;
  const std::size_t apex_labels = zone.apex().label_count();
  const std::size_t labels = name.label_count();
  Nsec3Match next_closer;  // the previous, one label longer, candidate's cover
  for (std::size_t strip = 0; labels - strip >= apex_labels; ++strip) {
    wire::NameView candidate = name.strip_labels(strip);
    Nsec3Match m = nsec3_lookup(zone, candidate);
    if (m.exact) {
      out.encloser_nsec3 = m.node;
      out.encloser = candidate;
      if (strip > 0) out.next_closer_nsec3 = next_closer.node;
      return out;
    }
    next_closer = m;
  }
  return out;
}

}  // namespace zoned::zone
