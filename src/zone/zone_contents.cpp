#include "zone/zone_contents.h"

#include <algorithm>
#include <cstring>

namespace zoned::zone {

ZoneContents::ZoneContents(wire::NameView apex) : apex_(apex), table_(1024, 0) {}

std::uint16_t ZoneContents::add_file(std::string name) {
  files_.push_back(std::move(name));
  return static_cast<std::uint16_t>(files_.size() - 1);
}

std::uint32_t ZoneContents::lookup(wire::NameView name, std::uint32_t h) const {
  std::size_t mask = table_.size() - 1;
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    std::uint32_t slot = table_[i];
    if (slot == 0) return UINT32_MAX;
    const Node& n = nodes_[slot - 1];
    if (n.hash == h && wire::equal(name_of(n), name)) return slot - 1;
  }
}

void ZoneContents::grow_table() {
  std::vector<std::uint32_t> bigger(table_.size() * 2, 0);
  std::size_t mask = bigger.size() - 1;
  for (std::uint32_t idx = 0; idx < nodes_.size(); ++idx) {
    std::size_t i = nodes_[idx].hash & mask;
    while (bigger[i] != 0) i = (i + 1) & mask;
    bigger[i] = idx + 1;
  }
  table_.swap(bigger);
}

std::uint32_t ZoneContents::find_or_add_node(wire::NameView owner) {
  if (last_node_ != UINT32_MAX && wire::equal(name_of(nodes_[last_node_]), owner)) {
    return last_node_;
  }
  auto h = static_cast<std::uint32_t>(wire::hash(owner));
  std::uint32_t found = lookup(owner, h);
  if (found == UINT32_MAX) {
    if ((nodes_.size() + 1) * 2 > table_.size()) grow_table();
    Node n{};
    n.name_offset = static_cast<std::uint32_t>(names_.size());
    n.name_size = static_cast<std::uint8_t>(owner.size());
    n.hash = h;
    names_.insert(names_.end(), owner.data(), owner.data() + owner.size());
    found = static_cast<std::uint32_t>(nodes_.size());
    nodes_.push_back(n);
    std::size_t mask = table_.size() - 1;
    std::size_t i = h & mask;
    while (table_[i] != 0) i = (i + 1) & mask;
    table_[i] = found + 1;
  }
  last_node_ = found;
  return found;
}

void ZoneContents::add(wire::NameView owner, std::uint16_t type, std::uint32_t ttl,
                       std::span<const std::uint8_t> rdata, std::uint16_t file,
                       std::uint32_t line) {
  Record r{};
  r.node = find_or_add_node(owner);
  r.rdata_offset = static_cast<std::uint32_t>(rdata_.size());
  r.rdata_size = static_cast<std::uint16_t>(rdata.size());
  r.ttl = ttl;
  r.line = line;
  r.type = type;
  r.file = file;
  rdata_.insert(rdata_.end(), rdata.begin(), rdata.end());
  records_.push_back(r);
}

void ZoneContents::finish() {
  // Counting sort by node keeps file order and costs two passes; each node's records are
  // then few, so a stable insertion sort by type finishes the grouping.
  for (Node& n : nodes_) n.record_count = 0;
  for (const Record& r : records_) ++nodes_[r.node].record_count;
  std::uint32_t at = 0;
  for (Node& n : nodes_) {
    n.first_record = at;
    at += n.record_count;
  }
  std::vector<Record> sorted(records_.size());
  std::vector<std::uint32_t> fill(nodes_.size(), 0);
  for (const Record& r : records_) {
    Node& n = nodes_[r.node];
    sorted[n.first_record + fill[r.node]++] = r;
  }
  auto by_type = [](const Record& a, const Record& b) { return a.type < b.type; };
  for (const Node& n : nodes_) {
    Record* b = sorted.data() + n.first_record;
    Record* e = b + n.record_count;
    if (n.record_count > 16) {
      std::stable_sort(b, e, by_type);
      continue;
    }
    for (Record* i = b + 1; i < e; ++i) {
      Record v = *i;
      Record* j = i;
      for (; j > b && (j - 1)->type > v.type; --j) *j = *(j - 1);
      *j = v;
    }
  }
  records_.swap(sorted);
}

const Node* ZoneContents::find(wire::NameView name) const {
  std::uint32_t idx = lookup(name, static_cast<std::uint32_t>(wire::hash(name)));
  return idx == UINT32_MAX ? nullptr : &nodes_[idx];
}

std::size_t ZoneContents::memory_bytes() const {
  return names_.capacity() + rdata_.capacity() + nodes_.capacity() * sizeof(Node) +
         records_.capacity() * sizeof(Record) + table_.capacity() * sizeof(std::uint32_t);
}

}  // namespace zoned::zone
