#include "transfer/delta_apply.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "wire/message_header.h"
#include "wire/name.h"
#include "wire/rdata.h"
#include "wire/rrtype.h"
#include "zone/zone_check.h"
#include "zone/zone_contents.h"
#include "zone/zone_cursor.h"

namespace zoned::transfer {

namespace {

namespace rrtype = wire::rrtype;

// A record's identity for matching: lowercased owner, type, class, then the RDATA in
// canonical form (wire::rdata_canonicalize: the embedded names RFC 4034 §6.2, as amended by
// RFC 6840 §5.1, lowercases; NSEC's next name, for one, is compared as written). That is
// also what check_zone() calls a duplicate. RDATA that does not validate for its type is
// compared octet for octet. No TTL. The owner ends at its root label, so the key is
// unambiguous.
void match_key(const ZoneRecord& r, std::string& key) {
  key.resize(r.owner.size() + 4 + r.rdata.size());
  auto* owner = reinterpret_cast<std::uint8_t*>(key.data());
  wire::to_lower(r.owner, owner);
  std::uint8_t* rdata = owner + r.owner.size() + 4;
  wire::store_u16(rdata - 4, r.type);
  wire::store_u16(rdata - 2, r.rclass);
  if (r.rdata.empty()) return;
  std::memcpy(rdata, r.rdata.data(), r.rdata.size());
  if (wire::rdata_is_valid(r.type, r.rdata))
    wire::rdata_canonicalize(r.type, {rdata, r.rdata.size()});
}

// "www.example.com. A 192.0.2.1" (the class only when it is not IN), for the error.
std::string record_text(const ZoneRecord& r) {
  std::string s = wire::to_text(r.owner) + " ";
  if (r.rclass != wire::rrclass::IN) s += wire::class_to_text(r.rclass) + " ";
  s += wire::type_to_text(r.type) + " ";
  wire::rdata_to_text(r.type, r.rdata, s);
  return s;
}

std::string serials_text(std::uint32_t from, std::uint32_t to) {
  return std::to_string(from) + " -> " + std::to_string(to);
}

std::string delta_text(const ZoneDelta& d) {
  return "IXFR " + serials_text(d.old_serial(), d.new_serial());
}

bool is_soa(const RrList& list) {
  return list.size() == 1 && list.front().type == rrtype::SOA;
}

// What the new contents will hold, for reserving their arrays.
struct ContentsSize {
  std::size_t records = 0;
  std::size_t name_octets = 0;  // one owner per node: ZoneContents stores one per run
  std::size_t rdata_octets = 0;
};

// Counts one record that comes in under its own owner (the SOA, an addition).
void count(const ZoneRecord& r, ContentsSize& size) {
  ++size.records;
  size.name_octets += r.owner.size();
  size.rdata_octets += r.rdata.size();
}

class Applier {
 public:
  Applier(const zone::ZoneSnapshot& base, std::span<const ZoneDelta> deltas,
          std::uint64_t max_records)
      : base_(base), deltas_(deltas), max_records_(max_records) {}

  ApplyResult run() {
    if (!check_chain() || !collect()) return std::move(result_);
    find_in_base();
    if (!simulate()) return std::move(result_);
    if (!within_limit()) return std::move(result_);
    build();
    return std::move(result_);
  }

 private:
  // One distinct record of the chain, and whether the zone holds it at the current step.
  struct Touched {
    ZoneRecord added;  // the last addition of it (views into its delta)
    bool present = false;
  };

  bool fail(std::string message) {
    result_.error = std::move(message);
    return false;
  }

  std::string chain_text() const {
    return "IXFR " + serials_text(deltas_.front().old_serial(), deltas_.back().new_serial());
  }

  // Serials: from the base's, consecutive; every delta with its two SOAs.
  bool check_chain() {
    if (deltas_.empty()) return fail("IXFR carries no deltas");
    for (std::size_t i = 0; i < deltas_.size(); ++i) {
      const ZoneDelta& d = deltas_[i];
      if (!is_soa(d.old_soa) || !is_soa(d.new_soa)) {
        return fail("IXFR delta " + std::to_string(i + 1) + " of " +
                    std::to_string(deltas_.size()) + " lacks its old or new SOA record");
      }
      if (i == 0 && d.old_serial() != zone::snapshot_serial(base_)) {
        return fail(delta_text(d) + " starts at serial " + std::to_string(d.old_serial()) +
                    ", but the zone has serial " + std::to_string(zone::snapshot_serial(base_)));
      }
      if (i > 0 && d.old_serial() != deltas_[i - 1].new_serial()) {
        return fail("IXFR deltas are not consecutive: " + delta_text(deltas_[i - 1]) +
                    " is followed by " + serials_text(d.old_serial(), d.new_serial()));
      }
    }
    const ZoneRecord soa = deltas_.back().new_soa.front();
    if (!wire::equal(soa.owner, base_.apex()) || soa.rclass != wire::rrclass::IN ||
        !wire::rdata_is_valid(rrtype::SOA, soa.rdata)) {
      return fail(chain_text() + " ends with the SOA record " + record_text(soa) +
                  ", which cannot be the SOA of " + wire::to_text(base_.apex()));
    }
    return true;
  }

  // Gives every distinct record of the chain a slot (in order of first appearance) and
  // every removal and addition its slot, in chain order. Rejects what no zone can hold.
  bool collect() {
    for (const ZoneDelta& d : deltas_) {
      for (ZoneRecord r : d.removed) {
        if (r.type == rrtype::SOA) return fail(delta_text(d) + " deletes an SOA record");
        slots_.push_back(slot(r));
      }
      for (ZoneRecord r : d.added) {
        if (r.type == rrtype::SOA) return fail(delta_text(d) + " adds an SOA record");
        if (r.rclass != wire::rrclass::IN) {
          return fail(delta_text(d) + " adds " + record_text(r) + ", not of class IN");
        }
        if (!wire::rdata_is_valid(r.type, r.rdata)) {
          return fail(delta_text(d) + " adds " + record_text(r) + ", whose RDATA is malformed");
        }
        slots_.push_back(slot(r));
      }
    }
    return true;
  }

  std::uint32_t slot(const ZoneRecord& r) {
    match_key(r, key_);
    auto [it, fresh] = index_.try_emplace(key_, static_cast<std::uint32_t>(touched_.size()));
    if (fresh) {
      touched_.emplace_back();
      owners_.insert(r.owner);
    }
    return it->second;
  }

  // The first walk: which touched records the base holds (and where the cursor meets them),
  // and the base's size. Only records at a touched owner are keyed; a node's records share
  // one owner view, so the owner is looked up once per node.
  void find_in_base() {
    zone::ZoneCursor c(base_);
    wire::NameView owner;
    bool owner_touched = false;
    for (c.advance(); !c.done(); c.advance()) {  // past the SOA, which the chain replaces
      const ZoneRecord& r = c.record();
      ++size_.records;
      size_.rdata_octets += r.rdata.size();
      if (r.owner.data() != owner.data() || r.owner.size() != owner.size()) {
        owner = r.owner;
        size_.name_octets += owner.size();
        owner_touched = owners_.contains(owner);
      }
      if (!owner_touched) continue;
      match_key(r, key_);
      auto it = index_.find(key_);
      if (it == index_.end()) continue;
      // A checked zone holds each record once; were it twice, both copies would be this
      // record and both go when it is removed.
      touched_[it->second].present = true;
      in_base_.push_back(c.position());
    }
  }

  // Every removal and addition in chain order, each checked against the zone as it is at
  // that point.
  bool simulate() {
    std::size_t next = 0;
    for (const ZoneDelta& d : deltas_) {
      for (ZoneRecord r : d.removed) {
        Touched& t = touched_[slots_[next++]];
        if (!t.present) {
          return fail(delta_text(d) + " deletes " + record_text(r) +
                      ", which the zone does not have");
        }
        t.present = false;
      }
      for (ZoneRecord r : d.added) {
        Touched& t = touched_[slots_[next++]];
        if (t.present) {
          return fail(delta_text(d) + " adds " + record_text(r) + ", which the zone already has");
        }
        t.present = true;
        t.added = r;
      }
    }
    return true;
  }

  // The records of the zone the chain gives: the base's but its SOA and the touched ones
  // it holds, then the new SOA and the touched ones present at the end.
  bool within_limit() {
    if (max_records_ == 0) return true;
    std::uint64_t records = size_.records - in_base_.size() + 1;
    for (const Touched& t : touched_)
      records += t.present ? 1 : 0;
    if (records <= max_records_) return true;
    return fail(chain_text() + " gives a zone of " + std::to_string(records) +
                " records, more than max-records (" + std::to_string(max_records_) + ")");
  }

  // The second walk: the new SOA, the base without its touched records, then the touched
  // records present at the end, as last added (a record present at the end was added last,
  // since the base's copy of one the chain touches has been removed).
  void build() {
    zone::ZoneContents contents(base_.apex());
    contents.add_file("");  // file 0 of every record: not from a file
    const ZoneRecord soa = deltas_.back().new_soa.front();
    ContentsSize size = size_;  // plus the SOA and the additions
    count(soa, size);
    for (const Touched& t : touched_) {
      if (t.present) count(t.added, size);
    }
    // reserve_for_file_size() sizes records and nodes at one per 12 octets, names and RDATA
    // at all of them: this size covers each count.
    contents.reserve_for_file_size(
        std::max({12 * size.records, size.name_octets, size.rdata_octets}));
    contents.add(soa.owner, soa.type, soa.ttl, soa.rdata, 0, 0);
    zone::ZoneCursor c(base_);
    std::size_t skip = 0;  // into in_base_, which the cursor's positions reach in order
    for (c.advance(); !c.done(); c.advance()) {
      if (skip < in_base_.size() && c.position() == in_base_[skip]) {
        ++skip;
        continue;
      }
      const ZoneRecord& r = c.record();
      contents.add(r.owner, r.type, r.ttl, r.rdata, 0, 0);
    }
    for (const Touched& t : touched_) {
      if (t.present) contents.add(t.added.owner, t.added.type, t.added.ttl, t.added.rdata, 0, 0);
    }
    contents.finish();
    for (const zone::ZoneProblem& p : zone::check_zone(contents)) {
      if (!p.warning) {
        fail(chain_text() + " gives a zone that fails its checks: " + p.message);
        return;
      }
    }
    result_.snapshot = zone::build_snapshot(std::move(contents));
  }

  const zone::ZoneSnapshot& base_;
  std::span<const ZoneDelta> deltas_;
  std::uint64_t max_records_;
  ApplyResult result_;
  std::string key_;                                       // reused for every key
  std::unordered_map<std::string, std::uint32_t> index_;  // key -> slot in touched_
  std::vector<Touched> touched_;
  std::unordered_set<wire::NameView, wire::NameHash, wire::NameEqual> owners_;
  std::vector<std::uint32_t> slots_;    // each removal and addition's slot, in chain order
  std::vector<std::uint64_t> in_base_;  // cursor positions of the touched records in the base
  ContentsSize size_;
};

}  // namespace

ApplyResult apply_deltas(const zone::ZoneSnapshot& base, std::span<const ZoneDelta> deltas,
                         std::uint64_t max_records) {
  return Applier(base, deltas, max_records).run();
}

}  // namespace zoned::transfer
