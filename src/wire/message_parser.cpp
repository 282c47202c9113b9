#include "wire/message_parser.h"

#include <cstring>

#include "wire/name_compression.h"
#include "wire/rdata.h"
#include "wire/rrtype.h"

namespace zoned::wire {

const char* to_string(ParseError e) {
  switch (e) {
    case ParseError::kOk:
      return "ok";
    case ParseError::kTruncatedHeader:
      return "message shorter than its header";
    case ParseError::kMessageTooLong:
      return "message longer than 65535 octets";
    case ParseError::kCountsTooLarge:
      return "section counts larger than the message";
    case ParseError::kTruncated:
      return "message truncated inside a question or record";
    case ParseError::kBadLabelType:
      return "unsupported label type";
    case ParseError::kPointerIntoHeader:
      return "compression pointer into the header";
    case ParseError::kPointerPastEnd:
      return "compression pointer past the end of the message";
    case ParseError::kPointerNotBackward:
      return "compression pointer does not point backwards";
    case ParseError::kTooManyPointers:
      return "too many compression pointers in one name";
    case ParseError::kNameTooLong:
      return "domain name longer than 255 octets";
    case ParseError::kRdataPastEnd:
      return "RDLENGTH past the end of the message";
    case ParseError::kRdataLength:
      return "RDATA does not match RDLENGTH";
    case ParseError::kRdataTooLong:
      return "decompressed RDATA longer than 65535 octets";
    case ParseError::kBadRdata:
      return "malformed RDATA";
    case ParseError::kTrailingData:
      return "trailing data after the last record";
    case ParseError::kOptNotInAdditional:
      return "OPT record outside the additional section";
    case ParseError::kDuplicateOpt:
      return "more than one OPT record";
    case ParseError::kOptOwnerNotRoot:
      return "OPT record owner is not the root";
    case ParseError::kBadOptOptions:
      return "malformed EDNS options";
    case ParseError::kBadCookie:
      return "malformed COOKIE option";
    case ParseError::kTsigNotLast:
      return "TSIG record is not the last record";
    case ParseError::kDuplicateTsig:
      return "more than one TSIG record";
    case ParseError::kTsigBadClass:
      return "TSIG record class is not ANY";
    case ParseError::kBadTsig:
      return "malformed TSIG record";
    case ParseError::kBufferTooSmall:
      return "RDATA buffer too small";
  }
  return "unknown error";
}

namespace {

ParseError from_name_error(NameWireError e) {
  switch (e) {
    case NameWireError::kOk:
      return ParseError::kOk;
    case NameWireError::kTruncated:
      return ParseError::kTruncated;
    case NameWireError::kBadLabelType:
      return ParseError::kBadLabelType;
    case NameWireError::kPointerIntoHeader:
      return ParseError::kPointerIntoHeader;
    case NameWireError::kPointerPastEnd:
      return ParseError::kPointerPastEnd;
    case NameWireError::kPointerNotBackward:
      return ParseError::kPointerNotBackward;
    case NameWireError::kTooManyPointers:
      return ParseError::kTooManyPointers;
    case NameWireError::kNameTooLong:
      return ParseError::kNameTooLong;
    case NameWireError::kCompressed:
      return ParseError::kBadRdata;
  }
  return ParseError::kBadRdata;
}

// The fixed part of a resource record (RFC 1035 §4.1.3).
struct RrHeader {
  std::size_t offset = 0;
  std::uint16_t type = 0;
  std::uint16_t cls = 0;
  std::uint32_t ttl = 0;
  std::size_t rdata_offset = 0;
  std::size_t rdlength = 0;
  std::size_t owner_length = 0;
  std::size_t rdata_end() const { return rdata_offset + rdlength; }
};

ParseError read_rr_header(std::span<const std::uint8_t> m, std::size_t pos, RrHeader& h,
                          std::uint8_t* owner) {
  NameRead n = read_name(m, pos, owner);
  if (n.error != NameWireError::kOk) return from_name_error(n.error);
  if (m.size() - n.end < 10) return ParseError::kTruncated;
  const std::uint8_t* p = m.data() + n.end;
  h.offset = pos;
  h.owner_length = n.length;
  h.type = load_u16(p);
  h.cls = load_u16(p + 2);
  h.ttl = load_u32(p + 4);
  h.rdlength = load_u16(p + 8);
  h.rdata_offset = n.end + 10;
  if (m.size() - h.rdata_offset < h.rdlength) return ParseError::kRdataPastEnd;
  return ParseError::kOk;
}

// RFC 2136 §2.4-2.5: UPDATE prerequisites and deletions carry no RDATA, with class ANY or
// NONE, whatever their type says the RDATA should be.
bool is_empty_update_rdata(const RrHeader& h) {
  return h.rdlength == 0 && (h.cls == rrclass::ANY || h.cls == rrclass::NONE);
}

// Collects decompressed RDATA, or only measures it when it has no buffer.
class RdataSink {
 public:
  RdataSink() = default;
  explicit RdataSink(std::span<std::uint8_t> out) : out_(out), copy_(true) {}
  ParseError put(const std::uint8_t* p, std::size_t n) {
    if (kMaxRdataLength - size_ < n) return ParseError::kRdataTooLong;
    if (copy_ && n != 0) {
      if (out_.size() - size_ < n) return ParseError::kBufferTooSmall;
      std::memcpy(out_.data() + size_, p, n);
    }
    size_ += n;
    return ParseError::kOk;
  }
  bool copies() const { return copy_; }
  std::size_t size() const { return size_; }

 private:
  std::span<std::uint8_t> out_;
  bool copy_ = false;
  std::size_t size_ = 0;
};

// Reads one field of compressible RDATA at `pos` (within `m`, which ends where the RDATA
// ends) into `sink`, and advances `pos`.
ParseError expand_field(std::span<const std::uint8_t> m, RdataFieldSpec f, std::size_t& pos,
                        RdataSink& sink) {
  const std::size_t end = m.size();
  std::size_t n = 0;
  switch (f.kind) {
    case RdataField::kName: {
      std::uint8_t name[kMaxNameLength];
      NameRead r = read_name(m, pos, sink.copies() ? name : nullptr);
      // A name running past the RDATA is a length problem, not a truncated message.
      if (r.error == NameWireError::kTruncated) return ParseError::kRdataLength;
      if (r.error != NameWireError::kOk) return from_name_error(r.error);
      pos = r.end;
      return sink.put(name, r.length);
    }
    case RdataField::kFixed:
      n = f.size;
      break;
    case RdataField::kCharString:
      if (pos >= end) return ParseError::kRdataLength;
      n = 1u + m[pos];
      break;
    case RdataField::kRest:
      n = end - pos;
      break;
    case RdataField::kEnd:
      return pos == end ? ParseError::kOk : ParseError::kRdataLength;
  }
  if (end - pos < n) return ParseError::kRdataLength;
  ParseError e = sink.put(m.data() + pos, n);
  pos += n;
  return e;
}

// Walks the RDATA of a type whose names may be compressed, decompressing into `sink`.
ParseError expand_rdata(std::span<const std::uint8_t> m, const RrHeader& h,
                        const CompressibleRdata& layout, RdataSink& sink) {
  // Pointers may reach back anywhere before the RDATA, but labels must stay inside it.
  std::span<const std::uint8_t> upto = m.first(h.rdata_end());
  std::size_t pos = h.rdata_offset;
  for (RdataFieldSpec f : layout.fields) {
    ParseError e = expand_field(upto, f, pos, sink);
    if (e != ParseError::kOk || f.kind == RdataField::kEnd) return e;
  }
  return pos == upto.size() ? ParseError::kOk : ParseError::kRdataLength;
}

// Layouts without a kRest field decompress to at most 4 + 3 * 256 + 255 octets (NAPTR).
constexpr std::size_t kBoundedRdataMax = 1100;

bool has_rest(const CompressibleRdata& layout) {
  for (RdataFieldSpec f : layout.fields) {
    if (f.kind == RdataField::kRest) return true;
  }
  return false;
}

ParseError validate_rdata(std::span<const std::uint8_t> m, const RrHeader& h) {
  if (is_empty_update_rdata(h)) return ParseError::kOk;
  const CompressibleRdata* layout = compressible_rdata(h.type);
  if (layout == nullptr) {
    return rdata_is_valid(h.type, m.subspan(h.rdata_offset, h.rdlength)) ? ParseError::kOk
                                                                         : ParseError::kBadRdata;
  }
  if (has_rest(*layout)) {
    // SIG and NXT (obsolete) can decompress to 64 KiB: only their structure is checked
    // here, and RecordIterator checks the rest once it has decompressed them.
    RdataSink measure;
    return expand_rdata(m, h, *layout, measure);
  }
  // rdata_is_valid() wants the uncompressed form; this one is small.
  std::uint8_t buf[kBoundedRdataMax];
  RdataSink sink(buf);
  ParseError e = expand_rdata(m, h, *layout, sink);
  if (e == ParseError::kOk && !rdata_is_valid(h.type, {buf, sink.size()}))
    e = ParseError::kBadRdata;
  return e;
}

ParseError from_edns_error(EdnsError e) {
  switch (e) {
    case EdnsError::kOk:
      return ParseError::kOk;
    case EdnsError::kBadOptionLength:
    case EdnsError::kTooManyOptions:
      return ParseError::kBadOptOptions;
    case EdnsError::kBadCookie:
      return ParseError::kBadCookie;
  }
  return ParseError::kBadOptOptions;
}

ParseError take_opt(std::span<const std::uint8_t> m, const RrHeader& h, Section s,
                    MessageInfo& out) {
  if (s != Section::kAdditional) return ParseError::kOptNotInAdditional;
  if (out.has_edns) return ParseError::kDuplicateOpt;
  if (h.owner_length != 1) return ParseError::kOptOwnerNotRoot;
  EdnsError e = parse_opt(h.cls, h.ttl, m.subspan(h.rdata_offset, h.rdlength), out.edns);
  if (e != EdnsError::kOk) return from_edns_error(e);
  out.has_edns = true;
  out.opt_offset = h.offset;
  return ParseError::kOk;
}

std::uint64_t load_u48(const std::uint8_t* p) {
  return (std::uint64_t{load_u16(p)} << 32) | load_u32(p + 2);
}

// TSIG RDATA (RFC 8945 §4.2): algorithm name (never compressed), time signed (48 bits),
// fudge, MAC size and MAC, original id, error, other len and other data.
ParseError parse_tsig_rdata(std::span<const std::uint8_t> m, const RrHeader& h, TsigRecord& t) {
  std::span<const std::uint8_t> upto = m.first(h.rdata_end());
  std::uint8_t name[kMaxNameLength];
  NameRead alg = read_uncompressed_name(upto, h.rdata_offset, name);
  if (alg.error != NameWireError::kOk) return ParseError::kBadTsig;
  t.algorithm.assign(NameView(name, alg.length));
  std::size_t pos = alg.end;
  const std::size_t end = upto.size();
  if (end - pos < 10) return ParseError::kBadTsig;
  t.time_signed = load_u48(m.data() + pos);
  t.fudge = load_u16(m.data() + pos + 6);
  std::size_t mac_size = load_u16(m.data() + pos + 8);
  pos += 10;
  if (end - pos < mac_size + 6) return ParseError::kBadTsig;
  t.mac = m.subspan(pos, mac_size);
  pos += mac_size;
  t.original_id = load_u16(m.data() + pos);
  t.error = load_u16(m.data() + pos + 2);
  std::size_t other_len = load_u16(m.data() + pos + 4);
  pos += 6;
  if (end - pos != other_len) return ParseError::kBadTsig;
  t.other_data = m.subspan(pos, other_len);
  return ParseError::kOk;
}

ParseError take_tsig(std::span<const std::uint8_t> m, const RrHeader& h, Section s,
                     MessageInfo& out) {
  if (s != Section::kAdditional) return ParseError::kTsigNotLast;
  if (h.cls != rrclass::ANY) return ParseError::kTsigBadClass;
  ParseError e = parse_tsig_rdata(m, h, out.tsig);
  if (e != ParseError::kOk) return e;
  std::uint8_t owner[kMaxNameLength];
  NameRead key = read_name(m, h.offset, owner);  // read before, so it cannot fail now
  out.tsig.key_name.assign(NameView(owner, key.length));
  out.tsig.offset = h.offset;
  out.has_tsig = true;
  return ParseError::kOk;
}

ParseError check_record(std::span<const std::uint8_t> m, const RrHeader& h, Section s,
                        MessageInfo& out) {
  // RFC 8945 §5.1: the TSIG must be the very last record.
  if (out.has_tsig)
    return h.type == rrtype::TSIG ? ParseError::kDuplicateTsig : ParseError::kTsigNotLast;
  if (h.type == rrtype::OPT) return take_opt(m, h, s, out);
  if (h.type == rrtype::TSIG) return take_tsig(m, h, s, out);
  return validate_rdata(m, h);
}

ParseError parse_questions(std::span<const std::uint8_t> m, MessageInfo& out, std::size_t& pos) {
  for (std::size_t i = 0; i < out.header.qdcount; ++i) {
    std::uint8_t name[kMaxNameLength];
    NameRead r = read_name(m, pos, i == 0 ? name : nullptr);
    if (r.error != NameWireError::kOk) return from_name_error(r.error);
    if (m.size() - r.end < 4) return ParseError::kTruncated;
    if (i == 0) {
      out.question.name.assign(NameView(name, r.length));
      out.question.type = load_u16(m.data() + r.end);
      out.question.cls = load_u16(m.data() + r.end + 2);
      out.has_question = true;
    }
    pos = r.end + 4;
  }
  return ParseError::kOk;
}

std::uint16_t section_count(const Header& h, std::size_t section) {
  const std::uint16_t counts[4] = {h.qdcount, h.ancount, h.nscount, h.arcount};
  return counts[section];
}

ParseError parse_records(std::span<const std::uint8_t> m, MessageInfo& out, std::size_t& pos) {
  for (std::size_t s = 1; s < 4; ++s) {
    out.section_offset[s] = pos;
    for (std::size_t i = section_count(out.header, s); i > 0; --i) {
      RrHeader h;
      ParseError e = read_rr_header(m, pos, h, nullptr);
      if (e == ParseError::kOk) e = check_record(m, h, static_cast<Section>(s), out);
      if (e != ParseError::kOk) return e;
      pos = h.rdata_end();
    }
  }
  return ParseError::kOk;
}

// A question takes at least 5 octets and a record at least 11: a cheap bound that turns
// away absurd counts before any work.
bool counts_fit(const Header& h, std::size_t size) {
  std::size_t rrs = std::size_t{h.ancount} + h.nscount + h.arcount;
  return kHeaderSize + 5 * std::size_t{h.qdcount} + 11 * rrs <= size;
}

}  // namespace

ParseError parse_message(std::span<const std::uint8_t> m, MessageInfo& out) {
  out.has_question = false;
  out.has_edns = false;
  out.has_tsig = false;
  out.end = 0;
  if (m.size() < kHeaderSize) return ParseError::kTruncatedHeader;
  if (m.size() > kMaxMessageSize) return ParseError::kMessageTooLong;
  out.header = Header::read(m.data());
  if (!counts_fit(out.header, m.size())) return ParseError::kCountsTooLarge;
  std::size_t pos = kHeaderSize;
  out.section_offset[0] = pos;
  ParseError e = parse_questions(m, out, pos);
  if (e == ParseError::kOk) e = parse_records(m, out, pos);
  if (e != ParseError::kOk) return e;
  // Knot and BIND both refuse octets outside the counted records: nothing covers them
  // (not even TSIG) and they hint at a different parse of the message.
  if (pos != m.size()) return ParseError::kTrailingData;
  out.end = pos;
  return ParseError::kOk;
}

// ----- RecordIterator -----

RecordIterator::RecordIterator(std::span<const std::uint8_t> message, const MessageInfo& info,
                               std::span<std::uint8_t> buffer)
    : message_(message),
      buffer_(buffer),
      pos_(info.section_offset[1]),
      left_{0, info.header.ancount, info.header.nscount, info.header.arcount} {}

bool RecordIterator::next(Record& out) {
  if (error_ != ParseError::kOk) return false;
  while (section_ < 4 && left_[section_] == 0)
    ++section_;
  if (section_ == 4) return false;
  std::uint8_t owner[kMaxNameLength];
  RrHeader h;
  error_ = read_rr_header(message_, pos_, h, owner);
  if (error_ != ParseError::kOk) return false;
  out.rdata = message_.subspan(h.rdata_offset, h.rdlength);
  const CompressibleRdata* layout = compressible_rdata(h.type);
  if (layout != nullptr && !is_empty_update_rdata(h)) {
    RdataSink sink(buffer_);
    error_ = expand_rdata(message_, h, *layout, sink);
    if (error_ != ParseError::kOk) return false;
    out.rdata = buffer_.first(sink.size());
    if (!rdata_is_valid(h.type, out.rdata)) error_ = ParseError::kBadRdata;
    if (error_ != ParseError::kOk) return false;
  }
  out.section = static_cast<Section>(section_);
  out.offset = pos_;
  out.owner.assign(NameView(owner, h.owner_length));
  out.type = h.type;
  out.cls = h.cls;
  out.ttl = h.ttl;
  pos_ = h.rdata_end();
  --left_[section_];
  return true;
}

}  // namespace zoned::wire
