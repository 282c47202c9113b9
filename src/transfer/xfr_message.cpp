#include "transfer/xfr_message.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "wire/name_compression.h"

namespace zoned::transfer {

namespace {

using Labels = XfrMessage::Labels;
using Candidate = XfrMessage::Candidate;

constexpr std::size_t kMaxPointerTarget = 0x3FFF;
constexpr std::uint16_t kPointer = 0xC000;

// The types whose RDATA names are compressed, a bit per type: those wire::compressible_rdata
// marks compress_on_build, the RFC 1035 ones (RFC 3597 §4), all below 32. Derived from the
// wire table so the two cannot disagree (xfr_writer_test checks that no type above 31 is
// marked).
std::uint32_t compressed_type_bits() {
  std::uint32_t bits = 0;
  for (std::uint16_t t = 0; t < 32; ++t) {
    const wire::CompressibleRdata* layout = wire::compressible_rdata(t);
    if (layout != nullptr && layout->compress_on_build) bits |= 1u << t;
  }
  return bits;
}
const std::uint32_t kCompressedTypes = compressed_type_bits();

bool compress_rdata_names(std::uint16_t type) {
  return type < 32 && ((kCompressedTypes >> type) & 1u) != 0;
}

// Big-endian stores of one piece each (byte by byte, the compiler keeps them apart).
inline void put16(std::uint8_t* p, std::uint16_t v) {
  if constexpr (std::endian::native == std::endian::little) v = __builtin_bswap16(v);
  std::memcpy(p, &v, 2);
}
// TYPE, CLASS and TTL: the 8 octets after an owner.
inline void put_type_class_ttl(std::uint8_t* p, std::uint16_t type, std::uint16_t rclass,
                               std::uint32_t ttl) {
  std::uint64_t v = (std::uint64_t{type} << 48) | (std::uint64_t{rclass} << 32) | ttl;
  if constexpr (std::endian::native == std::endian::little) v = __builtin_bswap64(v);
  std::memcpy(p, &v, 8);
}

// Copies `n` octets with a few unaligned loads and stores, never touching an octet outside
// [s, s + n) or [d, d + n): the names and most RDATA of a transfer are short, and for them a
// library call, or the `rep movs` the compiler makes of a small memcpy of unknown size,
// costs more than the copy.
inline void copy_octets(std::uint8_t* d, const std::uint8_t* s, std::size_t n) {
  if (n >= 8) {
    if (n <= 16) {
      std::uint64_t a, b;
      std::memcpy(&a, s, 8);
      std::memcpy(&b, s + n - 8, 8);
      std::memcpy(d, &a, 8);
      std::memcpy(d + n - 8, &b, 8);
    } else if (n <= 32) {
      std::uint8_t a[16], b[16];
      std::memcpy(a, s, 16);
      std::memcpy(b, s + n - 16, 16);
      std::memcpy(d, a, 16);
      std::memcpy(d + n - 16, b, 16);
    } else {
      std::memcpy(d, s, n);
    }
  } else if (n >= 4) {
    std::uint32_t a, b;
    std::memcpy(&a, s, 4);
    std::memcpy(&b, s + n - 4, 4);
    std::memcpy(d, &a, 4);
    std::memcpy(d + n - 4, &b, 4);
  } else if (n > 0) {
    d[0] = s[0];
    d[n / 2] = s[n / 2];
    d[n - 1] = s[n - 1];
  }
}

// Byte for byte (so a suffix is shared only when spelled the same, case included), with
// overlapping unaligned loads as in copy_octets.
inline bool same_octets(const std::uint8_t* a, const std::uint8_t* b, std::size_t n) {
  if (n >= 8) {
    for (std::size_t i = 0; i + 8 < n; i += 8) {
      std::uint64_t x, y;
      std::memcpy(&x, a + i, 8);
      std::memcpy(&y, b + i, 8);
      if (x != y) return false;
    }
    std::uint64_t x, y;
    std::memcpy(&x, a + n - 8, 8);
    std::memcpy(&y, b + n - 8, 8);
    return x == y;
  }
  if (n >= 4) {
    std::uint32_t x0, y0, x1, y1;
    std::memcpy(&x0, a, 4);
    std::memcpy(&y0, b, 4);
    std::memcpy(&x1, a + n - 4, 4);
    std::memcpy(&y1, b + n - 4, 4);
    return ((x0 ^ y0) | (x1 ^ y1)) == 0;
  }
  return n == 0 || (a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1]);
}

// The labels of a name known to be valid (an owner: from the snapshot or the delta).
void split_owner(const std::uint8_t* p, std::size_t size, Labels& out) {
  std::uint8_t start[128];
  unsigned count = 0;
  for (unsigned off = 0; p[off] != 0; off += p[off] + 1u)
    start[count++] = static_cast<std::uint8_t>(off);
  for (unsigned i = 0; i < count; ++i)
    out.tail[count - 1 - i] = static_cast<std::uint8_t>(size - start[i]);
  out.name = p;
  out.size = static_cast<std::uint8_t>(size);
  out.count = static_cast<std::uint8_t>(count);
}

// The labels of an uncompressed name at the start of `avail` octets of RDATA; false when
// there is none (runs past the end, a label type other than 0, longer than 255 octets).
bool split_rdata_name(const std::uint8_t* p, std::size_t avail, Labels& out) {
  std::uint8_t start[128];
  std::size_t off = 0;
  unsigned count = 0;
  for (;;) {
    if (off >= avail || off >= wire::kMaxNameLength) return false;
    const std::uint8_t len = p[off];
    if (len == 0) break;
    if (len > wire::kMaxLabelLength) return false;
    start[count++] = static_cast<std::uint8_t>(off);  // off < 255: at most 128 labels
    off += len + 1u;
  }
  const std::size_t size = off + 1;
  for (unsigned i = 0; i < count; ++i)
    out.tail[count - 1 - i] = static_cast<std::uint8_t>(size - start[i]);
  out.name = p;
  out.size = static_cast<std::uint8_t>(size);
  out.count = static_cast<std::uint8_t>(count);
  return true;
}

// The number of labels of the longest suffix of `n` that `c` holds at an offset a pointer
// can reach (0: none), and that offset in `target`. Labels are compared from the root and
// the comparison stops at the first that differs. Equal suffixes of j labels have equal
// tails, so with the j-th equal the (j+1)-th label has the same length exactly when the
// tails of j + 1 labels are equal.
inline unsigned longest_suffix(const Labels& n, const Candidate& c, std::uint16_t& target) {
  const unsigned limit = std::min(n.count, c.count);
  unsigned best = 0;
  for (unsigned j = 0; j < limit; ++j) {
    const unsigned tail = n.tail[j];
    if (tail != c.tail[j]) break;
    const std::uint8_t* a = n.name + (n.size - tail);
    const std::uint8_t* b = c.name + (c.size - tail);
    if (!same_octets(a, b, a[0] + 1u)) break;
    // Labels written literally past 0x3FFF cannot be pointed to, but a longer suffix may
    // (it was written as a pointer back): keep going.
    if (c.at[j] != 0) {
      best = j + 1;
      target = c.at[j];
    }
  }
  return best;
}

}  // namespace

bool XfrMessage::begin(std::span<std::uint8_t> out, std::size_t limit, const wire::Header& header,
                       const wire::Question* question) {
  buf_ = out.data();
  capacity_ = std::min(out.size(), wire::kMaxMessageSize);
  limit_ = std::min(limit, capacity_);
  size_ = 0;
  ancount_ = 0;
  qdcount_ = 0;
  owner_.name = nullptr;
  owner_.size = owner_.count = 0;
  anchor_.name = nullptr;
  anchor_.size = anchor_.count = 0;
  rdata_name_count_ = rdata_name_next_ = 0;
  if (limit_ < wire::kHeaderSize) return false;
  header.write(buf_);
  size_ = wire::kHeaderSize;
  if (question != nullptr) {
    const wire::NameView qname = question->name.view();
    if (limit_ - size_ < qname.size() + 4) return false;
    std::uint8_t* q = buf_ + size_;
    std::memcpy(q, qname.data(), qname.size());
    put16(q + qname.size(), question->type);
    put16(q + qname.size() + 2, question->cls);
    // The question name is the first anchor, its octets those in the message.
    split_owner(q, qname.size(), anchor_);
    for (unsigned j = 0; j < anchor_.count; ++j)
      anchor_.at[j] = static_cast<std::uint16_t>(size_ + qname.size() - anchor_.tail[j]);
    size_ += qname.size() + 4;
    qdcount_ = 1;
  }
  return true;
}

void XfrMessage::set_limit(std::size_t limit) {
  limit_ = std::max(std::min(limit, capacity_), size_);
}

// Inlined into add(), its only caller: a call per record was a tenth of the packing time,
// and g++ does not inline a function this size on its own.
__attribute__((always_inline)) inline std::size_t XfrMessage::take_owner(wire::NameView owner,
                                                                         std::size_t pos,
                                                                         std::size_t& literal,
                                                                         std::uint16_t& target) {
  Candidate& c = owner_;
  const std::uint8_t* o = owner.data();
  const std::size_t size = owner.size();
  const std::uint16_t here = pos <= kMaxPointerTarget ? static_cast<std::uint16_t>(pos) : 0;
  if (c.count > 0 && size > 1) {
    // The same owner as the last record's (the other records of its RRset, the other
    // RRsets of its node: the cursor hands them out with the very same view): one pointer,
    // and nothing to update. The same name from elsewhere (a delta's records) takes the
    // general way below, which ends in the same pointer.
    if (o == c.name && size == c.size && c.at[c.count - 1] != 0) {
      literal = 0;
      target = c.at[c.count - 1];
      return 2;
    }
    // In canonical order the next owner is most often a sibling of the last one (the same
    // name after its first label) or a child (the last owner after its first label): one
    // comparison of that rest, one label written, one entry of owner_ rewritten.
    const std::size_t first = o[0] + 1u;
    const std::size_t rest = size - first;
    unsigned m = 0;  // labels of the rest
    if (rest == c.size) {
      m = c.count;
    } else if (c.count >= 2 && rest == c.tail[c.count - 2]) {
      m = c.count - 1u;
    }
    if (m != 0 && c.at[m - 1] != 0 && same_octets(o + first, c.name + (c.size - rest), rest)) {
      literal = first;
      target = c.at[m - 1];
      c.name = o;
      c.size = static_cast<std::uint8_t>(size);
      c.count = static_cast<std::uint8_t>(m + 1);
      c.tail[m] = static_cast<std::uint8_t>(size);
      c.at[m] = here;
      return first + 2;
    }
  }
  // Any other name: compared label by label with the last owner and the anchor.
  Labels n;
  split_owner(o, size, n);
  std::uint16_t t = 0;
  unsigned m = longest_suffix(n, c, t);
  const Candidate* from = &c;
  if (m < n.count && anchor_.count > m) {
    std::uint16_t ta = 0;
    const unsigned ma = longest_suffix(n, anchor_, ta);
    if (ma > m) {
      m = ma;
      t = ta;
      from = &anchor_;
    }
  }
  // owner_ becomes this name: the entries of the suffix it shares with `from` are from's
  // (owner_'s own, unchanged, when from is owner_), the others where its labels will be.
  if (from != &c) {
    std::copy_n(from->tail.begin(), m, c.tail.begin());
    std::copy_n(from->at.begin(), m, c.at.begin());
  }
  for (unsigned j = m; j < n.count; ++j) {
    c.tail[j] = n.tail[j];
    const std::size_t at = pos + size - n.tail[j];
    c.at[j] = at <= kMaxPointerTarget ? static_cast<std::uint16_t>(at) : 0;
  }
  c.name = o;
  c.size = static_cast<std::uint8_t>(size);
  c.count = n.count;
  if (m == 0) {
    literal = size;
    target = 0;
    return size;
  }
  literal = size - n.tail[m - 1];
  target = t;
  return literal + 2;
}

std::size_t XfrMessage::pack_rdata(const wire::CompressibleRdata& layout,
                                   std::span<const std::uint8_t> rdata, std::size_t at,
                                   bool write) {
  const std::uint8_t* p = rdata.data();
  std::uint8_t* out = buf_ + at;
  const std::size_t size = rdata.size();
  std::size_t in = 0, n = 0;
  // Names to remember once the whole RDATA has been written (it may yet turn out not to
  // follow the layout, and then be copied as it is instead).
  std::array<RdataName, 6> added;
  std::size_t adds = 0;
  auto copy = [&](std::size_t octets) {
    if (write) copy_octets(out + n, p + in, octets);
    in += octets;
    n += octets;
  };
  for (const wire::RdataFieldSpec& f : layout.fields) {
    if (f.kind == wire::RdataField::kEnd) break;
    switch (f.kind) {
      case wire::RdataField::kEnd:
        break;
      case wire::RdataField::kName: {
        Labels name;
        if (!split_rdata_name(p + in, size - in, name)) return 0;
        // The same name, written in a recent RDATA: one pointer.
        std::uint16_t same = 0;
        for (std::size_t i = 0; i < rdata_name_count_; ++i) {
          const RdataName& r = rdata_names_[i];
          if (r.size == name.size && same_octets(r.name, name.name, name.size)) {
            same = r.at;
            break;
          }
        }
        if (same != 0) {
          if (write) put16(out + n, static_cast<std::uint16_t>(kPointer | same));
          n += 2;
          in += name.size;
          break;
        }
        // Else its longest suffix in the owner or the anchor.
        std::uint16_t t = 0;
        unsigned m = longest_suffix(name, owner_, t);
        if (m < name.count && anchor_.count > m) {
          std::uint16_t ta = 0;
          const unsigned ma = longest_suffix(name, anchor_, ta);
          if (ma > m) {
            m = ma;
            t = ta;
          }
        }
        const std::size_t literal = m == 0 ? name.size : name.size - name.tail[m - 1];
        if (write) {
          copy_octets(out + n, name.name, literal);
          if (m != 0) put16(out + n + literal, static_cast<std::uint16_t>(kPointer | t));
          if (literal != 0 && at + n <= kMaxPointerTarget)
            added[adds++] = {name.name, name.size, static_cast<std::uint16_t>(at + n)};
        }
        n += m == 0 ? literal : literal + 2;
        in += name.size;
        break;
      }
      case wire::RdataField::kFixed:
        if (size - in < f.size) return 0;
        copy(f.size);
        break;
      case wire::RdataField::kCharString:
        if (in >= size || size - in < p[in] + 1u) return 0;
        copy(p[in] + 1u);
        break;
      case wire::RdataField::kRest:
        copy(size - in);
        break;
    }
  }
  if (in != size) return 0;
  for (std::size_t i = 0; i < adds; ++i) {
    rdata_names_[rdata_name_next_] = added[i];
    rdata_name_next_ = static_cast<std::uint8_t>((rdata_name_next_ + 1) % kRdataNames);
    if (rdata_name_count_ < kRdataNames) ++rdata_name_count_;
  }
  return n;
}

XfrMessage::Add XfrMessage::add(wire::NameView owner, std::uint16_t type, std::uint16_t rclass,
                                std::uint32_t ttl, std::span<const std::uint8_t> rdata) {
  const std::size_t pos = size_;
  std::size_t literal = 0;
  std::uint16_t target = 0;
  const std::size_t fixed = take_owner(owner, pos, literal, target) + 10;

  // The RDATA, and whether the record fits. Compressed RDATA is never longer than the
  // uncompressed form, so when that fits it is written in one pass; otherwise measured first.
  const std::size_t room = limit_ - pos;
  std::size_t rdata_octets = rdata.size();
  const wire::CompressibleRdata* layout =
      compress_rdata_names(type) ? wire::compressible_rdata(type) : nullptr;
  if (layout != nullptr && fixed + rdata.size() > room) {
    rdata_octets = pack_rdata(*layout, rdata, pos + fixed, false);
    if (rdata_octets == 0) {
      layout = nullptr;
      rdata_octets = rdata.size();
    }
  }
  if (fixed + rdata_octets > room) {
    owner_.name = nullptr;  // it was not written after all
    owner_.size = owner_.count = 0;
    return Add::kFull;
  }

  std::uint8_t* p = buf_ + pos;
  copy_octets(p, owner.data(), literal);
  if (target != 0) put16(p + literal, static_cast<std::uint16_t>(kPointer | target));
  p += fixed - 10;
  put_type_class_ttl(p, type, rclass, ttl);
  if (layout != nullptr) {
    rdata_octets = pack_rdata(*layout, rdata, pos + fixed, true);
    if (rdata_octets == 0) layout = nullptr;  // not its layout: copied as it is
  }
  if (layout == nullptr) {
    rdata_octets = rdata.size();
    copy_octets(p + 10, rdata.data(), rdata_octets);
  }
  put16(p + 8, static_cast<std::uint16_t>(rdata_octets));
  size_ = pos + fixed + rdata_octets;

  // The message's first owner becomes the anchor when there is no question, or when the
  // question does not share even the last label with it as spelled (a client asking in
  // another case than the zone's): names then compress against the zone's own spelling.
  if (ancount_ == 0 && owner_.count != 0) {
    std::uint16_t t = 0;
    if (anchor_.count == 0 || longest_suffix(owner_, anchor_, t) == 0) {
      anchor_.name = owner_.name;
      anchor_.size = owner_.size;
      anchor_.count = owner_.count;
      std::copy_n(owner_.tail.begin(), owner_.count, anchor_.tail.begin());
      std::copy_n(owner_.at.begin(), owner_.count, anchor_.at.begin());
    }
  }
  ++ancount_;
  return Add::kOk;
}

std::size_t XfrMessage::finish() {
  put16(buf_ + 4, qdcount_);
  put16(buf_ + 6, ancount_);
  put16(buf_ + 8, 0);
  put16(buf_ + 10, 0);
  return size_;
}

}  // namespace zoned::transfer
