#include "transfer/zone_delta.h"

#include <cstring>
#include <string>
#include <unordered_map>

#include "wire/message_header.h"
#include "wire/name.h"

namespace zoned::transfer {

namespace {

// Octets of the uncompressed name at `p`, which the arena only ever holds valid.
std::size_t name_size(const std::uint8_t* p) {
  std::size_t at = 0;
  while (p[at] != 0)
    at += p[at] + 1u;
  return at + 1;
}

// Octets of a valid uncompressed name at the start of `b`, or 0.
std::size_t checked_name_size(std::span<const std::uint8_t> b) {
  std::size_t at = 0;
  for (;;) {
    if (at >= b.size() || at >= wire::kMaxNameLength) return 0;
    const std::uint8_t len = b[at];
    if (len == 0) return at + 1;
    if (len > wire::kMaxLabelLength) return 0;
    at += len + 1u;
  }
}

constexpr std::size_t kFixed = 10;  // type, class, TTL, RDLENGTH

class DeltaSink : public zone::DiffSink {
 public:
  explicit DeltaSink(ZoneDelta& d) : d_(d) {}
  void removed(const ZoneRecord& r) override { d_.removed.append(r); }
  void added(const ZoneRecord& r) override { d_.added.append(r); }

 private:
  ZoneDelta& d_;
};

}  // namespace

ZoneRecord RrList::Iterator::operator*() const {
  ZoneRecord r;
  const std::size_t n = name_size(p_);
  r.owner = wire::NameView(p_, n);
  const std::uint8_t* f = p_ + n;
  r.type = wire::load_u16(f);
  r.rclass = wire::load_u16(f + 2);
  r.ttl = wire::load_u32(f + 4);
  r.rdata = {f + kFixed, wire::load_u16(f + 8)};
  return r;
}

RrList::Iterator& RrList::Iterator::operator++() {
  const std::uint8_t* f = p_ + name_size(p_);
  p_ = f + kFixed + wire::load_u16(f + 8);
  return *this;
}

void RrList::append(const ZoneRecord& r) {
  const std::size_t at = data_.size();
  data_.resize(at + r.owner.size() + kFixed + r.rdata.size());
  std::uint8_t* p = data_.data() + at;
  std::memcpy(p, r.owner.data(), r.owner.size());
  p += r.owner.size();
  wire::store_u16(p, r.type);
  wire::store_u16(p + 2, r.rclass);
  wire::store_u32(p + 4, r.ttl);
  wire::store_u16(p + 8, static_cast<std::uint16_t>(r.rdata.size()));
  if (!r.rdata.empty()) std::memcpy(p + kFixed, r.rdata.data(), r.rdata.size());
  ++count_;
}

bool RrList::from_wire(std::span<const std::uint8_t> bytes, std::size_t count, RrList& out) {
  std::size_t at = 0, seen = 0;
  while (at < bytes.size()) {
    const std::size_t n = checked_name_size(bytes.subspan(at));
    if (n == 0 || bytes.size() - at - n < kFixed) return false;
    const std::size_t rdlength = wire::load_u16(bytes.data() + at + n + 8);
    if (bytes.size() - at - n - kFixed < rdlength) return false;
    at += n + kFixed + rdlength;
    ++seen;
  }
  if (seen != count) return false;
  out.data_.assign(bytes.begin(), bytes.end());
  out.count_ = count;
  return true;
}

std::uint32_t soa_serial(std::span<const std::uint8_t> rdata) {
  // SERIAL REFRESH RETRY EXPIRE MINIMUM close the RDATA (RFC 1035 §3.3.13).
  return rdata.size() < 22 ? 0 : wire::load_u32(rdata.data() + rdata.size() - 20);
}

std::uint32_t ZoneDelta::old_serial() const {
  return old_soa.empty() ? 0 : soa_serial(old_soa.front().rdata);
}

std::uint32_t ZoneDelta::new_serial() const {
  return new_soa.empty() ? 0 : soa_serial(new_soa.front().rdata);
}

ZoneDelta make_delta(const zone::ZoneSnapshot& from, const zone::ZoneSnapshot& to,
                     zone::DiffStats* stats) {
  ZoneDelta d;
  ZoneRecord soa;
  if (zone::soa_record(from, soa)) d.old_soa.append(soa);
  if (zone::soa_record(to, soa)) d.new_soa.append(soa);
  DeltaSink sink(d);
  zone::DiffStats s = zone::diff_snapshots(from, to, sink);
  if (stats != nullptr) *stats = s;
  return d;
}

namespace {

// The identity of a record for condensation: lowercased owner, type, class, TTL, RDATA.
void record_key(const ZoneRecord& r, std::string& key) {
  key.resize(r.owner.size() + 8 + r.rdata.size());
  auto* p = reinterpret_cast<std::uint8_t*>(key.data());
  wire::to_lower(r.owner, p);
  p += r.owner.size();
  wire::store_u16(p, r.type);
  wire::store_u16(p + 2, r.rclass);
  wire::store_u32(p + 4, r.ttl);
  if (!r.rdata.empty()) std::memcpy(p + 8, r.rdata.data(), r.rdata.size());
}

}  // namespace

std::optional<ZoneDelta> condense(std::span<const ZoneDelta> chain) {
  if (chain.empty()) return std::nullopt;
  for (std::size_t i = 0; i < chain.size(); ++i) {
    if (chain[i].old_soa.size() != 1 || chain[i].new_soa.size() != 1) return std::nullopt;
    if (i > 0 && chain[i].old_serial() != chain[i - 1].new_serial()) return std::nullopt;
  }
  // Each record's net state, in order of first appearance. The views point into the
  // chain's arenas, which outlive this function's work.
  struct Entry {
    ZoneRecord record;
    bool added;  // else removed
    bool live;
  };
  std::vector<Entry> entries;
  std::unordered_map<std::string, std::size_t> state;  // key -> live entry
  std::string key;
  auto apply = [&](const ZoneRecord& r, bool added) {
    record_key(r, key);
    auto it = state.find(key);
    if (it == state.end()) {
      state.emplace(key, entries.size());
      entries.push_back({r, added, true});
      return;
    }
    Entry& e = entries[it->second];
    // Removed then added again, or added then removed: no net change. The same change
    // twice cannot happen in a consistent chain; the first one stands.
    if (e.added != added) {
      e.live = false;
      state.erase(it);
    }
  };
  for (const ZoneDelta& d : chain) {
    for (ZoneRecord r : d.removed)
      apply(r, false);
    for (ZoneRecord r : d.added)
      apply(r, true);
  }
  ZoneDelta out;
  out.old_soa.append(chain.front().old_soa.front());
  out.new_soa.append(chain.back().new_soa.front());
  for (const Entry& e : entries) {
    if (e.live) (e.added ? out.added : out.removed).append(e.record);
  }
  return out;
}

}  // namespace zoned::transfer
