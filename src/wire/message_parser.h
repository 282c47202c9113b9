// Parsing received DNS messages without allocating or throwing.
//
// parse_message() validates the whole message up front (header, every name, every RR's
// framing and RDATA, OPT and TSIG placement, no trailing octets) and extracts what a query
// needs: the header, the first question, EDNS and where the TSIG is. RecordIterator then
// walks the records of a validated message (zone transfers, updates), handing out each RR
// with its RDATA in uncompressed form. Only the RDATA of the obsolete SIG and NXT types is
// checked by rdata_is_valid() in RecordIterator rather than up front (it can decompress to
// 64 KiB); everything else RecordIterator hands out was already validated.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "wire/edns.h"
#include "wire/message_header.h"
#include "wire/name.h"

namespace zoned::wire {

enum class ParseError : std::uint8_t {
  kOk,
  kTruncatedHeader,  // fewer than 12 octets: nothing can be answered
  kMessageTooLong,   // more than 65535 octets
  kCountsTooLarge,   // the section counts need more octets than the message has
  kTruncated,        // a question or RR runs past the end of the message
  // names
  kBadLabelType,
  kPointerIntoHeader,
  kPointerPastEnd,
  kPointerNotBackward,
  kTooManyPointers,
  kNameTooLong,
  // RDATA
  kRdataPastEnd,  // RDLENGTH goes past the end of the message
  kRdataLength,   // the RDATA's fields do not fill exactly RDLENGTH octets
  kRdataTooLong,  // more than 65535 octets once its names are decompressed
  kBadRdata,      // rdata_is_valid() said no
  kTrailingData,  // octets after the last counted record
  // EDNS (RFC 6891 §6.1.1: each of these is a FORMERR)
  kOptNotInAdditional,
  kDuplicateOpt,
  kOptOwnerNotRoot,
  kBadOptOptions,
  kBadCookie,
  // TSIG (RFC 8945 §5.1: FORMERR)
  kTsigNotLast,
  kDuplicateTsig,
  kTsigBadClass,
  kBadTsig,
  // RecordIterator only
  kBufferTooSmall,  // the caller's RDATA buffer cannot hold the decompressed RDATA
};
const char* to_string(ParseError e);

// After any error but these the header (and so the id) was read and a server may answer
// FORMERR; MessageInfo::has_question tells whether the question can be echoed.
inline bool header_readable(ParseError e) {
  return e != ParseError::kTruncatedHeader && e != ParseError::kMessageTooLong;
}

struct Question {
  Name name;
  std::uint16_t type = 0;
  std::uint16_t cls = 0;
};

// A TSIG record (RFC 8945 §4.2), for the layer that verifies it. Spans point into the
// message.
struct TsigRecord {
  std::size_t offset = 0;  // where the TSIG RR (its owner name) starts in the message
  Name key_name;
  Name algorithm;
  std::uint64_t time_signed = 0;  // 48-bit seconds since the epoch
  std::uint16_t fudge = 0;
  std::span<const std::uint8_t> mac;
  std::uint16_t original_id = 0;
  std::uint16_t error = 0;  // an extended rcode (Rcode), e.g. BADSIG = 16
  std::span<const std::uint8_t> other_data;
};

struct MessageInfo {
  Header header;
  bool has_question = false;  // the first question, even when qdcount > 1
  Question question;
  // Where each section starts; `end` is where the last one ends (the message size).
  std::array<std::size_t, 4> section_offset{};
  std::size_t end = 0;
  bool has_edns = false;
  std::size_t opt_offset = 0;
  Edns edns;
  bool has_tsig = false;
  TsigRecord tsig;
};

// Parses and validates `message`. On error, `out.header` is set when header_readable(),
// and `out.question` when `out.has_question`.
ParseError parse_message(std::span<const std::uint8_t> message, MessageInfo& out);

// One resource record of a message. `owner` is decompressed; `rdata` is in uncompressed
// form and points into the message, or into the iterator's buffer when names in it had to
// be decompressed (valid until the next call to next()).
struct Record {
  Section section = Section::kAnswer;
  std::size_t offset = 0;  // where the RR starts in the message
  Name owner;
  std::uint16_t type = 0;
  std::uint16_t cls = 0;
  std::uint32_t ttl = 0;
  std::span<const std::uint8_t> rdata;
};

// Iterates over the answer, authority and additional records, OPT and TSIG included, of a
// message parse_message() accepted with `info`. `buffer` receives decompressed RDATA;
// kMaxRdataLength octets are always enough.
class RecordIterator {
 public:
  RecordIterator(std::span<const std::uint8_t> message, const MessageInfo& info,
                 std::span<std::uint8_t> buffer);
  // False at the end, or on an error (see error()).
  bool next(Record& out);
  ParseError error() const { return error_; }

 private:
  std::span<const std::uint8_t> message_;
  std::span<std::uint8_t> buffer_;
  std::size_t pos_;
  std::array<std::uint16_t, 4> left_;  // records left per section
  std::size_t section_ = 1;
  ParseError error_ = ParseError::kOk;
};

}  // namespace zoned::wire
