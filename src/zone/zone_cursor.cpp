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
    phase_ = Phase::kDone;
    return;
  }
  phase_ = Phase::kSoa;
}

void ZoneCursor::advance() {
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
      at_ += 2u + wire::load_u16(at_);
      settle();
      return;
  }
}

bool ZoneCursor::enter_node() {
  for (;;) {
    const SnapshotNode* n = nullptr;
    if (phase_ == Phase::kTree) {
      if (node_ < zone_->node_count()) {
        n = &zone_->node(node_);
      } else {
        phase_ = Phase::kNsec3;
        node_ = 0;
        continue;
      }
    } else if (phase_ == Phase::kNsec3) {
      if (node_ < zone_->nsec3_chain().size()) {
        n = &zone_->nsec3_node(zone_->nsec3_chain()[node_].node);
      } else {
        phase_ = Phase::kDone;
        return false;
      }
    } else {
      return false;
    }
    if (n->rrset_count == 0) {  // an empty non-terminal
      ++node_;
      continue;
    }
    record_.owner = zone_->name(*n);
    rrsets_left_ = n->rrset_count;
    next_rrset_ = zone_->first_rrset(*n).at();
    at_ = end_ = nullptr;
    in_sigs_ = true;  // as if the RRset before the first one were finished
    return true;
  }
}

// The lists are walked by their byte ranges rather than their counts: a count is 16 bits,
// and nothing stops a zone file from giving one name more than 65535 records of a type.
void ZoneCursor::next_rrset() {
  std::memcpy(&header_, next_rrset_, sizeof header_);
  at_ = next_rrset_ + sizeof(RrsetHeader);
  end_ = at_ + header_.records_size;
  next_rrset_ = end_ + header_.sigs_size;
  --rrsets_left_;
  in_sigs_ = false;
  // The SOA came first; its RRSIGs come in their place.
  if (phase_ == Phase::kTree && node_ == ZoneSnapshot::kApexNode && header_.type == rrtype::SOA)
    at_ = end_;
}

void ZoneCursor::settle() {
  for (;;) {
    if (at_ != end_) {
      record_.type = in_sigs_ ? rrtype::RRSIG : header_.type;
      record_.ttl = in_sigs_ ? header_.sig_ttl : header_.ttl;
      record_.rdata = {at_ + 2, wire::load_u16(at_)};
      return;
    }
    if (!in_sigs_) {
      in_sigs_ = true;
      at_ = end_;
      end_ = at_ + header_.sigs_size;
      continue;
    }
    if (rrsets_left_ > 0) {
      next_rrset();
      continue;
    }
    ++node_;
    if (!enter_node()) return;
  }
}

}  // namespace zoned::zone
