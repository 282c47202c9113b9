#include "zone/zone_contents.h"

#include "zone/huge_pages.h"
#include "zone/radix_sort.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstring>

namespace zoned::zone {

ZoneContents::ZoneContents(wire::NameView apex) : apex_(apex) {}

void ZoneContents::reserve_for_file_size(std::size_t bytes) {
  // The shortest useful line ("a A 1.2.3.4") is about a dozen octets.
  records_.reserve(bytes / 12);
  nodes_.reserve(bytes / 12);
  names_.reserve(bytes);
  rdata_.reserve(bytes);
  advise_huge_pages(records_.data(), records_.capacity() * sizeof(Record));
  advise_huge_pages(nodes_.data(), nodes_.capacity() * sizeof(Node));
  advise_huge_pages(names_.data(), names_.capacity());
  advise_huge_pages(rdata_.data(), rdata_.capacity());
}

std::uint16_t ZoneContents::add_file(std::string name) {
  files_.push_back(std::move(name));
  return static_cast<std::uint16_t>(files_.size() - 1);
}

void ZoneContents::add(wire::NameView owner, std::uint16_t type, std::uint32_t ttl,
                       std::span<const std::uint8_t> rdata, std::uint16_t file,
                       std::uint32_t line) {
  // Zone files list an owner's records together: a new node per run of one owner keeps
  // loading sequential; finish() merges the runs of names that come back later.
  if (nodes_.empty() || !wire::equal(name_of(nodes_.back()), owner)) {
    Node n{};
    n.name_offset = static_cast<std::uint32_t>(names_.size());
    n.name_size = static_cast<std::uint8_t>(owner.size());
    n.hash = static_cast<std::uint32_t>(wire::hash(owner));  // while the name is in cache
    names_.insert(names_.end(), owner.data(), owner.data() + owner.size());
    nodes_.push_back(n);
  }
  Record r{};
  r.node = static_cast<std::uint32_t>(nodes_.size() - 1);
  r.rdata_offset = static_cast<std::uint32_t>(rdata_.size());
  r.rdata_size = static_cast<std::uint16_t>(rdata.size());
  r.ttl = ttl;
  r.line = line;
  r.type = type;
  r.file = file;
  rdata_.insert(rdata_.end(), rdata.begin(), rdata.end());
  records_.push_back(r);
}

void ZoneContents::merge_equal_names() {
  std::vector<std::uint64_t> keys(nodes_.size());
  for (std::uint32_t i = 0; i < nodes_.size(); ++i) {
    keys[i] = (static_cast<std::uint64_t>(nodes_[i].hash) << 32) | i;
  }
  radix_sort_by_hash(keys);
  // Equal names have equal hashes, so only runs of one hash need comparing; the sort is
  // stable, so the earliest node of a name comes first and the later ones fold into it.
  std::vector<std::uint32_t> alias(nodes_.size(), UINT32_MAX);
  for (std::size_t b = 0; b < keys.size();) {
    std::size_t e = b + 1;
    while (e < keys.size() && (keys[e] >> 32) == (keys[b] >> 32))
      ++e;
    for (std::size_t k = b + 1; k < e; ++k) {
      auto later = static_cast<std::uint32_t>(keys[k]);
      for (std::size_t j = b; j < k; ++j) {
        auto earlier = static_cast<std::uint32_t>(keys[j]);
        if (alias[earlier] == UINT32_MAX &&
            wire::equal(name_of(nodes_[earlier]), name_of(nodes_[later]))) {
          alias[later] = earlier;
          break;
        }
      }
    }
    b = e;
  }
  // Compact in file order (sequential), then renumber records and the index.
  std::vector<std::uint32_t> renumber(nodes_.size());
  std::uint32_t kept = 0;
  for (std::uint32_t i = 0; i < nodes_.size(); ++i) {
    if (alias[i] != UINT32_MAX) {
      renumber[i] = renumber[alias[i]];
      continue;
    }
    renumber[i] = kept;
    nodes_[kept++] = nodes_[i];
  }
  nodes_.resize(kept);
  for (Record& r : records_)
    r.node = renumber[r.node];
  by_hash_.clear();
  by_hash_.reserve(kept);
  for (std::uint64_t k : keys) {
    auto idx = static_cast<std::uint32_t>(k);
    if (alias[idx] == UINT32_MAX) by_hash_.push_back((k & 0xffffffff00000000ull) | renumber[idx]);
  }
}

void ZoneContents::group_records_by_node() {
  // Counting sort by node keeps file order and costs two passes; each node's records are
  // then few, so a stable insertion sort by type finishes the grouping.
  for (Node& n : nodes_)
    n.record_count = 0;
  for (const Record& r : records_)
    ++nodes_[r.node].record_count;
  std::uint32_t at = 0;
  for (Node& n : nodes_) {
    n.first_record = at;
    at += n.record_count;
  }
  // Names are numbered by first appearance, so unless a name came back later in the file
  // the records are grouped already and the scatter can be skipped.
  bool grouped = std::is_sorted(records_.begin(), records_.end(),
                                [](const Record& a, const Record& b) { return a.node < b.node; });
  if (!grouped) {
    std::vector<Record> scattered(records_.size());
    std::vector<std::uint32_t> fill(nodes_.size(), 0);
    for (const Record& r : records_) {
      Node& n = nodes_[r.node];
      scattered[n.first_record + fill[r.node]++] = r;
    }
    records_.swap(scattered);
  }
  std::vector<Record>& sorted = records_;
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
      for (; j > b && (j - 1)->type > v.type; --j)
        *j = *(j - 1);
      *j = v;
    }
  }
}

void ZoneContents::finish() {
  merge_equal_names();
  group_records_by_node();
}

const Node* ZoneContents::find(wire::NameView name) const {
  std::uint64_t h = static_cast<std::uint32_t>(wire::hash(name));
  auto it = std::lower_bound(by_hash_.begin(), by_hash_.end(), h << 32);
  for (; it != by_hash_.end() && (*it >> 32) == h; ++it) {
    const Node& n = nodes_[static_cast<std::uint32_t>(*it)];
    if (wire::equal(name_of(n), name)) return &n;
  }
  return nullptr;
}

void ZoneContents::release_index() {
  std::vector<std::uint64_t>().swap(by_hash_);
}

namespace {

// MADV_DONTNEED on the whole 2 MiB pages below `bytes` from `base`: huge pages go back
// whole, and a page still partly in use is kept.
void discard_below(const void* base, std::size_t bytes) {
  constexpr std::uintptr_t kChunk = 2u << 20;
  const auto begin = (reinterpret_cast<std::uintptr_t>(base) + kChunk - 1) & ~(kChunk - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(base) + bytes) & ~(kChunk - 1);
  if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_DONTNEED);
}

}  // namespace

void ZoneContents::discard_prefix(std::size_t nodes, std::size_t records, std::size_t rdata_bytes) {
  discard_below(nodes_.data(), std::min(nodes, nodes_.size()) * sizeof(Node));
  discard_below(records_.data(), std::min(records, records_.size()) * sizeof(Record));
  discard_below(rdata_.data(), std::min(rdata_bytes, rdata_.size()));
}

void ZoneContents::release_all_but_names() {
  std::vector<std::uint8_t>().swap(rdata_);
  std::vector<Node>().swap(nodes_);
  std::vector<std::uint64_t>().swap(by_hash_);
  std::vector<Record>().swap(records_);
}

void ZoneContents::release_names() {
  std::vector<std::uint8_t>().swap(names_);
}

std::size_t ZoneContents::memory_bytes() const {
  return names_.capacity() + rdata_.capacity() + nodes_.capacity() * sizeof(Node) +
         records_.capacity() * sizeof(Record) + by_hash_.capacity() * sizeof(std::uint64_t);
}

}  // namespace zoned::zone
