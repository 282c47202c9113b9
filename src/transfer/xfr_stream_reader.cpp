#include "transfer/xfr_stream_reader.h"

#include <utility>

#include "wire/message_header.h"
#include "wire/rrtype.h"
#include "wire/serial.h"

namespace zoned::transfer {
namespace {

namespace rrtype = wire::rrtype;
namespace rrclass = wire::rrclass;

// "www.example.org. A", for errors about a record.
std::string describe(const wire::Record& r) {
  return wire::to_text(r.owner) + " " + wire::type_to_text(r.type);
}

std::string serial_text(std::uint32_t serial) {
  return std::to_string(serial);
}

}  // namespace

XfrStreamReader::XfrStreamReader(wire::NameView apex, std::uint16_t qtype, std::uint16_t query_id,
                                 std::uint32_t current_serial, const wire::TsigKey* key,
                                 const wire::TsigMac* request_mac, XfrLimits limits)
    : apex_(apex),
      qtype_(qtype),
      query_id_(query_id),
      current_serial_(current_serial),
      limits_(limits),
      rdata_buffer_(wire::kMaxRdataLength) {
  if (key != nullptr)
    verifier_.emplace(*key, request_mac != nullptr ? *request_mac : wire::TsigMac{});
}

XfrStreamReader::~XfrStreamReader() = default;

std::string XfrStreamReader::where() const {
  return "message " + std::to_string(result_.messages) + ": ";
}

XfrStreamReader::Status XfrStreamReader::fail(std::string error) {
  result_.kind = XfrResult::Kind::kFailed;
  result_.error = std::move(error);
  result_.contents.reset();
  result_.deltas.clear();
  status_ = Status::kFailed;
  return status_;
}

XfrStreamReader::Status XfrStreamReader::add(std::span<const std::uint8_t> message,
                                             std::uint64_t now) {
  if (status_ == Status::kFailed) return status_;
  ++result_.messages;
  result_.bytes += message.size();
  if (status_ == Status::kDone) return fail(where() + "data after the end of the transfer");
  if (qtype_ != rrtype::AXFR && qtype_ != rrtype::IXFR)
    return fail("the query type " + wire::type_to_text(qtype_) + " is not AXFR or IXFR");
  if (limits_.octets != 0 && result_.bytes > limits_.octets) {
    return fail(where() + "the transfer exceeds the size limit of " +
                std::to_string(limits_.octets) + " octets (size-limit-xfr)");
  }

  wire::MessageInfo info;
  const wire::ParseError parsed = wire::parse_message(message, info);
  if (parsed != wire::ParseError::kOk)
    return fail(where() + "malformed message: " + wire::to_string(parsed));
  if (!check_message(message, info, now)) return status_;

  answers_in_message_ = 0;
  wire::RecordIterator it(message, info, rdata_buffer_);
  wire::Record r;
  while (it.next(r)) {
    if (r.section != wire::Section::kAnswer) continue;  // authority, additional: not data
    ++answers_in_message_;
    ++result_.records;
    if (!take_record(r)) return status_;
  }
  if (it.error() != wire::ParseError::kOk)
    return fail(where() + "malformed record: " + wire::to_string(it.error()));
  return end_of_message();
}

bool XfrStreamReader::check_message(std::span<const std::uint8_t> message,
                                    const wire::MessageInfo& info, std::uint64_t now) {
  const wire::Header& h = info.header;
  if (h.id != query_id_) {
    fail(where() + "id " + std::to_string(h.id) + ", the query's was " + std::to_string(query_id_));
    return false;
  }
  if (!h.has(wire::flag::QR)) {
    fail(where() + "not a response (QR clear)");
    return false;
  }
  if (h.opcode() != wire::Opcode::kQuery) {
    fail(where() + "opcode " + wire::to_string(h.opcode()) + ", not QUERY");
    return false;
  }
  if (h.has(wire::flag::TC)) {
    fail(where() + "truncated (TC set)");
    return false;
  }
  const wire::Rcode rcode =
      wire::combine_rcode(h.rcode_bits(), info.has_edns ? info.edns.extended_rcode : 0);
  // An error answer left unsigned to a signed query (some primaries do not sign refusals):
  // reported as the rcode it is, which at worst makes the caller try AXFR (verified too).
  if (rcode != wire::Rcode::kNoError && verifier_ && !info.has_tsig) {
    result_.rcode = rcode;
    fail(where() + "the primary answered " + wire::to_string(rcode) + " (unsigned)");
    return false;
  }
  if (!check_tsig(message, info, now)) {
    if (verifier_ && verifier_->peer_error() != 0 && rcode != wire::Rcode::kNoError)
      result_.rcode = rcode;
    return false;
  }
  if (rcode != wire::Rcode::kNoError) {
    result_.rcode = rcode;
    fail(where() + "the primary answered " + wire::to_string(rcode));
    return false;
  }
  if (h.qdcount > 1) {
    fail(where() + std::to_string(h.qdcount) + " questions");
    return false;
  }
  if (info.has_question) {
    const wire::Question& q = info.question;
    if (!wire::equal(q.name, apex_) || q.type != qtype_ || q.cls != rrclass::IN) {
      fail(where() + "the question is " + wire::to_text(q.name) + " " + wire::class_to_text(q.cls) +
           " " + wire::type_to_text(q.type) + ", not " + wire::to_text(apex_) + " IN " +
           wire::type_to_text(qtype_));
      return false;
    }
  }
  return true;
}

bool XfrStreamReader::check_tsig(std::span<const std::uint8_t> message,
                                 const wire::MessageInfo& info, std::uint64_t now) {
  if (!verifier_) {
    if (!info.has_tsig) return true;
    fail(where() + "TSIG: signed with key " + wire::to_text(info.tsig.key_name) +
         ", but the query was not signed");
    return false;
  }
  const wire::Rcode e = verifier_->verify(message, info, now);
  if (e == wire::Rcode::kNoError) return true;
  std::string what;
  switch (e) {
    case wire::Rcode::kFormErr:
      if (!info.has_tsig) {
        what = result_.messages == 1 ? "the first message is not signed"
                                     : "more than 99 unsigned messages in a row";
      } else {
        what = "FORMERR (bad MAC size)";
      }
      break;
    case wire::Rcode::kNotAuth:
      what = std::string("the primary reports ") +
             wire::tsig_error_name(static_cast<wire::Rcode>(verifier_->peer_error()));
      break;
    case wire::Rcode::kBadKey:
      what =
          "BADKEY (signed with key " + wire::to_text(info.tsig.key_name) + " or another algorithm)";
      break;
    case wire::Rcode::kServFail:
      what = "the HMAC could not be computed";
      break;
    default:  // BADSIG, BADTIME, BADTRUNC
      what = wire::tsig_error_name(e);
      break;
  }
  fail(where() + "TSIG: " + what);
  return false;
}

bool XfrStreamReader::take_record(const wire::Record& r) {
  if (stage_ == Stage::kEnd) {
    fail(where() + "data after the end of the transfer (" + describe(r) + ")");
    return false;
  }
  if (r.cls != rrclass::IN) {
    fail(where() + "record " + describe(r) + " is class " + wire::class_to_text(r.cls) +
         ", not IN");
    return false;
  }
  if (!wire::is_subdomain(r.owner, apex_)) {
    fail(where() + "record " + wire::to_text(r.owner) + " is outside the zone " +
         wire::to_text(apex_));
    return false;
  }
  if (r.type == 0 || wire::is_meta_type(r.type)) {
    fail(where() + "record " + describe(r) + " is not zone data");
    return false;
  }
  // Every NXDOMAIN answer hashes its name `iterations` times: a primary must not be able to
  // make each denial cost a secondary thousands of hashes (NSD issue #166).
  if ((r.type == rrtype::NSEC3 || r.type == rrtype::NSEC3PARAM) && r.rdata.size() >= 4 &&
      wire::load_u16(r.rdata.data() + 2) > kMaxNsec3Iterations) {
    fail(where() + "record " + wire::to_text(r.owner) + " " + wire::type_to_text(r.type) + " has " +
         std::to_string(wire::load_u16(r.rdata.data() + 2)) +
         " NSEC3 iterations, more than zoned accepts (" + std::to_string(kMaxNsec3Iterations) +
         "; RFC 9276 asks for 0)");
    return false;
  }
  const bool apex_soa = r.type == rrtype::SOA && wire::equal(r.owner, apex_);
  const std::uint32_t serial = apex_soa ? soa_serial(r.rdata) : 0;
  switch (stage_) {
    case Stage::kFirstSoa:
      return take_first_soa(r);
    case Stage::kSecondIxfr:
      if (apex_soa && serial == current_serial_ && wire::serial_gt(result_.serial, serial)) {
        result_.deltas.emplace_back();
        result_.deltas.back().old_soa.append({r.owner, r.type, r.cls, r.ttl, r.rdata});
        last_serial_ = serial;
        stage_ = Stage::kDeltaRemoved;
        return true;
      }
      start_zone();  // AXFR-style: this record is the zone's second
      return take_zone_record(r);
    case Stage::kZone:
      return take_zone_record(r);
    case Stage::kDeltaRemoved:
    case Stage::kDeltaAdded: {
      if (apex_soa) return take_delta_soa(r, serial);
      if (!count_delta_record()) return false;
      ZoneDelta& d = result_.deltas.back();
      (stage_ == Stage::kDeltaRemoved ? d.removed : d.added)
          .append({r.owner, r.type, r.cls, r.ttl, r.rdata});
      return true;
    }
    case Stage::kEnd:
      break;
  }
  return true;
}

bool XfrStreamReader::take_first_soa(const wire::Record& r) {
  if (r.type != rrtype::SOA || !wire::equal(r.owner, apex_)) {
    fail(where() + "the first record is " + describe(r) + ", not the SOA of " +
         wire::to_text(apex_));
    return false;
  }
  result_.serial = soa_serial(r.rdata);
  first_ttl_ = r.ttl;
  first_rdata_.assign(r.rdata.begin(), r.rdata.end());
  if (qtype_ == rrtype::IXFR) {
    stage_ = Stage::kSecondIxfr;
  } else {
    start_zone();
  }
  return true;
}

void XfrStreamReader::start_zone() {
  result_.contents = std::make_unique<zone::ZoneContents>(apex_);
  result_.contents->add(apex_, rrtype::SOA, first_ttl_, first_rdata_, 0, 0);
  zone_records_ = 1;
  stage_ = Stage::kZone;
}

bool XfrStreamReader::count_zone_record() {
  if (limits_.records == 0 || ++zone_records_ <= limits_.records) return true;
  fail(where() + "the zone has more than " + std::to_string(limits_.records) +
       " records (max-records)");
  return false;
}

bool XfrStreamReader::count_delta_record() {
  if (limits_.records == 0) return true;
  // One delta can at most remove the whole zone and add a new one; a chain that changes
  // more than that is cheaper as an AXFR, where the zone's own count is checked.
  if ((++delta_records_ + 1) / 2 <= limits_.records) return true;
  fail(where() + "the IXFR removes and adds more than " + std::to_string(2 * limits_.records) +
       " records, twice max-records (" + std::to_string(limits_.records) + ")");
  return false;
}

bool XfrStreamReader::take_zone_record(const wire::Record& r) {
  if (r.type == rrtype::SOA && wire::equal(r.owner, apex_)) {
    const std::uint32_t serial = soa_serial(r.rdata);
    if (serial != result_.serial) {
      fail(where() + "an SOA of serial " + serial_text(serial) +
           " in the middle of the transfer of serial " + serial_text(result_.serial));
      return false;
    }
    stage_ = Stage::kEnd;
    return true;
  }
  if (!count_zone_record()) return false;
  result_.contents->add(r.owner, r.type, r.ttl, r.rdata, 0, 0);
  return true;
}

bool XfrStreamReader::take_delta_soa(const wire::Record& r, std::uint32_t serial) {
  const zone::ZoneRecord record{r.owner, r.type, r.cls, r.ttl, r.rdata};
  if (stage_ == Stage::kDeltaRemoved) {  // the delta's new SOA
    if (!wire::serial_gt(serial, last_serial_)) {
      fail(where() + "a delta from serial " + serial_text(last_serial_) + " to serial " +
           serial_text(serial) + " does not go forward");
      return false;
    }
    if (wire::serial_gt(serial, result_.serial)) {
      fail(where() + "a delta to serial " + serial_text(serial) + " goes past the primary's " +
           serial_text(result_.serial));
      return false;
    }
    result_.deltas.back().new_soa.append(record);
    last_serial_ = serial;
    stage_ = Stage::kDeltaAdded;
    return true;
  }
  // Where the next delta's old SOA goes: the primary's serial once the deltas reached it.
  if (serial == result_.serial && last_serial_ == result_.serial) {
    stage_ = Stage::kEnd;
    return true;
  }
  if (serial != last_serial_) {
    fail(where() + "IXFR serial gap: a delta from serial " + serial_text(serial) +
         " follows the delta to serial " + serial_text(last_serial_));
    return false;
  }
  result_.deltas.emplace_back();
  result_.deltas.back().old_soa.append(record);
  stage_ = Stage::kDeltaRemoved;
  return true;
}

XfrStreamReader::Status XfrStreamReader::end_of_message() {
  switch (stage_) {
    case Stage::kFirstSoa:
      return fail(where() + "no records (the first must be the zone's SOA)");
    case Stage::kSecondIxfr: {
      // The IXFR answer of a single SOA (RFC 1995 §2, §4): the first message held nothing else.
      if (answers_in_message_ != 1 || result_.messages != 1) break;
      const std::uint32_t serial = result_.serial;
      if (verifier_ && !verifier_->complete()) return fail("the last message is not signed");
      if (serial == current_serial_ || wire::serial_lt(serial, current_serial_)) {
        result_.kind = XfrResult::Kind::kUpToDate;
        status_ = Status::kDone;
        return status_;
      }
      if (wire::serial_gt(serial, current_serial_)) {
        result_.needs_axfr = true;
        return fail("the primary answered the IXFR with its SOA of serial " + serial_text(serial) +
                    " only: ask again by AXFR");
      }
      return fail("the primary's serial " + serial_text(serial) +
                  " has no defined order against ours, " + serial_text(current_serial_));
    }
    case Stage::kEnd:
      if (verifier_ && !verifier_->complete()) return fail("the last message is not signed");
      if (result_.contents) {
        result_.contents->finish();
        result_.kind = XfrResult::Kind::kFull;
      } else {
        result_.kind = XfrResult::Kind::kIncremental;
      }
      status_ = Status::kDone;
      return status_;
    case Stage::kZone:
    case Stage::kDeltaRemoved:
    case Stage::kDeltaAdded:
      break;
  }
  return Status::kMore;
}

XfrResult XfrStreamReader::take() {
  if (status_ == Status::kMore) fail("the transfer is incomplete");
  return std::move(result_);
}

}  // namespace zoned::transfer
