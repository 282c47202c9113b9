#include "zone/zone_diff.h"

#include <algorithm>
#include <cstring>
#include <span>
#include <vector>

#include "wire/message_header.h"
#include "wire/rrtype.h"

namespace zoned::zone {

namespace {

namespace rrtype = wire::rrtype;
using Rdata = std::span<const std::uint8_t>;

// One RRset as byte ranges of <u16 length><RDATA> entries: walked by range rather than by
// count, since a count is 16 bits and a zone file's RRset is not limited to 65535 records.
struct Rrset {
  std::uint16_t type;
  std::uint32_t ttl;
  std::uint32_t sig_ttl;
  const std::uint8_t* records;
  const std::uint8_t* sigs;  // also where the records end
  const std::uint8_t* end;   // where the RRSIGs end, and the next RRset begins

  explicit Rrset(const std::uint8_t* at) {
    RrsetHeader h;
    std::memcpy(&h, at, sizeof h);
    type = h.type;
    ttl = h.ttl;
    sig_ttl = h.sig_ttl;
    records = at + sizeof h;
    sigs = records + h.records_size;
    end = sigs + h.sigs_size;
  }
};

Rdata entry_at(const std::uint8_t* p) {
  return {p + 2, wire::load_u16(p)};
}

// A total order on RDATA octet strings, only for matching the records of two RRsets.
bool rdata_less(Rdata a, Rdata b) {
  if (a.size() != b.size()) return a.size() < b.size();
  return a.size() != 0 && std::memcmp(a.data(), b.data(), a.size()) < 0;
}

class Differ {
 public:
  Differ(const ZoneSnapshot& from, const ZoneSnapshot& to, DiffSink& sink)
      : from_(from), to_(to), sink_(sink) {}

  DiffStats run() {
    walk_tree();
    walk_nsec3();
    walk_extras();
    return stats_;
  }

 private:
  enum class Side : std::uint8_t { kRemoved, kAdded };

  // Equal octets are the common case between two loads of one file: no canonical compare.
  static int compare_names(wire::NameView a, wire::NameView b) {
    if (a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size()) == 0) return 0;
    return wire::canonical_compare(a, b);
  }

  void walk_tree() {
    const std::size_t nf = from_.node_count(), nt = to_.node_count();
    std::size_t i = 0, j = 0;
    while (i < nf || j < nt) {
      int c;
      if (i == nf) {
        c = 1;
      } else if (j == nt) {
        c = -1;
      } else {
        c = compare_names(from_.name(static_cast<std::uint32_t>(i)),
                          to_.name(static_cast<std::uint32_t>(j)));
      }
      if (c < 0) {
        whole_node(from_, from_.node(static_cast<std::uint32_t>(i++)), Side::kRemoved, false);
      } else if (c > 0) {
        whole_node(to_, to_.node(static_cast<std::uint32_t>(j++)), Side::kAdded, false);
      } else {
        // Canonical order puts the apex first in both.
        const bool apex = i == ZoneSnapshot::kApexNode;
        diff_node(from_.node(static_cast<std::uint32_t>(i++)),
                  to_.node(static_cast<std::uint32_t>(j++)), apex);
      }
    }
  }

  void walk_nsec3() {
    const std::vector<Nsec3Entry>& a = from_.nsec3_chain();
    const std::vector<Nsec3Entry>& b = to_.nsec3_chain();
    std::size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
      int c;
      if (i == a.size()) {
        c = 1;
      } else if (j == b.size()) {
        c = -1;
      } else {
        c = std::memcmp(a[i].hash.data(), b[j].hash.data(), kNsec3HashSize);
      }
      if (c < 0) {
        whole_node(from_, from_.nsec3_node(a[i++].node), Side::kRemoved, false);
      } else if (c > 0) {
        whole_node(to_, to_.nsec3_node(b[j++].node), Side::kAdded, false);
      } else {
        diff_node(from_.nsec3_node(a[i++].node), to_.nsec3_node(b[j++].node), false);
      }
    }
  }

  // Both stores are sorted in ExtraRecords::compare()'s order, TTL included: a record whose
  // TTL changed comes out as two unequal records, one removed and one added. Equal arenas
  // (the common case: both empty) are passed over with one memcmp.
  void walk_extras() {
    const ExtraRecords& a = from_.extras();
    const ExtraRecords& b = to_.extras();
    if (a.bytes() == b.bytes() &&
        (a.empty() || std::memcmp(a.first(), b.first(), a.bytes()) == 0)) {
      stats_.extras_compared += a.size();
      return;
    }
    const std::uint8_t* pa = a.first();
    const std::uint8_t* pb = b.first();
    ExtraRecords::Record ra, rb;
    const std::uint8_t* na = pa == a.last() ? pa : ExtraRecords::read(pa, ra);
    const std::uint8_t* nb = pb == b.last() ? pb : ExtraRecords::read(pb, rb);
    while (pa != a.last() || pb != b.last()) {
      int c;
      if (pa == a.last()) {
        c = 1;
      } else if (pb == b.last()) {
        c = -1;
      } else {
        c = ExtraRecords::compare(ra, rb);
      }
      if (c <= 0) {
        if (c < 0) emit(ra.owner, ra.type, ra.ttl, ra.rdata, Side::kRemoved);
        stats_.extras_compared += c == 0;
        pa = na;
        if (pa != a.last()) na = ExtraRecords::read(pa, ra);
      }
      if (c >= 0) {
        if (c > 0) emit(rb.owner, rb.type, rb.ttl, rb.rdata, Side::kAdded);
        pb = nb;
        if (pb != b.last()) nb = ExtraRecords::read(pb, rb);
      }
    }
  }

  // Where the RRsets of `n`, which start at `begin`, end.
  static const std::uint8_t* data_end(const SnapshotNode& n, const std::uint8_t* begin) {
    const std::uint8_t* at = begin;
    for (std::uint16_t k = 0; k < n.rrset_count; ++k)
      at = Rrset(at).end;
    return at;
  }

  void whole_node(const ZoneSnapshot& z, const SnapshotNode& n, Side side, bool apex) {
    if (n.rrset_count == 0) return;
    const wire::NameView owner = z.name(n);
    const std::uint8_t* at = z.first_rrset(n).at();
    for (std::uint16_t k = 0; k < n.rrset_count; ++k) {
      const Rrset r(at);
      whole_rrset(owner, r, side, apex);
      at = r.end;
    }
  }

  void whole_rrset(wire::NameView owner, const Rrset& r, Side side, bool apex) {
    if (!(apex && r.type == rrtype::SOA)) emit_range(owner, r.type, r.ttl, r.records, r.sigs, side);
    emit_range(owner, rrtype::RRSIG, r.sig_ttl, r.sigs, r.end, side);
  }

  void emit_range(wire::NameView owner, std::uint16_t type, std::uint32_t ttl,
                  const std::uint8_t* begin, const std::uint8_t* end, Side side) {
    for (const std::uint8_t* p = begin; p != end; p += 2u + wire::load_u16(p))
      emit(owner, type, ttl, entry_at(p), side);
  }

  void emit(wire::NameView owner, std::uint16_t type, std::uint32_t ttl, Rdata rdata, Side side) {
    ZoneRecord r;
    r.owner = owner;
    r.type = type;
    r.ttl = ttl;
    r.rdata = rdata;
    if (side == Side::kRemoved) {
      ++stats_.removed;
      sink_.removed(r);
    } else {
      ++stats_.added;
      sink_.added(r);
    }
  }

  void diff_node(const SnapshotNode& a, const SnapshotNode& b, bool apex) {
    ++stats_.nodes_compared;
    if (a.rrset_count == 0 && b.rrset_count == 0) return;
    const std::uint8_t* ab = a.rrset_count == 0 ? nullptr : from_.first_rrset(a).at();
    const std::uint8_t* bb = b.rrset_count == 0 ? nullptr : to_.first_rrset(b).at();
    const std::uint8_t* ae = ab == nullptr ? nullptr : data_end(a, ab);
    const std::uint8_t* be = bb == nullptr ? nullptr : data_end(b, bb);
    if (a.rrset_count == b.rrset_count && ae - ab == be - bb &&
        std::memcmp(ab, bb, static_cast<std::size_t>(ae - ab)) == 0)
      return;
    ++stats_.nodes_changed;
    const wire::NameView oa = from_.name(a), ob = to_.name(b);
    std::uint16_t ka = 0, kb = 0;
    const std::uint8_t* pa = ab;
    const std::uint8_t* pb = bb;
    while (ka < a.rrset_count || kb < b.rrset_count) {
      if (kb == b.rrset_count || (ka < a.rrset_count && Rrset(pa).type < Rrset(pb).type)) {
        const Rrset r(pa);
        whole_rrset(oa, r, Side::kRemoved, apex);
        pa = r.end;
        ++ka;
      } else if (ka == a.rrset_count || Rrset(pb).type < Rrset(pa).type) {
        const Rrset r(pb);
        whole_rrset(ob, r, Side::kAdded, apex);
        pb = r.end;
        ++kb;
      } else {
        const Rrset ra(pa), rb(pb);
        if (!(apex && ra.type == rrtype::SOA))
          diff_list(oa, ob, ra.type, ra.ttl, ra.records, ra.sigs, rb.ttl, rb.records, rb.sigs);
        diff_list(oa, ob, rrtype::RRSIG, ra.sig_ttl, ra.sigs, ra.end, rb.sig_ttl, rb.sigs, rb.end);
        pa = ra.end;
        pb = rb.end;
        ++ka;
        ++kb;
      }
    }
  }

  // Two lists of one type at one name: the same octets are no change, a TTL change replaces
  // the whole list, anything else is matched record by record as sets.
  void diff_list(wire::NameView oa, wire::NameView ob, std::uint16_t type, std::uint32_t ttl_a,
                 const std::uint8_t* ab, const std::uint8_t* ae, std::uint32_t ttl_b,
                 const std::uint8_t* bb, const std::uint8_t* be) {
    const auto size_a = static_cast<std::size_t>(ae - ab);
    const auto size_b = static_cast<std::size_t>(be - bb);
    if (size_a == 0 && size_b == 0) return;
    if (ttl_a == ttl_b && size_a == size_b && std::memcmp(ab, bb, size_a) == 0) return;
    if (ttl_a != ttl_b) {
      emit_range(oa, type, ttl_a, ab, ae, Side::kRemoved);
      emit_range(ob, type, ttl_b, bb, be, Side::kAdded);
      return;
    }
    collect(ab, ae, a_);
    collect(bb, be, b_);
    std::size_t i = 0, j = 0;
    while (i < a_.size() || j < b_.size()) {
      if (j == b_.size() || (i < a_.size() && rdata_less(a_[i], b_[j]))) {
        emit(oa, type, ttl_a, a_[i++], Side::kRemoved);
      } else if (i == a_.size() || rdata_less(b_[j], a_[i])) {
        emit(ob, type, ttl_b, b_[j++], Side::kAdded);
      } else {
        ++i;
        ++j;
      }
    }
  }

  // The entries of a list, sorted; duplicates (which check_zone() drops) are kept apart so
  // a multiset difference still comes out right.
  static void collect(const std::uint8_t* begin, const std::uint8_t* end, std::vector<Rdata>& out) {
    out.clear();
    for (const std::uint8_t* p = begin; p != end; p += 2u + wire::load_u16(p))
      out.push_back(entry_at(p));
    std::sort(out.begin(), out.end(), rdata_less);
  }

  const ZoneSnapshot& from_;
  const ZoneSnapshot& to_;
  DiffSink& sink_;
  DiffStats stats_;
  std::vector<Rdata> a_, b_;  // reused for every RRset compared as sets
};

}  // namespace

DiffStats diff_snapshots(const ZoneSnapshot& from, const ZoneSnapshot& to, DiffSink& sink) {
  return Differ(from, to, sink).run();
}

}  // namespace zoned::zone
