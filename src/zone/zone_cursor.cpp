#include "zone/zone_cursor.h"

#include <cstring>

#include "wire/message_header.h"

namespace zoned::zone {

namespace rrtype = wire::rrtype;

bool soa_record(const ZoneSnapshot& zone, ZoneRecord& out) {
  if (zone.node_count() == 0) return false;
  const SnapshotNode& apex = zone.node(ZoneSnapshot::kApexNode);
  const RrsetView soa = zone.find_rrset(apex, rrtype::SOA);
  if (!soa.valid() || soa.records().empty()) return false;
  out.owner = zone.name(apex);
  out.type = rrtype::SOA;
  out.rclass = wire::rrclass::IN;
  out.ttl = soa.ttl();
  out.rdata = *soa.records().begin();
  return true;
}

ZoneCursor::ZoneCursor(const ZoneSnapshot& zone) : zone_(&zone) {
  if (!soa_record(zone, record_)) {
    finish();
    return;
  }
  // The arenas' starts, from the apex (which has an SOA, so RRsets): prefetching needs the
  // address of a name or of RRsets without reading them.
  const SnapshotNode& apex = zone.node(ZoneSnapshot::kApexNode);
  names_ = zone.name(apex).data() - apex.name_offset;
  data_ = zone.first_rrset(apex).at() - apex.data_offset;
  phase_ = Phase::kSoa;
  for (std::uint32_t i = 1; i <= kPrefetchAhead && i < zone.node_count(); ++i)
    prefetch_node(zone.node(i));
}

void ZoneCursor::advance_slow() {
  switch (phase_) {
    case Phase::kDone:
      return;
    case Phase::kSoa:
      ++position_;
      phase_ = Phase::kTree;
      node_ = 0;
      if (enter_node()) settle();
      return;
    case Phase::kTree:
    case Phase::kNsec3:
      ++position_;
      at_ = end_;  // advance() found the list at its end
      settle();
      return;
    case Phase::kExtras:
      ++position_;
      read_extra();
      return;
  }
}

void ZoneCursor::read_extra() {
  const ExtraRecords& extras = zone_->extras();
  if (extra_ == extras.last()) {
    finish();
    return;
  }
  ExtraRecords::Record r;
  extra_ = ExtraRecords::read(extra_, r);
  record_.owner = r.owner;
  record_.type = r.type;
  record_.rclass = r.rclass;
  record_.ttl = r.ttl;
  record_.rdata = r.rdata;
}

void ZoneCursor::prefetch_node(const SnapshotNode& n) const {
  // The first octets of the name and of the RRsets (the first RrsetHeader and records);
  // the hardware prefetcher follows on when a node's data goes on for more lines.
  __builtin_prefetch(names_ + n.name_offset);
  __builtin_prefetch(data_ + n.data_offset);
}

bool ZoneCursor::enter_node() {
  for (;;) {
    const SnapshotNode* n = nullptr;
    if (phase_ == Phase::kTree) {
      const std::size_t count = zone_->node_count();
      if (node_ < count) {
        n = &zone_->node(node_);
        if (node_ + kPrefetchAhead < count) prefetch_node(zone_->node(node_ + kPrefetchAhead));
      } else {
        phase_ = Phase::kNsec3;
        node_ = 0;
        const auto& chain = zone_->nsec3_chain();
        for (std::uint32_t i = 0; i < 2 * kPrefetchAhead && i < chain.size(); ++i)
          __builtin_prefetch(&zone_->nsec3_node(chain[i].node));
        continue;
      }
    } else if (phase_ == Phase::kNsec3) {
      const auto& chain = zone_->nsec3_chain();
      if (node_ < chain.size()) {
        n = &zone_->nsec3_node(chain[node_].node);
        if (node_ + 2 * kPrefetchAhead < chain.size())
          __builtin_prefetch(&zone_->nsec3_node(chain[node_ + 2 * kPrefetchAhead].node));
        if (node_ + kPrefetchAhead < chain.size())
          prefetch_node(zone_->nsec3_node(chain[node_ + kPrefetchAhead].node));
      } else {
        phase_ = Phase::kExtras;
        at_ = end_ = next_rrset_ = nullptr;
        extra_ = zone_->extras().first();
        read_extra();
        return false;
      }
    } else {
      return false;
    }
    if (n->rrset_count == 0) {  // an empty non-terminal
      ++node_;
      continue;
    }
    record_.owner = wire::NameView(names_ + n->name_offset, n->name_size);
    rrsets_left_ = n->rrset_count;
    // As if an RRset (and its RRSIGs) had just ended where the node's data starts.
    next_rrset_ = at_ = end_ = data_ + n->data_offset;
    return true;
  }
}

// One loop over the steps between two records: into the RRSIGs of the RRset that ended,
// into the next RRset, into the next node. The lists are walked by their byte ranges
// rather than their counts: a count is 16 bits, and nothing stops a zone file from giving
// one name more than 65535 records of a type. An RRset's RRSIGs follow its records in the
// arena, so they are the range from the records' end to the next RRset.
void ZoneCursor::settle() {
  for (;;) {
    if (at_ != end_) {
      record_.rdata = {at_ + 2, wire::load_u16(at_)};
      return;
    }
    if (end_ != next_rrset_) {
      end_ = next_rrset_;
      record_.type = rrtype::RRSIG;
      record_.ttl = sig_ttl_;
      continue;
    }
    if (rrsets_left_ > 0) {
      RrsetHeader h;
      std::memcpy(&h, next_rrset_, sizeof h);
      at_ = next_rrset_ + sizeof h;
      end_ = at_ + h.records_size;
      next_rrset_ = end_ + h.sigs_size;
      --rrsets_left_;
      record_.type = h.type;
      record_.ttl = h.ttl;
      sig_ttl_ = h.sig_ttl;
      // The SOA came first; its RRSIGs come in their place.
      if (h.type == rrtype::SOA && node_ == ZoneSnapshot::kApexNode && phase_ == Phase::kTree)
        at_ = end_;
      continue;
    }
    ++node_;
    if (!enter_node()) return;
  }
}

}  // namespace zoned::zone
