#include "zone/extra_records.h"

#include <algorithm>
#include <cstring>

#include "wire/message_header.h"

namespace zoned::zone {

namespace {

constexpr std::size_t kFixed = 10;  // type, class, TTL, RDLENGTH

// Octets of the uncompressed name at `p`; the arena only ever holds valid ones.
std::size_t name_size(const std::uint8_t* p) {
  std::size_t at = 0;
  while (p[at] != 0)
    at += p[at] + 1u;
  return at + 1;
}

// RDATA as octet strings: the common prefix decides, else the shorter comes first.
int compare_rdata(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  const std::size_t n = std::min(a.size(), b.size());
  const int c = n == 0 ? 0 : std::memcmp(a.data(), b.data(), n);
  if (c != 0) return c;
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return 0;
}

}  // namespace

const std::uint8_t* ExtraRecords::read(const std::uint8_t* at, Record& out) {
  const std::size_t n = name_size(at);
  out.owner = wire::NameView(at, n);
  const std::uint8_t* f = at + n;
  out.type = wire::load_u16(f);
  out.rclass = wire::load_u16(f + 2);
  out.ttl = wire::load_u32(f + 4);
  out.rdata = {f + kFixed, wire::load_u16(f + 8)};
  return f + kFixed + out.rdata.size();
}

int ExtraRecords::compare(const Record& a, const Record& b) {
  if (const int c = wire::canonical_compare(a.owner, b.owner); c != 0) return c;
  if (a.type != b.type) return a.type < b.type ? -1 : 1;
  if (const int c = compare_rdata(a.rdata, b.rdata); c != 0) return c;
  if (a.ttl != b.ttl) return a.ttl < b.ttl ? -1 : 1;
  return 0;
}

void ExtraRecords::append(wire::NameView owner, std::uint16_t type, std::uint16_t rclass,
                          std::uint32_t ttl, std::span<const std::uint8_t> rdata) {
  const std::size_t at = data_.size();
  data_.resize(at + owner.size() + kFixed + rdata.size());
  std::uint8_t* p = data_.data() + at;
  std::memcpy(p, owner.data(), owner.size());
  p += owner.size();
  wire::store_u16(p, type);
  wire::store_u16(p + 2, rclass);
  wire::store_u32(p + 4, ttl);
  wire::store_u16(p + 8, static_cast<std::uint16_t>(rdata.size()));
  if (!rdata.empty()) std::memcpy(p + kFixed, rdata.data(), rdata.size());
  ++count_;
}

void ExtraRecords::sort() {
  if (data_.empty()) return;
  struct Entry {
    Record record;
    std::size_t offset;
    std::size_t size;
  };
  std::vector<Entry> entries;
  entries.reserve(count_);
  for (const std::uint8_t* p = first(); p != last();) {
    Entry e;
    const std::uint8_t* next = read(p, e.record);
    e.offset = static_cast<std::size_t>(p - first());
    e.size = static_cast<std::size_t>(next - p);
    entries.push_back(e);
    p = next;
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    if (const int c = compare(a.record, b.record); c != 0) return c < 0;
    const wire::NameView x = a.record.owner, y = b.record.owner;
    const int c = std::memcmp(x.data(), y.data(), std::min(x.size(), y.size()));
    return c != 0 ? c < 0 : a.offset < b.offset;
  });
  std::vector<std::uint8_t> sorted;
  sorted.reserve(data_.size());
  for (const Entry& e : entries)
    sorted.insert(sorted.end(), data_.begin() + static_cast<std::ptrdiff_t>(e.offset),
                  data_.begin() + static_cast<std::ptrdiff_t>(e.offset + e.size));
  data_ = std::move(sorted);
}

}  // namespace zoned::zone
