#include "wire/message_builder.h"

#include <algorithm>
#include <cstring>

#include "wire/rrtype.h"

namespace zoned::wire {

const char* to_string(BuildError e) {
  switch (e) {
    case BuildError::kOk:
      return "ok";
    case BuildError::kNoSpace:
      return "no space left in the message";
    case BuildError::kSectionOrder:
      return "sections out of order";
    case BuildError::kDuplicateOpt:
      return "more than one OPT record";
    case BuildError::kBadRdata:
      return "malformed RDATA";
  }
  return "unknown error";
}

MessageBuilder::MessageBuilder(std::span<std::uint8_t> buffer, std::size_t max_size)
    : buf_(buffer.data()),
      limit_(std::min({buffer.size(), max_size, kMaxMessageSize})),
      size_(kHeaderSize) {
  // Too small for even a header: every add fails and finish() returns nothing.
  if (limit_ < kHeaderSize) limit_ = size_ = 0;
}

MessageBuilder::Mark MessageBuilder::mark() const {
  return {size_, reserved_, table_.mark(), counts_, section_, has_opt_, sealed_};
}

void MessageBuilder::rollback(const Mark& m) {
  size_ = m.size;
  reserved_ = m.reserved;
  table_.rollback(m.table);
  counts_ = m.counts;
  section_ = m.section;
  has_opt_ = m.has_opt;
  sealed_ = m.sealed;
}

bool MessageBuilder::reserve(std::size_t octets) {
  if (limit_ - size_ - reserved_ < octets) return false;
  reserved_ += octets;
  return true;
}

void MessageBuilder::release(std::size_t octets) {
  reserved_ -= std::min(reserved_, octets);
}

// What OPT or TSIG wrote came out of the reservation kept for it.
void MessageBuilder::use_reserved(std::size_t from_size) {
  release(size_ - from_size);
}

BuildError MessageBuilder::check_order(Section s) const {
  if (sealed_ || s == Section::kQuestion || s < section_) return BuildError::kSectionOrder;
  return BuildError::kOk;
}

BuildError MessageBuilder::add_question(NameView name, std::uint16_t type, std::uint16_t cls) {
  if (sealed_ || section_ != Section::kQuestion) return BuildError::kSectionOrder;
  const std::size_t limit = content_limit();
  Mark m = mark();
  std::size_t pos = write_name(buf_, size_, limit, name, &table_);
  if (pos == 0 || limit - pos < 4) {
    rollback(m);
    return BuildError::kNoSpace;
  }
  store_u16(buf_ + pos, type);
  store_u16(buf_ + pos + 2, cls);
  size_ = pos + 4;
  ++counts_[0];
  return BuildError::kOk;
}

BuildError MessageBuilder::add_rr(Section section, NameView owner, std::uint16_t type,
                                  std::uint16_t cls, std::uint32_t ttl,
                                  std::span<const std::uint8_t> rdata) {
  BuildError e = check_order(section);
  if (e != BuildError::kOk) return e;
  return write_rr(section, {owner}, type, cls, ttl, rdata, content_limit());
}

// After the first record, the owner is known to be in the message: its pointer is reused
// rather than looked up again for every record of the set.
BuildError MessageBuilder::add_rrset(Section section, NameView owner, std::uint16_t type,
                                     std::uint16_t cls, std::uint32_t ttl,
                                     std::span<const std::span<const std::uint8_t>> rdatas) {
  BuildError e = check_order(section);
  if (e != BuildError::kOk) return e;
  Mark m = mark();
  Owner o{owner};
  for (std::span<const std::uint8_t> rdata : rdatas) {
    const std::size_t at = size_;
    e = write_rr(section, o, type, cls, ttl, rdata, content_limit());
    if (e != BuildError::kOk) {
      rollback(m);
      return e;
    }
    if (o.pointer == 0) o.pointer = pointer_to_owner_at(at);
  }
  return BuildError::kOk;
}

// A pointer that stands for the owner name written at `at`, or 0 when none is worth it.
std::uint16_t MessageBuilder::pointer_to_owner_at(std::size_t at) const {
  if ((buf_[at] & 0xC0) == 0xC0) return load_u16(buf_ + at);  // the owner was a pointer
  if (buf_[at] == 0 || at > 0x3FFF) return 0;                 // the root is shorter than a pointer
  return static_cast<std::uint16_t>(0xC000 | at);
}

BuildError MessageBuilder::add_opt(const OptRecord& opt) {
  BuildError e = check_order(Section::kAdditional);
  if (e != BuildError::kOk) return e;
  if (has_opt_) return BuildError::kDuplicateOpt;
  if (counts_[3] == 0xFFFF) return BuildError::kNoSpace;
  std::size_t n = write_opt_record(opt, {buf_ + size_, limit_ - size_});
  if (n == 0) return BuildError::kNoSpace;
  size_ += n;
  release(n);
  ++counts_[3];
  section_ = Section::kAdditional;
  has_opt_ = true;
  return BuildError::kOk;
}

BuildError MessageBuilder::add_tsig(NameView key_name, std::span<const std::uint8_t> rdata) {
  BuildError e = check_order(Section::kAdditional);
  if (e != BuildError::kOk) return e;
  const std::size_t before = size_;
  e = write_rr(Section::kAdditional, {key_name, false}, rrtype::TSIG, rrclass::ANY, 0, rdata,
               limit_);
  if (e != BuildError::kOk) return e;
  use_reserved(before);
  sealed_ = true;
  return BuildError::kOk;
}

std::span<const std::uint8_t> MessageBuilder::finish() {
  if (limit_ == 0) return {};
  header_.qdcount = counts_[0];
  header_.ancount = counts_[1];
  header_.nscount = counts_[2];
  header_.arcount = counts_[3];
  header_.write(buf_);
  return {buf_, size_};
}

std::size_t MessageBuilder::write_owner(const Owner& owner, std::size_t limit) {
  if (owner.pointer == 0)
    return write_name(buf_, size_, limit, owner.name, owner.compress ? &table_ : nullptr);
  if (limit < size_ || limit - size_ < 2) return 0;
  store_u16(buf_ + size_, owner.pointer);
  return size_ + 2;
}

BuildError MessageBuilder::write_rr(Section s, const Owner& owner, std::uint16_t type,
                                    std::uint16_t cls, std::uint32_t ttl,
                                    std::span<const std::uint8_t> rdata, std::size_t limit) {
  if (rdata.size() > kMaxRdataLength) return BuildError::kBadRdata;
  std::uint16_t& count = counts_[static_cast<std::size_t>(s)];
  if (count == 0xFFFF) return BuildError::kNoSpace;
  Mark m = mark();
  BuildError e = BuildError::kNoSpace;
  std::size_t pos = write_owner(owner, limit);
  std::size_t rdata_start = pos + 10;
  if (pos != 0 && limit - pos >= 10) {
    store_u16(buf_ + pos, type);
    store_u16(buf_ + pos + 2, cls);
    store_u32(buf_ + pos + 4, ttl);
    pos = rdata_start;
    e = write_rdata(type, rdata, pos, limit);
  }
  if (e != BuildError::kOk) {
    rollback(m);  // also forgets the names this record taught the compression table
    return e;
  }
  // Compression only shrinks RDATA, so this fits in 16 bits.
  store_u16(buf_ + rdata_start - 2, static_cast<std::uint16_t>(pos - rdata_start));
  size_ = pos;
  ++count;
  section_ = s;
  return BuildError::kOk;
}

namespace {

// Length of the field at `in` of uncompressed RDATA, or false when the RDATA is too short.
bool field_length(RdataFieldSpec f, std::span<const std::uint8_t> rdata, std::size_t in,
                  std::size_t& n) {
  switch (f.kind) {
    case RdataField::kFixed:
      n = f.size;
      break;
    case RdataField::kCharString:
      if (in >= rdata.size()) return false;
      n = 1u + rdata[in];
      break;
    case RdataField::kRest:
      n = rdata.size() - in;
      break;
    case RdataField::kName:
    case RdataField::kEnd:
      return false;
  }
  return rdata.size() - in >= n;
}

}  // namespace

// Copies RDATA, compressing the names of the RFC 1035 types that carry some. Empty RDATA is
// copied as is whatever the type: UPDATE (RFC 2136 §2.4-2.5) uses it with class ANY/NONE.
BuildError MessageBuilder::write_rdata(std::uint16_t type, std::span<const std::uint8_t> rdata,
                                       std::size_t& pos, std::size_t limit) {
  const CompressibleRdata* layout = compressible_rdata(type);
  if (layout == nullptr || !layout->compress_on_build || rdata.empty()) {
    if (limit - pos < rdata.size()) return BuildError::kNoSpace;
    if (!rdata.empty()) std::memcpy(buf_ + pos, rdata.data(), rdata.size());
    pos += rdata.size();
    return BuildError::kOk;
  }
  std::size_t in = 0;
  for (RdataFieldSpec f : layout->fields) {
    if (f.kind == RdataField::kEnd) break;
    if (f.kind == RdataField::kName) {
      NameRead r = read_uncompressed_name(rdata, in, nullptr);
      if (r.error != NameWireError::kOk) return BuildError::kBadRdata;
      pos = write_name(buf_, pos, limit, NameView(rdata.data() + in, r.length), &table_);
      if (pos == 0) return BuildError::kNoSpace;
      in = r.end;
      continue;
    }
    std::size_t n = 0;
    if (!field_length(f, rdata, in, n)) return BuildError::kBadRdata;
    if (limit - pos < n) return BuildError::kNoSpace;
    if (n != 0) std::memcpy(buf_ + pos, rdata.data() + in, n);
    pos += n;
    in += n;
  }
  return in == rdata.size() ? BuildError::kOk : BuildError::kBadRdata;
}

}  // namespace zoned::wire
