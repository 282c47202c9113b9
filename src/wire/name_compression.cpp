#include "wire/name_compression.h"

#include <cstring>

#include "wire/message_header.h"
#include "wire/rrtype.h"

namespace zoned::wire {

const char* to_string(NameWireError e) {
  switch (e) {
    case NameWireError::kOk:
      return "ok";
    case NameWireError::kTruncated:
      return "domain name runs past the end of the data";
    case NameWireError::kBadLabelType:
      return "unsupported label type";
    case NameWireError::kPointerIntoHeader:
      return "compression pointer into the header";
    case NameWireError::kPointerPastEnd:
      return "compression pointer past the end of the message";
    case NameWireError::kPointerNotBackward:
      return "compression pointer does not point backwards";
    case NameWireError::kTooManyPointers:
      return "too many compression pointers in one name";
    case NameWireError::kNameTooLong:
      return "domain name longer than 255 octets";
    case NameWireError::kCompressed:
      return "compressed domain name where compression is not allowed";
  }
  return "unknown error";
}

namespace {

// Checks one compression pointer at `pos` (two octets available) against the rules of
// read_name and returns where it leads.
NameWireError follow_pointer(std::span<const std::uint8_t> m, std::size_t pos, std::size_t bound,
                             std::size_t& target) {
  target = (std::size_t{m[pos] & 0x3Fu} << 8) | m[pos + 1];
  if (target < kHeaderSize) return NameWireError::kPointerIntoHeader;
  if (target >= m.size()) return NameWireError::kPointerPastEnd;
  if (target >= bound) return NameWireError::kPointerNotBackward;
  return NameWireError::kOk;
}

NameRead read_name_impl(std::span<const std::uint8_t> m, std::size_t offset, std::uint8_t* out,
                        bool allow_pointers) {
  NameRead r;
  std::size_t pos = offset;
  std::size_t bound = offset;  // pointers must land strictly before this
  unsigned hops = 0;
  for (;;) {
    if (pos >= m.size()) return {NameWireError::kTruncated, 0, 0};
    std::uint8_t len = m[pos];
    if ((len & 0xC0) == 0xC0) {
      if (!allow_pointers) return {NameWireError::kCompressed, 0, 0};
      if (pos + 1 >= m.size()) return {NameWireError::kTruncated, 0, 0};
      if (r.end == 0) r.end = pos + 2;
      std::size_t target = 0;
      NameWireError e = follow_pointer(m, pos, bound, target);
      if (e != NameWireError::kOk) return {e, 0, 0};
      if (++hops > kMaxPointerHops) return {NameWireError::kTooManyPointers, 0, 0};
      bound = pos = target;
      continue;
    }
    if (len > kMaxLabelLength) return {NameWireError::kBadLabelType, 0, 0};
    // Room is needed for this label and, later, the root octet.
    if (len != 0 && r.length + len + 2 > kMaxNameLength) return {NameWireError::kNameTooLong, 0, 0};
    if (m.size() - pos < len + 1u) return {NameWireError::kTruncated, 0, 0};
    if (out != nullptr) std::memcpy(out + r.length, m.data() + pos, len + 1u);
    r.length += len + 1u;
    pos += len + 1u;
    if (len == 0) break;
  }
  if (r.end == 0) r.end = pos;
  return r;
}

}  // namespace

NameRead read_name(std::span<const std::uint8_t> message, std::size_t offset, std::uint8_t* out) {
  return read_name_impl(message, offset, out, true);
}

NameRead read_uncompressed_name(std::span<const std::uint8_t> message, std::size_t offset,
                                std::uint8_t* out) {
  return read_name_impl(message, offset, out, false);
}

// ----- RDATA layouts -----

namespace {

constexpr RdataFieldSpec kName{RdataField::kName, 0};
constexpr RdataFieldSpec kEnd{RdataField::kEnd, 0};
constexpr RdataFieldSpec kStr{RdataField::kCharString, 0};
constexpr RdataFieldSpec kRest{RdataField::kRest, 0};
constexpr RdataFieldSpec fixed(std::uint8_t n) {
  return {RdataField::kFixed, n};
}

constexpr CompressibleRdata kOneName{{kName, kEnd}, true};                // NS CNAME PTR ..
constexpr CompressibleRdata kSoa{{kName, kName, fixed(20), kEnd}, true};  // RFC 1035 3.3.13
constexpr CompressibleRdata kMinfo{{kName, kName, kEnd}, true};           // RFC 1035 3.3.7
constexpr CompressibleRdata kMx{{fixed(2), kName, kEnd}, true};           // RFC 1035 3.3.9
constexpr CompressibleRdata kTwoNames{{kName, kName, kEnd}, false};       // RP
constexpr CompressibleRdata kPrefName{{fixed(2), kName, kEnd}, false};    // AFSDB RT
constexpr CompressibleRdata kPx{{fixed(2), kName, kName, kEnd}, false};   // RFC 2163
constexpr CompressibleRdata kSrv{{fixed(6), kName, kEnd}, false};         // RFC 2782
constexpr CompressibleRdata kNaptr{{fixed(4), kStr, kStr, kStr, kName, kEnd}, false};
constexpr CompressibleRdata kSig{{fixed(18), kName, kRest, kEnd}, false};  // RFC 2535
constexpr CompressibleRdata kNxt{{kName, kRest, kEnd}, false};             // RFC 2535

}  // namespace

const CompressibleRdata* compressible_rdata(std::uint16_t type) {
  switch (type) {
    case rrtype::NS:
    case rrtype::MD:
    case rrtype::MF:
    case rrtype::CNAME:
    case rrtype::MB:
    case rrtype::MG:
    case rrtype::MR:
    case rrtype::PTR:
      return &kOneName;
    case rrtype::SOA:
      return &kSoa;
    case rrtype::MINFO:
      return &kMinfo;
    case rrtype::MX:
      return &kMx;
    case rrtype::RP:
      return &kTwoNames;
    case rrtype::AFSDB:
    case rrtype::RT:
      return &kPrefName;
    case rrtype::PX:
      return &kPx;
    case rrtype::SRV:
      return &kSrv;
    case rrtype::NAPTR:
      return &kNaptr;
    case rrtype::SIG:
      return &kSig;
    case rrtype::NXT:
      return &kNxt;
    default:
      return nullptr;
  }
}

// ----- compression table -----

namespace {

// Per octet only a rotate and an xor (a multiply per octet was the builder's hottest spot);
// one multiply per suffix then spreads the bits over the buckets.
std::uint32_t mix(std::uint32_t h, std::uint8_t c) {
  return ((h << 5) | (h >> 27)) ^ c;
}
std::uint32_t finish_hash(std::uint32_t h) {
  h *= 0x9E3779B1u;
  return h ^ (h >> 16);
}

bool same_label(const std::uint8_t* a, const std::uint8_t* b, std::size_t len) {
  if (std::memcmp(a, b, len) == 0) return true;  // the usual case: same spelling
  for (std::size_t i = 0; i < len; ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

// True when the uncompressed `suffix` equals the name written at message[offset]
// (which may itself continue through pointers the builder wrote, all backwards).
bool same_name(const std::uint8_t* message, std::size_t offset, const std::uint8_t* suffix) {
  for (unsigned hops = 0; hops <= kMaxPointerHops;) {
    std::uint8_t len = message[offset];
    if ((len & 0xC0) == 0xC0) {
      offset = (std::size_t{len & 0x3Fu} << 8) | message[offset + 1];
      ++hops;
      continue;
    }
    if (len != *suffix) return false;
    if (len == 0) return true;
    if (!same_label(message + offset + 1, suffix + 1, len)) return false;
    offset += len + 1u;
    suffix += len + 1u;
  }
  return false;
}

}  // namespace

NameSuffixes::NameSuffixes(NameView name) {
  const std::uint8_t* p = name.data();
  for (std::size_t off = 0; p[off] != 0; off += p[off] + 1u)
    start[count++] = static_cast<std::uint8_t>(off);
  // Hash from the root leftwards so each suffix's hash extends the next one's.
  std::uint32_t h = 0;
  for (std::size_t i = count; i-- > 0;) {
    const std::uint8_t* label = p + start[i];
    h = mix(h, label[0]);
    for (std::size_t j = 1; j <= label[0]; ++j)
      h = mix(h, ascii_lower(label[j]));
    hash[i] = finish_hash(h);
  }
}

CompressionTable::CompressionTable() {
  heads_.fill(kNone);
}

CompressionTable::Match CompressionTable::find(const std::uint8_t* message, NameView name,
                                               const NameSuffixes& s) const {
  for (std::size_t i = 0; i < s.count; ++i) {
    for (std::uint16_t e = heads_[s.hash[i] & (kBuckets - 1)]; e != kNone; e = entries_[e].next) {
      const Entry& entry = entries_[e];
      if (entry.hash == s.hash[i] && same_name(message, entry.offset, name.data() + s.start[i]))
        return {s.start[i], i, entry.offset, true};
    }
  }
  return {name.size() - 1, s.count, 0, false};
}

void CompressionTable::insert(const NameSuffixes& s, std::size_t label_end, std::size_t at) {
  for (std::size_t i = 0; i < label_end && count_ < kCapacity; ++i) {
    std::size_t offset = at + s.start[i];
    if (offset > 0x3FFF) return;  // a 14-bit pointer cannot reach it, nor the labels after it
    std::uint16_t& head = heads_[s.hash[i] & (kBuckets - 1)];
    entries_[count_] = {s.hash[i], static_cast<std::uint16_t>(offset), head};
    head = static_cast<std::uint16_t>(count_++);
  }
}

void CompressionTable::rollback(std::size_t mark) {
  // Newest first: each entry is the head of its bucket when it is removed.
  while (count_ > mark) {
    const Entry& e = entries_[--count_];
    heads_[e.hash & (kBuckets - 1)] = e.next;
  }
}

std::size_t write_name(std::uint8_t* message, std::size_t pos, std::size_t limit, NameView name,
                       CompressionTable* table) {
  if (table == nullptr) {
    if (limit < pos || limit - pos < name.size()) return 0;
    std::memcpy(message + pos, name.data(), name.size());
    return pos + name.size();
  }
  NameSuffixes s(name);
  CompressionTable::Match m = table->find(message, name, s);
  std::size_t need = m.literal_octets + (m.found ? 2 : 1);
  if (limit < pos || limit - pos < need) return 0;
  std::memcpy(message + pos, name.data(), m.literal_octets);
  if (m.found) {
    store_u16(message + pos + m.literal_octets, static_cast<std::uint16_t>(0xC000 | m.pointer));
  } else {
    message[pos + m.literal_octets] = 0;
  }
  table->insert(s, m.label_index, pos);
  return pos + need;
}

}  // namespace zoned::wire
