#include "zone/zone_printer.h"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <vector>

#include "wire/rdata.h"
#include "wire/rrtype.h"

namespace zoned::zone {

void append_record_text(wire::NameView owner, std::uint32_t ttl, std::uint16_t type,
                        std::span<const std::uint8_t> rdata, std::string& out) {
  wire::append_name_text(owner, out);
  out += '\t';
  out += std::to_string(ttl);
  out += "\tIN\t";
  out += wire::type_to_text(type);
  out += '\t';
  wire::rdata_to_text(type, rdata, out);
  out += '\n';
}

void append_record_text(const ZoneContents& zone, const Record& r, std::string& out) {
  append_record_text(zone.owner_of(r), r.ttl, r.type, zone.rdata_of(r), out);
}

namespace {

// RFC 4034 §6.3: RRs of an RRset ordered by their canonical RDATA as octet strings.
void sort_rrset(const ZoneContents& zone, std::vector<const Record*>& rrset) {
  if (rrset.size() < 2) return;
  std::vector<std::vector<std::uint8_t>> keys(rrset.size());
  for (std::size_t i = 0; i < rrset.size(); ++i) {
    auto rd = zone.rdata_of(*rrset[i]);
    keys[i].assign(rd.begin(), rd.end());
    wire::rdata_canonicalize(rrset[i]->type, keys[i]);
  }
  std::vector<std::size_t> order(rrset.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return keys[a] < keys[b]; });
  std::vector<const Record*> sorted;
  sorted.reserve(rrset.size());
  for (std::size_t i : order)
    sorted.push_back(rrset[i]);
  rrset.swap(sorted);
}

void print_node(const ZoneContents& zone, const Node& node, std::string& buf) {
  std::span<const Record> recs = zone.records_of(node);
  std::vector<const Record*> rrset;
  // The SOA leads the apex, as every zone file and transfer starts with it.
  for (int pass = 0; pass < 2; ++pass) {
    for (std::size_t b = 0; b < recs.size();) {
      std::size_t e = b;
      rrset.clear();
      for (; e < recs.size() && recs[e].type == recs[b].type; ++e) {
        if (ZoneContents::live(recs[e])) rrset.push_back(&recs[e]);
      }
      bool is_soa = recs[b].type == wire::rrtype::SOA;
      if (is_soa == (pass == 0)) {
        sort_rrset(zone, rrset);
        for (const Record* r : rrset)
          append_record_text(zone, *r, buf);
      }
      b = e;
    }
  }
}

}  // namespace

void print_zone(const ZoneContents& zone, std::FILE* out) {
  const std::vector<Node>& nodes = zone.nodes();
  std::vector<std::uint32_t> order(nodes.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return wire::canonical_compare(zone.name_of(nodes[a]), zone.name_of(nodes[b])) < 0;
  });
  std::string buf;
  const Node* apex = zone.find(zone.apex());
  if (apex != nullptr) print_node(zone, *apex, buf);
  for (std::uint32_t i : order) {
    if (&nodes[i] == apex) continue;
    print_node(zone, nodes[i], buf);
    if (buf.size() > (1u << 16)) {
      std::fwrite(buf.data(), 1, buf.size(), out);
      buf.clear();
    }
  }
  std::fwrite(buf.data(), 1, buf.size(), out);
}

}  // namespace zoned::zone
