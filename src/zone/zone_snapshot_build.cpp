// build_snapshot(): turns checked ZoneContents into the query-time ZoneSnapshot. Runs once
// per load or transfer, off the query path, so it may allocate freely; what it produces
// owns all its memory, so the contents can be freed as soon as it returns.
//
// Every live record goes somewhere. The query form (nodes, RRsets, the NSEC3 chain) holds
// what answers use; the snapshot's extra records (extra_records.h) hold, verbatim, the rest:
//   - at a name holding only NSEC3s and RRSIG(NSEC3)s that is not a link of the served
//     chain: all of its records. That is an NSEC3 of another parameter set than the
//     NSEC3PARAM's (a chain being rolled) and its RRSIGs, an NSEC3 not directly below the
//     apex, one whose owner label is not a base32hex SHA-1 hash, an RRSIG(NSEC3) alone at a
//     name, and every NSEC3 of a zone with no usable NSEC3PARAM;
//   - elsewhere: each RRSIG whose covered type has no RRset at its name (an RRSIG alone at a
//     name among them; that name stays in the tree as an empty node, as before).
// The one normalisation: the RRSIGs of one RRset are served with the first one's TTL
// (RFC 2181 §5.2 wants one TTL per RRset); the others' own TTLs are not kept.
#include <algorithm>
#include <bit>
#include <cstring>

#include "wire/message_header.h"
#include "wire/rrtype.h"
#include "zone/nsec3_hash.h"
#include "zone/radix_sort.h"
#include "zone/zone_snapshot.h"

namespace zoned::zone {

namespace {

using wire::NameView;
namespace rrtype = wire::rrtype;

// The type an RRSIG covers: its first RDATA field (RFC 4034 §3.1).
std::uint16_t covered_type(std::span<const std::uint8_t> rrsig) {
  return rrsig.size() >= 2 ? wire::load_u16(rrsig.data()) : 0;
}

bool is_nsec3_data(std::uint16_t type, std::span<const std::uint8_t> rdata) {
  return type == rrtype::NSEC3 || (type == rrtype::RRSIG && covered_type(rdata) == rrtype::NSEC3);
}

struct NsecParamMatch {
  const Nsec3Params& params;
  // RFC 5155 §4.2: an NSEC3 belongs to the chain of an NSEC3PARAM with the same algorithm,
  // iterations and salt.
  bool operator()(std::span<const std::uint8_t> nsec3) const {
    if (nsec3.size() < 5 || nsec3[0] != params.algorithm) return false;
    if (wire::load_u16(nsec3.data() + 2) != params.iterations) return false;
    if (nsec3[4] != params.salt_size || nsec3.size() < 5u + params.salt_size) return false;
    return std::memcmp(nsec3.data() + 5, params.salt.data(), params.salt_size) == 0;
  }
};

// The canonical key of a name below the apex, its first 16 octets held big-endian so that
// most comparisons of a sort are integer compares (and all of them for short names).
struct SortKey {
  std::uint64_t high;
  std::uint64_t low;
  std::uint32_t offset;  // into the key octets
  std::uint32_t size;
  std::uint32_t entry;
};

}  // namespace

class SnapshotBuilder {
 public:
  // `owned` is the same contents when the builder may free them as it goes.
  SnapshotBuilder(const ZoneContents& contents, ZoneContents* owned)
      : contents_(contents), owned_(owned), snap_(std::make_shared<ZoneSnapshot>()) {}

  std::shared_ptr<const ZoneSnapshot> build() {
    snap_->apex_.assign(contents_.apex());
    read_nsec3_params();
    take_names();
    reserve_data();
    if (owned_ != nullptr) owned_->release_index();
    classify_and_emit_data();
    if (owned_ != nullptr) owned_->release_all_but_names();
    snap_->extras_.sort();
    sort_canonically();
    emit_nodes();
    entries_ = {};
    if (owned_ != nullptr) owned_->release_names();
    build_index();
    read_soa();
    shrink(snap_->names_);
    shrink(snap_->data_);
    return snap_;
  }

 private:
  // A name of the main tree, with its RRsets already in the data arena.
  struct Entry {
    std::uint32_t name_offset;  // into the snapshot's names
    std::uint32_t hash;
    std::uint32_t data_offset;
    std::uint16_t rrset_count;
    std::uint8_t name_size;
    std::uint8_t flags;
  };

  template <typename T>
  static void shrink(std::vector<T>& v) {
    if ((v.capacity() - v.size()) * sizeof(T) > (1u << 16) + v.size() * sizeof(T) / 16)
      v.shrink_to_fit();
  }

  void read_nsec3_params() {
    const Node* apex = contents_.find(contents_.apex());
    if (apex == nullptr) return;
    for (const Record& r : contents_.records_of(*apex)) {
      if (!ZoneContents::live(r) || r.type != rrtype::NSEC3PARAM) continue;
      std::span<const std::uint8_t> d = contents_.rdata_of(r);
      // Flags must be zero for a server to use it (RFC 5155 §4.1.2); SHA-1 is algorithm 1.
      if (d.size() < 5 || d[0] != 1 || d[1] != 0 || d.size() != 5u + d[4]) continue;
      Nsec3Params& p = snap_->nsec3_params_;
      p.algorithm = d[0];
      p.iterations = wire::load_u16(d.data() + 2);
      p.salt_size = d[4];
      std::memcpy(p.salt.data(), d.data() + 5, d[4]);
      has_nsec3_params_ = true;
      return;
    }
  }

  // The contents' name arena becomes the snapshot's (taken over when the contents are
  // ours, copied otherwise): node names point into it unchanged, empty non-terminals are
  // appended.
  void take_names() {
    if (owned_ != nullptr) {
      snap_->names_ = std::move(owned_->names_);
      return;
    }
    const std::vector<std::uint8_t>& from = contents_.names_;
    snap_->names_.reserve(from.size() + from.size() / 8 + 256);
    snap_->names_.assign(from.begin(), from.end());
  }

  // The exact size of what classify_and_emit_data() can write:
  // one header per run of a type (RRSIGs travel with the RRset they cover) and the records.
  void reserve_data() {
    std::size_t bytes = 0;
    for (const Node& n : contents_.nodes()) {
      std::uint16_t last = 0;
      for (const Record& r : contents_.records_of(n)) {
        if (!ZoneContents::live(r)) continue;
        bytes += 2u + r.rdata_size;
        if (r.type != last && r.type != rrtype::RRSIG) bytes += sizeof(RrsetHeader);
        last = r.type;
      }
    }
    snap_->data_.reserve(bytes);
  }

  // NSEC3 owners go to their own chain (as in Knot, they are not names of the zone a
  // query can reach); everything else to the main tree. The RRsets of both are written now,
  // in the contents' order: one sequential pass over records and RDATA, which consumed
  // contents give back to the system as it goes.
  void classify_and_emit_data() {
    entries_.reserve(contents_.nodes().size() + 1);
    NsecParamMatch matches{snap_->nsec3_params_};
    const std::vector<Node>& nodes = contents_.nodes();
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      const Node& n = nodes[i];
      if (owned_ != nullptr && (i & 4095) == 0) discard_consumed(i);
      NameView name = name_at(n.name_offset, n.name_size);
      if (!wire::is_subdomain(name, contents_.apex())) continue;
      bool any = false, all_nsec3 = true;
      for (const Record& r : contents_.records_of(n)) {
        if (!ZoneContents::live(r)) continue;
        any = true;
        if (!is_nsec3_data(r.type, contents_.rdata_of(r))) {
          all_nsec3 = false;
          break;
        }
      }
      if (!any) continue;
      if (all_nsec3) {
        if (!emit_nsec3_node(n, matches)) keep_as_extras(n, false);
        continue;
      }
      const SnapshotNode s = make_node(n.name_offset, n.name_size, &n);
      entries_.push_back(
          {s.name_offset, n.hash, s.data_offset, s.rrset_count, s.name_size, s.flags});
    }
    std::sort(snap_->nsec3_.begin(), snap_->nsec3_.end(),
              [](const Nsec3Entry& a, const Nsec3Entry& b) { return a.hash < b.hash; });
  }

  // Nodes are numbered by first appearance and their records grouped in that order, and
  // RDATA is appended as records are read: nothing of a node at or after `node` lies below
  // its records or below its RDATA, so those prefixes will not be read again.
  void discard_consumed(std::size_t node) {
    const Node& n = contents_.nodes()[node];
    std::uint32_t rdata_floor = UINT32_MAX;
    for (const Record& r : contents_.records_of(n))
      rdata_floor = std::min(rdata_floor, r.rdata_offset);
    if (n.record_count == 0) return;
    owned_->discard_prefix(node, n.first_record, rdata_floor);
  }

  // An NSEC3 owner goes to the chain when it is a child of the apex, in the chain of the
  // NSEC3PARAM and named by a hash; false when it does not (its records are then extras).
  bool emit_nsec3_node(const Node& source, const NsecParamMatch& matches) {
    if (!has_nsec3_params_) return false;
    NameView name = name_at(source.name_offset, source.name_size);
    if (!wire::equal(name.parent(), contents_.apex()) || !in_chain(source, matches)) return false;
    Nsec3Entry e{};
    std::string_view label = name.first_label();
    if (base32hex_decode({reinterpret_cast<const std::uint8_t*>(label.data()), label.size()},
                         e.hash) != kNsec3HashSize)
      return false;
    e.node = static_cast<std::uint32_t>(snap_->nsec3_nodes_.size());
    snap_->nsec3_nodes_.push_back(make_node(source.name_offset, source.name_size, &source));
    snap_->nsec3_.push_back(e);
    return true;
  }

  // The live records of `source` that the query form does not hold go to the extras: all
  // of them, or (`orphan_sigs_only`) the RRSIGs whose covered type has no live RRset there.
  void keep_as_extras(const Node& source, bool orphan_sigs_only) {
    const NameView owner = name_at(source.name_offset, source.name_size);
    std::span<const Record> recs = contents_.records_of(source);
    // The types of the RRsets written for the node (grouped by type, so in type order).
    types_.clear();
    for (const Record& r : recs) {
      if (ZoneContents::live(r) && r.type != rrtype::RRSIG &&
          (types_.empty() || types_.back() != r.type))
        types_.push_back(r.type);
    }
    for (const Record& r : recs) {
      if (!ZoneContents::live(r)) continue;
      if (orphan_sigs_only &&
          (r.type != rrtype::RRSIG ||
           std::binary_search(types_.begin(), types_.end(), covered_type(contents_.rdata_of(r)))))
        continue;
      snap_->extras_.append(owner, r.type, wire::rrclass::IN, r.ttl, contents_.rdata_of(r));
    }
  }

  SnapshotNode make_node(std::uint32_t name_offset, std::uint8_t name_size, const Node* source) {
    SnapshotNode n{};
    n.name_offset = name_offset;
    n.name_size = name_size;
    n.data_offset = static_cast<std::uint32_t>(snap_->data_.size());
    n.parent = kNoNode;
    if (source != nullptr) emit_rrsets(*source, n);
    if (n.rrset_count == 0) n.flags |= node_flag::kEmpty;
    return n;
  }

  // Records come grouped by type; each RRset is written with the RRSIGs that cover it. The
  // RRSIGs that cover no RRset here (rare: counting them is all it costs otherwise) go to
  // the extras.
  void emit_rrsets(const Node& source, SnapshotNode& n) {
    std::span<const Record> recs = contents_.records_of(source);
    sigs_.clear();
    std::size_t live_sigs = 0, written_sigs = 0;
    for (const Record& r : recs) {
      if (r.type == rrtype::RRSIG) sigs_.push_back(&r);
      live_sigs += r.type == rrtype::RRSIG;  // a dropped record's type is no longer RRSIG
    }
    for (std::size_t b = 0; b < recs.size();) {
      if (!ZoneContents::live(recs[b])) {
        ++b;
        continue;
      }
      std::size_t e = b + 1;
      while (e < recs.size() && (recs[e].type == recs[b].type || !ZoneContents::live(recs[e])))
        ++e;
      if (recs[b].type != rrtype::RRSIG) {
        written_sigs += emit_rrset(recs.subspan(b, e - b));
        ++n.rrset_count;
        n.flags |= flags_for_type(recs[b].type);
      }
      b = e;
    }
    if (written_sigs != live_sigs) keep_as_extras(source, true);
  }

  static std::uint8_t flags_for_type(std::uint16_t type) {
    switch (type) {
      case rrtype::NS:
        return node_flag::kDelegation;  // cleared again at the apex
      case rrtype::DNAME:
        return node_flag::kDname;
      case rrtype::CNAME:
        return node_flag::kCname;
      case rrtype::NSEC:
        return node_flag::kNsec;
      default:
        return 0;
    }
  }

  // `set` starts with a live record; dead ones inside it are skipped. Returns the number of
  // RRSIGs written with it.
  std::size_t emit_rrset(std::span<const Record> set) {
    std::vector<std::uint8_t>& d = snap_->data_;
    const std::size_t header_at = d.size();
    d.resize(d.size() + sizeof(RrsetHeader));
    RrsetHeader h{};
    h.type = set[0].type;
    h.ttl = set[0].ttl;
    for (const Record& r : set) {
      if (!ZoneContents::live(r)) continue;
      append_rdata(contents_.rdata_of(r));
      ++h.count;
    }
    h.records_size = static_cast<std::uint32_t>(d.size() - header_at - sizeof(RrsetHeader));
    std::size_t sigs = 0;
    for (const Record* s : sigs_) {
      if (!ZoneContents::live(*s) || covered_type(contents_.rdata_of(*s)) != h.type) continue;
      if (sigs == 0) h.sig_ttl = s->ttl;
      append_rdata(contents_.rdata_of(*s));
      ++h.sig_count;
      ++sigs;
    }
    h.sigs_size =
        static_cast<std::uint32_t>(d.size() - header_at - sizeof(RrsetHeader) - h.records_size);
    std::memcpy(d.data() + header_at, &h, sizeof h);
    return sigs;
  }

  void append_rdata(std::span<const std::uint8_t> rdata) {
    std::vector<std::uint8_t>& d = snap_->data_;
    const std::size_t at = d.size();
    d.resize(at + 2 + rdata.size());
    wire::store_u16(d.data() + at, static_cast<std::uint16_t>(rdata.size()));
    if (!rdata.empty()) std::memcpy(d.data() + at + 2, rdata.data(), rdata.size());
  }

  NameView name_at(std::uint32_t offset, std::uint8_t size) const {
    return {snap_->names_.data() + offset, size};
  }

  // Sorts the entries by canonical key relative to the apex (the apex itself is the empty
  // key, first). Keys are built once; the comparator mostly compares their 16-octet prefixes.
  void sort_canonically() {
    const std::size_t apex_labels = contents_.apex().label_count();
    std::vector<std::uint8_t> keys;
    keys.reserve(snap_->names_.size());
    std::vector<SortKey> sorted(entries_.size());
    std::uint8_t starts[128];
    for (std::uint32_t i = 0; i < entries_.size(); ++i) {
      const NameView name = name_at(entries_[i].name_offset, entries_[i].name_size);
      std::size_t count = 0;
      for (std::size_t at = 0; name.data()[at] != 0; at += name.data()[at] + 1u)
        starts[count++] = static_cast<std::uint8_t>(at);
      const std::size_t begin = keys.size();
      for (std::size_t l = count - apex_labels; l-- > 0;) {
        const std::uint8_t* label = name.data() + starts[l];
        for (std::size_t k = 1; k <= label[0]; ++k) {
          const std::uint8_t c = wire::ascii_lower(label[k]);
          keys.push_back(c);
          if (c == 0) keys.push_back(1);
        }
        keys.push_back(0);
        keys.push_back(0);
      }
      const std::size_t size = keys.size() - begin;
      std::uint64_t high = 0, low = 0;
      for (std::size_t k = 0; k < 8; ++k)
        high = (high << 8) | (k < size ? keys[begin + k] : 0);
      for (std::size_t k = 8; k < 16; ++k)
        low = (low << 8) | (k < size ? keys[begin + k] : 0);
      sorted[i] = {high, low, static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(size),
                   i};
    }
    const std::uint8_t* k = keys.data();
    std::sort(sorted.begin(), sorted.end(), [k](const SortKey& a, const SortKey& b) {
      if (a.high != b.high) return a.high < b.high;
      if (a.low != b.low) return a.low < b.low;
      // Equal prefixes: the first min(16, sizes) octets are equal (zero padding included).
      const std::size_t common = std::min(a.size, b.size);
      const std::size_t from = std::min<std::size_t>(16, common);
      const int c = std::memcmp(k + a.offset + from, k + b.offset + from, common - from);
      return c != 0 ? c < 0 : a.size < b.size;
    });
    order_.resize(sorted.size());
    for (std::size_t i = 0; i < sorted.size(); ++i)
      order_[i] = sorted[i].entry;
  }

  // In canonical order every name comes right after its ancestors' subtrees began: a stack
  // of the current name's ancestors gives each node its parent, and the ancestors missing
  // from the stack are the empty non-terminals (RFC 8020), created on the way.
  void emit_nodes() {
    std::vector<SnapshotNode>& nodes = snap_->nodes_;
    nodes.reserve(entries_.size() + entries_.size() / 16 + 1);
    hashes_.reserve(nodes.capacity());
    const NameView apex = contents_.apex();
    const std::size_t apex_labels = apex.label_count();
    std::size_t first = 0;
    if (!order_.empty() && entries_[order_[0]].name_size == apex.size() &&
        wire::equal(name_at(entries_[order_[0]].name_offset, entries_[order_[0]].name_size),
                    apex)) {
      push_entry(entries_[order_[0]], kNoNode);
      first = 1;
    } else {
      // The apex always exists, even in contents that lack it (never after check_zone).
      push_empty(apex, kNoNode);
    }
    nodes[0].flags |= node_flag::kApex;
    nodes[0].flags &= static_cast<std::uint8_t>(~node_flag::kDelegation);
    struct Ancestor {
      std::uint32_t node;
      std::uint32_t labels;
    };
    std::vector<Ancestor> stack{{0, static_cast<std::uint32_t>(apex_labels)}};
    for (std::size_t o = first; o < order_.size(); ++o) {
      const Entry& e = entries_[order_[o]];
      const NameView name = name_at(e.name_offset, e.name_size);
      const std::size_t labels = name.label_count();
      while (stack.size() > 1) {
        const Ancestor& top = stack.back();
        if (top.labels < labels &&
            wire::equal(name.strip_labels(labels - top.labels), snap_->name(top.node)))
          break;
        stack.pop_back();
      }
      for (std::size_t l = stack.back().labels + 1; l < labels; ++l) {
        // Through the offset again: adding a name may have moved the arena.
        const NameView ent = name_at(e.name_offset, e.name_size).strip_labels(labels - l);
        stack.push_back({push_empty(ent, stack.back().node), static_cast<std::uint32_t>(l)});
      }
      stack.push_back({push_entry(e, stack.back().node), static_cast<std::uint32_t>(labels)});
    }
    order_ = {};
  }

  std::uint32_t push_entry(const Entry& e, std::uint32_t parent) {
    SnapshotNode n{};
    n.name_offset = e.name_offset;
    n.name_size = e.name_size;
    n.data_offset = e.data_offset;
    n.rrset_count = e.rrset_count;
    n.flags = e.flags;
    return push(n, e.hash, parent);
  }

  std::uint32_t push_empty(NameView name, std::uint32_t parent) {
    std::vector<std::uint8_t>& names = snap_->names_;
    const auto offset = static_cast<std::uint32_t>(names.size());
    // Copied through a buffer: `name` may point into `names`, which may grow.
    std::uint8_t copy[wire::kMaxNameLength];
    std::memcpy(copy, name.data(), name.size());
    names.insert(names.end(), copy, copy + name.size());
    SnapshotNode n{};
    n.name_offset = offset;
    n.name_size = static_cast<std::uint8_t>(name.size());
    n.data_offset = static_cast<std::uint32_t>(snap_->data_.size());
    n.flags = node_flag::kEmpty;
    return push(n, static_cast<std::uint32_t>(wire::hash(NameView(copy, n.name_size))), parent);
  }

  // Appends a node below `parent`: "below a cut or DNAME" is inherited (parents come
  // first), and a "*" label marks the parent as having a wildcard child.
  std::uint32_t push(SnapshotNode n, std::uint32_t hash, std::uint32_t parent) {
    std::vector<SnapshotNode>& nodes = snap_->nodes_;
    const auto index = static_cast<std::uint32_t>(nodes.size());
    n.parent = parent;
    if (parent != kNoNode) {
      SnapshotNode& p = nodes[parent];
      if (p.has(node_flag::kBelowRedirect) ||
          (p.has(node_flag::kDelegation) && !p.has(node_flag::kApex)) || p.has(node_flag::kDname))
        n.flags |= node_flag::kBelowRedirect;
      const std::uint8_t* label = snap_->names_.data() + n.name_offset;
      if (label[0] == 1 && label[1] == '*') p.flags |= node_flag::kWildcardChild;
    }
    nodes.push_back(n);
    hashes_.push_back((std::uint64_t{hash} << 32) | index);
    return index;
  }

  // Load factor at most 3/4 with linear probing from the slot of the hash's high bits:
  // inserted in hash order, the table fills front to back (sequential writes, where
  // random inserts would miss the cache once per name).
  void build_index() {
    std::size_t capacity = 16;
    while (capacity * 3 < snap_->nodes_.size() * 4)
      capacity *= 2;
    snap_->index_.assign(capacity, 0);
    snap_->index_shift_ = static_cast<std::uint8_t>(32 - std::countr_zero(capacity));
    radix_sort_by_hash(hashes_);
    const std::size_t mask = capacity - 1;
    for (std::uint64_t k : hashes_) {
      const auto h = static_cast<std::uint32_t>(k >> 32);
      std::size_t slot = h >> snap_->index_shift_;
      while (snap_->index_[slot] != 0)
        slot = (slot + 1) & mask;
      snap_->index_[slot] = (k & 0xffffffff00000000ull) | (static_cast<std::uint32_t>(k) + 1u);
    }
    hashes_ = {};
  }

  bool in_chain(const Node& n, const NsecParamMatch& matches) const {
    for (const Record& r : contents_.records_of(n))
      if (ZoneContents::live(r) && r.type == rrtype::NSEC3 && matches(contents_.rdata_of(r)))
        return true;
    return false;
  }

  // SOA RDATA ends with serial, refresh, retry, expire, minimum (RFC 1035 §3.3.13).
  void read_soa() {
    RrsetView soa = snap_->find_rrset(snap_->nodes_[0], rrtype::SOA);
    if (!soa.valid() || soa.records().empty()) return;
    std::span<const std::uint8_t> d = *soa.records().begin();
    if (d.size() < 20) return;
    const std::uint8_t* tail = d.data() + d.size() - 20;
    snap_->serial_ = wire::load_u32(tail);
    snap_->negative_ttl_ = std::min(soa.ttl(), wire::load_u32(tail + 16));
  }

  const ZoneContents& contents_;
  ZoneContents* owned_;
  std::shared_ptr<ZoneSnapshot> snap_;
  bool has_nsec3_params_ = false;
  std::vector<Entry> entries_;
  std::vector<std::uint32_t> order_;
  std::vector<std::uint64_t> hashes_;  // hash << 32 | node, for the index
  std::vector<const Record*> sigs_;    // the RRSIGs of the node being written
  std::vector<std::uint16_t> types_;   // its RRset types, when some RRSIG covers none
};

std::shared_ptr<const ZoneSnapshot> build_snapshot(const ZoneContents& contents) {
  return SnapshotBuilder(contents, nullptr).build();
}

std::shared_ptr<const ZoneSnapshot> build_snapshot(ZoneContents&& contents) {
  return SnapshotBuilder(contents, &contents).build();
}

}  // namespace zoned::zone
