// build_snapshot(): turns checked ZoneContents into the query-time ZoneSnapshot. Runs once
// per load or transfer, off the query path, so it may allocate freely; what it produces
// owns all its memory, so the contents can be freed as soon as it returns.
#include <algorithm>
#include <cstring>
#include <deque>
#include <unordered_set>

#include "wire/message_header.h"
#include "wire/rrtype.h"
#include "zone/nsec3_hash.h"
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

// A sort key whose memcmp order is RFC 4034 §6.1 canonical order: labels from the root,
// lowercased, each closed by 00 00. A 00 octet inside a label is written 00 01, so a label
// that is a prefix of another (closed by 00 00) still sorts first.
void append_canonical_key(NameView name, std::vector<std::uint8_t>& out) {
  std::uint8_t starts[128];
  std::size_t count = 0;
  for (std::size_t i = 0; name.data()[i] != 0; i += name.data()[i] + 1u)
    starts[count++] = static_cast<std::uint8_t>(i);
  while (count > 0) {
    const std::uint8_t* label = name.data() + starts[--count];
    for (std::size_t i = 1; i <= label[0]; ++i) {
      const std::uint8_t c = wire::ascii_lower(label[i]);
      out.push_back(c);
      if (c == 0) out.push_back(1);
    }
    out.push_back(0);
    out.push_back(0);
  }
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

}  // namespace

class SnapshotBuilder {
 public:
  explicit SnapshotBuilder(const ZoneContents& contents)
      : contents_(contents), snap_(std::make_shared<ZoneSnapshot>()) {}

  std::shared_ptr<const ZoneSnapshot> build() {
    snap_->apex_.assign(contents_.apex());
    read_nsec3_params();
    classify_nodes();
    add_empty_non_terminals();
    sort_canonically();
    emit_nodes();
    build_index();
    link_parents_and_flags();
    emit_nsec3_chain();
    read_soa();
    snap_->names_.shrink_to_fit();
    snap_->data_.shrink_to_fit();
    return snap_;
  }

 private:
  // A name of the main tree: from the contents, or an empty non-terminal (ent_names_).
  struct Entry {
    NameView name;
    const Node* source;  // nullptr for an empty non-terminal
  };

  std::vector<const Record*> live_records(const Node& n) const {
    std::vector<const Record*> out;
    for (const Record& r : contents_.records_of(n))
      if (ZoneContents::live(r)) out.push_back(&r);
    return out;
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

  // NSEC3 owners go to their own chain (as in Knot, they are not names of the zone a
  // query can reach); everything else to the main tree.
  void classify_nodes() {
    entries_.reserve(contents_.nodes().size());
    is_main_.assign(contents_.nodes().size(), 0);
    for (const Node& n : contents_.nodes()) {
      NameView name = contents_.name_of(n);
      if (!wire::is_subdomain(name, contents_.apex())) continue;
      bool any = false, all_nsec3 = true;
      for (const Record& r : contents_.records_of(n)) {
        if (!ZoneContents::live(r)) continue;
        any = true;
        if (!is_nsec3_data(r.type, contents_.rdata_of(r))) all_nsec3 = false;
      }
      if (!any) continue;
      if (all_nsec3) {
        nsec3_sources_.push_back(&n);
      } else {
        entries_.push_back({name, &n});
        is_main_[static_cast<std::size_t>(&n - contents_.nodes().data())] = 1;
      }
    }
  }

  static std::string lower_key(NameView name) {
    std::string s(name.size(), '\0');
    wire::to_lower(name, reinterpret_cast<std::uint8_t*>(s.data()));
    return s;
  }

  // Names that exist only because something below them does (RFC 8020): they answer
  // NODATA, never NXDOMAIN, and stop wildcards from matching them.
  void add_empty_non_terminals() {
    const std::size_t apex_size = contents_.apex().size();
    const std::size_t original = entries_.size();
    for (std::size_t i = 0; i < original; ++i) {
      NameView up = entries_[i].name;
      while (up.size() > apex_size) {
        up = up.parent();
        if (in_main_tree(up)) break;
        std::string key = lower_key(up);
        if (ent_keys_.count(key) != 0) break;
        ent_keys_.insert(std::move(key));
        ent_names_.emplace_back(up);
        entries_.push_back({ent_names_.back().view(), nullptr});
      }
    }
    // The apex always exists, even in contents that lack it (never after check_zone).
    if (!in_main_tree(contents_.apex())) {
      ent_names_.emplace_back(contents_.apex());
      entries_.push_back({ent_names_.back().view(), nullptr});
    }
    ent_keys_.clear();
  }

  // Through the contents' own name index: no second table of a million names.
  bool in_main_tree(NameView name) const {
    const Node* n = contents_.find(name);
    return n != nullptr && is_main_[static_cast<std::size_t>(n - contents_.nodes().data())] != 0;
  }

  void sort_canonically() {
    std::vector<std::uint8_t> keys;
    std::vector<std::uint32_t> key_at(entries_.size() + 1);
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      key_at[i] = static_cast<std::uint32_t>(keys.size());
      append_canonical_key(entries_[i].name, keys);
    }
    key_at[entries_.size()] = static_cast<std::uint32_t>(keys.size());
    order_.resize(entries_.size());
    for (std::uint32_t i = 0; i < order_.size(); ++i)
      order_[i] = i;
    std::sort(order_.begin(), order_.end(), [&](std::uint32_t a, std::uint32_t b) {
      const std::size_t la = key_at[a + 1] - key_at[a], lb = key_at[b + 1] - key_at[b];
      const int c = std::memcmp(keys.data() + key_at[a], keys.data() + key_at[b], std::min(la, lb));
      return c != 0 ? c < 0 : la < lb;
    });
  }

  void emit_nodes() {
    std::size_t name_bytes = 0, data_bytes = 0;
    for (const Entry& e : entries_) {
      name_bytes += e.name.size();
      if (e.source != nullptr) data_bytes += estimate_data(*e.source);
    }
    for (const Node* n : nsec3_sources_) {
      name_bytes += contents_.name_of(*n).size();
      data_bytes += estimate_data(*n);
    }
    snap_->names_.reserve(name_bytes);
    snap_->data_.reserve(data_bytes);
    snap_->nodes_.reserve(entries_.size());
    for (std::uint32_t i : order_) {
      const Entry& e = entries_[i];
      snap_->nodes_.push_back(make_node(e.name, e.source));
    }
  }

  std::size_t estimate_data(const Node& n) const {
    std::size_t bytes = 0;
    for (const Record& r : contents_.records_of(n))
      bytes += sizeof(RrsetHeader) + 2u + r.rdata_size;
    return bytes;
  }

  SnapshotNode make_node(NameView name, const Node* source) {
    SnapshotNode n{};
    n.name_offset = static_cast<std::uint32_t>(snap_->names_.size());
    n.name_size = static_cast<std::uint8_t>(name.size());
    snap_->names_.insert(snap_->names_.end(), name.data(), name.data() + name.size());
    n.data_offset = static_cast<std::uint32_t>(snap_->data_.size());
    n.parent = kNoNode;
    if (source != nullptr) emit_rrsets(*source, n);
    if (n.rrset_count == 0) n.flags |= node_flag::kEmpty;
    return n;
  }

  // Records come grouped by type; each RRset is written with the RRSIGs that cover it.
  void emit_rrsets(const Node& source, SnapshotNode& n) {
    std::vector<const Record*> recs = live_records(source);
    std::vector<const Record*> sigs;
    for (const Record* r : recs)
      if (r->type == rrtype::RRSIG) sigs.push_back(r);
    for (std::size_t b = 0; b < recs.size();) {
      std::size_t e = b + 1;
      while (e < recs.size() && recs[e]->type == recs[b]->type)
        ++e;
      if (recs[b]->type != rrtype::RRSIG) {
        emit_rrset({recs.data() + b, e - b}, sigs);
        ++n.rrset_count;
        n.flags |= flags_for_type(recs[b]->type);
      }
      b = e;
    }
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

  void emit_rrset(std::span<const Record* const> set, const std::vector<const Record*>& sigs) {
    std::vector<std::uint8_t>& d = snap_->data_;
    const std::size_t header_at = d.size();
    d.resize(d.size() + sizeof(RrsetHeader));
    RrsetHeader h{};
    h.type = set[0]->type;
    h.ttl = set[0]->ttl;
    for (const Record* r : set) {
      append_rdata(contents_.rdata_of(*r));
      ++h.count;
    }
    h.records_size = static_cast<std::uint32_t>(d.size() - header_at - sizeof(RrsetHeader));
    for (const Record* s : sigs) {
      if (covered_type(contents_.rdata_of(*s)) != h.type) continue;
      if (h.sig_count == 0) h.sig_ttl = s->ttl;
      append_rdata(contents_.rdata_of(*s));
      ++h.sig_count;
    }
    h.sigs_size =
        static_cast<std::uint32_t>(d.size() - header_at - sizeof(RrsetHeader) - h.records_size);
    std::memcpy(d.data() + header_at, &h, sizeof h);
  }

  void append_rdata(std::span<const std::uint8_t> rdata) {
    std::uint8_t len[2];
    wire::store_u16(len, static_cast<std::uint16_t>(rdata.size()));
    snap_->data_.insert(snap_->data_.end(), len, len + 2);
    snap_->data_.insert(snap_->data_.end(), rdata.begin(), rdata.end());
  }

  // Load factor at most 3/4 with linear probing: misses stay within a cache line or two.
  void build_index() {
    std::size_t capacity = 16;
    while (capacity * 3 < snap_->nodes_.size() * 4)
      capacity *= 2;
    snap_->index_.assign(capacity, 0);
    const std::size_t mask = capacity - 1;
    for (std::uint32_t i = 0; i < snap_->nodes_.size(); ++i) {
      const auto h = static_cast<std::uint32_t>(wire::hash(snap_->name(i)));
      std::size_t slot = h & mask;
      while (snap_->index_[slot] != 0)
        slot = (slot + 1) & mask;
      snap_->index_[slot] = (std::uint64_t{h} << 32) | (i + 1u);
    }
  }

  // Canonical order puts every parent before its children, so one pass in order can
  // inherit "below a cut or DNAME" from the parent.
  void link_parents_and_flags() {
    std::vector<SnapshotNode>& nodes = snap_->nodes_;
    nodes[0].flags |= node_flag::kApex;
    nodes[0].flags &= static_cast<std::uint8_t>(~node_flag::kDelegation);
    for (std::uint32_t i = 1; i < nodes.size(); ++i) {
      NameView name = snap_->name(i);
      const std::uint32_t p = snap_->find(name.parent());
      nodes[i].parent = p;
      if (p == kNoNode) continue;  // cannot happen: empty non-terminals fill every gap
      const SnapshotNode& parent = nodes[p];
      if (parent.has(node_flag::kBelowRedirect) ||
          (parent.has(node_flag::kDelegation) && !parent.has(node_flag::kApex)) ||
          parent.has(node_flag::kDname))
        nodes[i].flags |= node_flag::kBelowRedirect;
      std::string_view first = name.first_label();
      if (first.size() == 1 && first[0] == '*') nodes[p].flags |= node_flag::kWildcardChild;
    }
  }

  void emit_nsec3_chain() {
    if (!has_nsec3_params_) return;
    NsecParamMatch matches{snap_->nsec3_params_};
    for (const Node* source : nsec3_sources_) {
      NameView name = contents_.name_of(*source);
      if (!wire::equal(name.parent(), contents_.apex()) || !in_chain(*source, matches)) continue;
      Nsec3Entry e{};
      std::string_view label = name.first_label();
      if (base32hex_decode({reinterpret_cast<const std::uint8_t*>(label.data()), label.size()},
                           e.hash) != kNsec3HashSize)
        continue;
      e.node = static_cast<std::uint32_t>(snap_->nsec3_nodes_.size());
      snap_->nsec3_nodes_.push_back(make_node(name, source));
      snap_->nsec3_.push_back(e);
    }
    std::sort(snap_->nsec3_.begin(), snap_->nsec3_.end(),
              [](const Nsec3Entry& a, const Nsec3Entry& b) { return a.hash < b.hash; });
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
  std::shared_ptr<ZoneSnapshot> snap_;
  bool has_nsec3_params_ = false;
  std::vector<Entry> entries_;
  std::vector<std::uint32_t> order_;
  std::deque<wire::Name> ent_names_;
  std::vector<std::uint8_t> is_main_;  // by contents node index
  std::unordered_set<std::string> ent_keys_;
  std::vector<const Node*> nsec3_sources_;
};

std::shared_ptr<const ZoneSnapshot> build_snapshot(const ZoneContents& contents) {
  return SnapshotBuilder(contents).build();
}

}  // namespace zoned::zone
