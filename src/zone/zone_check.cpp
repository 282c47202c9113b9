#include "zone/zone_check.h"

#include <algorithm>
#include <cstring>

#include "wire/rdata.h"
#include "wire/rrtype.h"

namespace zoned::zone {

namespace rt = wire::rrtype;

std::string ZoneProblem::to_string() const {
  std::string s;
  if (!file.empty()) s += file + (line > 0 ? ":" + std::to_string(line) : "") + ": ";
  s += warning ? "warning: " : "error: ";
  s += message;
  return s;
}

namespace {

// Which types a node holds, for the rules that look at a node as a whole.
struct NodeTypes {
  bool soa = false, ns = false, cname = false, dname = false, ds = false, address = false;
  bool other_than_cname = false;  // anything besides CNAME, RRSIG, NSEC (RFC 2181 §10.1)
  bool other_than_cut = false;    // anything besides NS, DS, RRSIG, NSEC at a delegation
  bool other_than_glue = false;   // anything besides A, AAAA below a delegation
};

class Checker {
 public:
  explicit Checker(ZoneContents& zone) : zone_(zone), apex_labels_(zone.apex().label_count()) {}

  std::vector<ZoneProblem> run() {
    apex_ = zone_.find(zone_.apex());
    types_.resize(zone_.nodes().size());
    for (std::uint32_t i = 0; i < zone_.nodes().size(); ++i)
      check_node(i);
    check_apex();
    for (std::uint32_t i = 0; i < zone_.nodes().size(); ++i) {
      if (in_zone(i)) check_position(i);
    }
    for (std::uint32_t i = 0; i < zone_.nodes().size(); ++i) {
      if (in_zone(i) && types_[i].ns) check_ns_targets(i);
    }
    return std::move(problems_);
  }

 private:
  void report(bool warning, const Record& r, std::string message) {
    problems_.push_back({warning, zone_.file_of(r), r.line, std::move(message)});
  }
  std::string owner_text(const Record& r) const { return wire::to_text(zone_.owner_of(r)); }
  bool in_zone(std::uint32_t node) const { return !out_of_zone_[node]; }

  void check_node(std::uint32_t index) {
    const Node& node = zone_.nodes()[index];
    std::span<const Record> recs = zone_.records_of(node);
    out_of_zone_.push_back(!wire::is_subdomain(zone_.name_of(node), zone_.apex()));
    if (out_of_zone_.back()) {
      report(false, recs[0],
             owner_text(recs[0]) + " is outside the zone " + wire::to_text(zone_.apex()));
      return;
    }
    NodeTypes& t = types_[index];
    for (std::size_t b = 0; b < recs.size();) {
      std::size_t e = b + 1;
      while (e < recs.size() && recs[e].type == recs[b].type)
        ++e;
      check_rrset(node.first_record + b, e - b);
      classify(recs[b].type, t);
      b = e;
    }
    const Record& first = recs[0];
    if (t.cname && t.other_than_cname) {
      report(false, first, "CNAME and other data at " + owner_text(first));
    }
    if (t.cname && t.dname) report(false, first, "CNAME and DNAME at " + owner_text(first));
    if (t.soa && !wire::equal(zone_.name_of(node), zone_.apex())) {
      report(false, first, "SOA record at " + owner_text(first) + ", not at the zone apex");
    }
  }

  static void classify(std::uint16_t type, NodeTypes& t) {
    t.soa |= type == rt::SOA;
    t.ns |= type == rt::NS;
    t.cname |= type == rt::CNAME;
    t.dname |= type == rt::DNAME;
    t.ds |= type == rt::DS;
    t.address |= type == rt::A || type == rt::AAAA;
    bool dnssec = type == rt::RRSIG || type == rt::NSEC;
    t.other_than_cname |= type != rt::CNAME && !dnssec;
    t.other_than_cut |= type != rt::NS && type != rt::DS && !dnssec;
    t.other_than_glue |= type != rt::A && type != rt::AAAA;
  }

  // One RRset: records [first, first + count) of the zone, all of one type.
  void check_rrset(std::size_t first, std::size_t count) {
    drop_duplicates(first, count);
    const Record& head = zone_.records()[first];
    std::uint16_t type = head.type;
    std::size_t live = 0;
    for (std::size_t i = first; i < first + count; ++i) {
      const Record& r = zone_.records()[i];
      if (!ZoneContents::live(r)) continue;
      ++live;
      // RRSIGs take the TTL of the RRset they cover (RFC 4034 §3), so theirs may differ.
      if (r.ttl != head.ttl && type != rt::RRSIG) {
        report(true, r,
               owner_text(r) + " " + wire::type_to_text(type) + ": TTL " + std::to_string(r.ttl) +
                   " differs from the RRset's TTL " + std::to_string(head.ttl) +
                   " (RFC 2181 §5.2); using " + std::to_string(head.ttl));
        zone_.set_ttl(i, head.ttl);
      }
    }
    if (live > 1 && (type == rt::CNAME || type == rt::DNAME || type == rt::SOA)) {
      report(false, head,
             "more than one " + wire::type_to_text(type) + " record at " + owner_text(head));
    }
  }

  std::span<const std::uint8_t> canonical(const Record& r, std::vector<std::uint8_t>& buf) {
    std::span<const std::uint8_t> rd = zone_.rdata_of(r);
    buf.assign(rd.begin(), rd.end());
    wire::rdata_canonicalize(r.type, buf);
    return buf;
  }

  void drop_duplicates(std::size_t first, std::size_t count) {
    if (count < 2) return;
    // RRsets are small; a quadratic scan is cheaper than sorting them, until they are not.
    if (count > 64) return drop_duplicates_sorted(first, count);
    for (std::size_t i = first + 1; i < first + count; ++i) {
      canonical(zone_.records()[i], a_);
      for (std::size_t j = first; j < i; ++j) {
        const Record& earlier = zone_.records()[j];
        if (!ZoneContents::live(earlier)) continue;
        if (std::ranges::equal(a_, canonical(earlier, b_))) {
          drop_duplicate(i);
          break;
        }
      }
    }
  }

  void drop_duplicates_sorted(std::size_t first, std::size_t count) {
    std::vector<std::pair<std::vector<std::uint8_t>, std::size_t>> keyed;
    keyed.reserve(count);
    for (std::size_t i = first; i < first + count; ++i) {
      canonical(zone_.records()[i], a_);
      keyed.emplace_back(a_, i);
    }
    std::sort(keyed.begin(), keyed.end());
    for (std::size_t k = 1; k < keyed.size(); ++k) {
      if (keyed[k].first == keyed[k - 1].first) drop_duplicate(keyed[k].second);
    }
  }

  void drop_duplicate(std::size_t index) {
    const Record& r = zone_.records()[index];
    report(true, r,
           "duplicate record " + owner_text(r) + " " + wire::type_to_text(r.type) + " dropped");
    zone_.drop(index);
  }

  void check_apex() {
    const Node* apex = apex_;
    std::string apex_text = wire::to_text(zone_.apex());
    if (apex == nullptr || !types_[apex - zone_.nodes().data()].soa) {
      std::string file = zone_.files().empty() ? "" : zone_.files().front();
      problems_.push_back({false, file, 0, "zone " + apex_text + " has no SOA record at its apex"});
      return;
    }
    if (!types_[apex - zone_.nodes().data()].ns) {
      problems_.push_back({false, zone_.file_of(zone_.records_of(*apex)[0]),
                           zone_.records_of(*apex)[0].line,
                           "zone " + apex_text + " has no NS records at its apex"});
    }
  }

  // The nearest delegation (NS below the apex) or DNAME strictly above `name`, if any.
  const Node* cut_above(wire::NameView name, bool& is_dname) const {
    std::size_t below_apex = name.label_count() - apex_labels_;
    // From the top down, so the highest cut wins: everything under it is occluded.
    for (std::size_t strip = below_apex - 1; strip >= 1 && strip < below_apex; --strip) {
      const Node* n = zone_.find(name.strip_labels(strip));
      if (n == nullptr) continue;
      const NodeTypes& t = types_[n - zone_.nodes().data()];
      if (t.ns || t.dname) {
        is_dname = !t.ns;
        return n;
      }
    }
    // The apex's DNAME occludes too.
    if (below_apex > 0 && apex_ != nullptr && types_[apex_ - zone_.nodes().data()].dname) {
      is_dname = true;
      return apex_;
    }
    return nullptr;
  }

  void check_position(std::uint32_t index) {
    const Node& node = zone_.nodes()[index];
    wire::NameView name = zone_.name_of(node);
    const NodeTypes& t = types_[index];
    const Record& first = zone_.records_of(node)[0];
    bool is_apex = name.label_count() == apex_labels_;
    if (!is_apex && t.ns && t.other_than_cut && !t.dname) {
      report(true, first,
             "data beside the delegation at " + owner_text(first) +
                 " is occluded (only NS, DS, NSEC, RRSIG and glue belong there)");
    }
    bool dname = false;
    const Node* cut = cut_above(name, dname);
    if (cut == nullptr) return;
    if (dname || t.other_than_glue) {
      report(true, first,
             owner_text(first) + " is occluded by the " + (dname ? "DNAME" : "delegation") +
                 " at " + wire::to_text(zone_.name_of(*cut)));
    }
  }

  void check_ns_targets(std::uint32_t index) {
    const Node& node = zone_.nodes()[index];
    bool delegation = zone_.name_of(node).label_count() != apex_labels_;
    for (const Record& r : zone_.records_of(node)) {
      if (r.type != rt::NS || !ZoneContents::live(r)) continue;
      std::span<const std::uint8_t> rd = zone_.rdata_of(r);
      wire::NameView target(rd.data(), rd.size());
      if (!wire::is_subdomain(target, zone_.apex())) continue;
      const Node* t = zone_.find(target);
      if (t != nullptr && types_[t - zone_.nodes().data()].address) continue;
      bool dname = false;
      bool glue = wire::is_subdomain(target, zone_.name_of(node)) && delegation;
      glue |= cut_above(target, dname) != nullptr && !dname;
      report(false, r,
             glue ? "missing glue: NS target " + wire::to_text(target) + " of " + owner_text(r) +
                        " has no A or AAAA record"
                  : "NS target " + wire::to_text(target) + " of " + owner_text(r) +
                        " has no address records (A or AAAA)");
    }
  }

  ZoneContents& zone_;
  const Node* apex_ = nullptr;
  std::size_t apex_labels_;
  std::vector<NodeTypes> types_;
  std::vector<bool> out_of_zone_;
  std::vector<ZoneProblem> problems_;
  std::vector<std::uint8_t> a_, b_;
};

}  // namespace

std::vector<ZoneProblem> check_zone(ZoneContents& zone) {
  return Checker(zone).run();
}

}  // namespace zoned::zone
