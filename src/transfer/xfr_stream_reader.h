// The secondary's side of a zone transfer (RFC 5936 AXFR, RFC 1995 IXFR): the response
// messages of one transfer, fed in as they arrive over TCP (without the length prefix),
// checked and turned into a zone (AXFR, AXFR-style IXFR) or a list of deltas (IXFR). No I/O.
//
// Everything is verified, and the first problem ends the transfer with a reason for the
// operator's log ("message 3: TSIG: BADSIG"):
//   - each message: it parses; its id is the query's; QR set, opcode QUERY, TC clear; RCODE
//     NOERROR (otherwise the rcode is reported, so that the caller can fall back from IXFR to
//     AXFR); the question, when present (in any message), is the zone, the query's type and
//     class IN; the messages together stay within the size limit;
//   - the record limit (max-records): a full zone holds at most that many records, and the
//     deltas of an IXFR remove and add at most twice that many together;
//   - TSIG (RFC 8945 §5.3.1), through wire::TsigVerifier: the first message signed, at most
//     99 unsigned in a row, the last one signed; errors the primary reports are named; a TSIG
//     in the answer to an unsigned query is an error too;
//   - records: only the answer section counts (authority and additional are ignored: OPT,
//     TSIG, anything else); each record is class IN, owned by the apex or a name below it,
//     of a data type (not a meta type, not type 0); the first is the apex SOA;
//   - AXFR: the transfer ends with the apex SOA of the first SOA's serial; an apex SOA of
//     another serial before it, or anything after it, is an error;
//   - IXFR: the single-SOA answer (up to date, or newer: ask again by AXFR); deltas whose
//     serials chain from ours to the primary's, each going forward (RFC 1982); or a full
//     zone (AXFR-style), checked as an AXFR.
//
// Memory: records go straight into the arenas of a zone::ZoneContents or of the deltas'
// RrLists; nothing is allocated per record beyond them (plus one 64 KiB RDATA buffer).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "transfer/zone_delta.h"
#include "wire/message_header.h"
#include "wire/message_parser.h"
#include "wire/name.h"
#include "wire/tsig.h"
#include "zone/zone_contents.h"

namespace zoned::transfer {

struct XfrResult {
  enum class Kind : std::uint8_t { kUpToDate, kFull, kIncremental, kFailed };
  Kind kind = Kind::kFailed;
  // The primary's serial (its first SOA); set once that SOA has been read, failures too.
  std::uint32_t serial = 0;
  // kFull: every record, the SOA once, finish() called (checks are the caller's).
  std::unique_ptr<zone::ZoneContents> contents;
  // kIncremental: the deltas in order, from our serial to `serial`.
  std::vector<ZoneDelta> deltas;
  // kFailed: what was wrong, for an operator's log.
  std::string error;
  // kFailed because the primary answered an error RCODE (NOTIMP, REFUSED, NOTAUTH, ...):
  // that rcode; kNoError for any other failure.
  wire::Rcode rcode = wire::Rcode::kNoError;
  // kFailed: an IXFR was answered with the single SOA of a newer serial (RFC 1995 §4):
  // ask again by AXFR.
  bool needs_axfr = false;
  // Messages and answer records read, octets of all messages (failures included).
  std::size_t messages = 0;
  std::size_t records = 0;
  std::size_t bytes = 0;
};

// What a primary may send in one transfer; 0 for no limit.
struct XfrLimits {
  std::uint64_t octets = 0;   // the messages together (size-limit-xfr)
  std::uint64_t records = 0;  // records of the zone (max-records)
};

// RFC 5155 §10.3's limit for 2048-bit keys; RFC 9276 asks for 0 and validators treat more
// than 100-150 as insecure anyway.
inline constexpr std::uint16_t kMaxNsec3Iterations = 500;

class XfrStreamReader {
 public:
  // `qtype`: AXFR or IXFR (anything else fails at the first message). `current_serial`: our
  // serial, the one the IXFR query carried (unused for AXFR). `key` and `request_mac`: what
  // build_xfr_query() signed the query with, both null for an unsigned query; the key must
  // outlive the reader (the MAC is copied).
  XfrStreamReader(wire::NameView apex, std::uint16_t qtype, std::uint16_t query_id,
                  std::uint32_t current_serial, const wire::TsigKey* key,
                  const wire::TsigMac* request_mac, XfrLimits limits);
  ~XfrStreamReader();
  XfrStreamReader(const XfrStreamReader&) = delete;
  XfrStreamReader& operator=(const XfrStreamReader&) = delete;

  enum class Status : std::uint8_t { kMore, kDone, kFailed };
  // One DNS message of the response. `now`: seconds since the epoch, for TSIG's time check.
  // kMore: the transfer goes on; kDone: it is complete (a message after it fails it);
  // kFailed: see take().error. Once failed, every later call returns kFailed.
  Status add(std::span<const std::uint8_t> message, std::uint64_t now);
  Status status() const { return status_; }
  // The result, after kDone or kFailed (before: kFailed "the transfer is incomplete"). Once.
  XfrResult take();

 private:
  // Where the stream stands: what the next answer record must or may be.
  enum class Stage : std::uint8_t {
    kFirstSoa,      // nothing read yet: the apex SOA
    kSecondIxfr,    // IXFR after its first SOA: our serial's SOA starts deltas, else AXFR-style
    kZone,          // full zone: records up to the closing SOA
    kDeltaRemoved,  // IXFR: after a delta's old SOA, the records it removes
    kDeltaAdded,    // IXFR: after a delta's new SOA, the records it adds
    kEnd,           // the closing SOA has been read
  };

  Status fail(std::string error);
  // Header, TSIG, rcode and question of message `info`; false when it failed.
  bool check_message(std::span<const std::uint8_t> message, const wire::MessageInfo& info,
                     std::uint64_t now);
  bool check_tsig(std::span<const std::uint8_t> message, const wire::MessageInfo& info,
                  std::uint64_t now);
  // One answer record; false when it failed.
  bool take_record(const wire::Record& r);
  bool take_first_soa(const wire::Record& r);
  bool take_zone_record(const wire::Record& r);
  bool take_delta_soa(const wire::Record& r, std::uint32_t serial);
  // Count one record against max-records; false (failed) when over it.
  bool count_zone_record();
  bool count_delta_record();
  void start_zone();
  // After a message: the end of the stream, or the single-SOA IXFR answer.
  Status end_of_message();
  std::string where() const;  // "message N: "

  wire::Name apex_;
  std::uint16_t qtype_;
  std::uint16_t query_id_;
  std::uint32_t current_serial_;
  XfrLimits limits_;
  std::uint64_t zone_records_ = 0;   // the full zone's, its SOA included
  std::uint64_t delta_records_ = 0;  // removed and added, SOAs left out
  std::optional<wire::TsigVerifier> verifier_;
  std::vector<std::uint8_t> rdata_buffer_;  // RecordIterator's, kMaxRdataLength octets

  Stage stage_ = Stage::kFirstSoa;
  Status status_ = Status::kMore;
  std::size_t answers_in_message_ = 0;
  // The first SOA, kept until an IXFR shows whether it starts a zone (AXFR-style).
  std::uint32_t first_ttl_ = 0;
  std::vector<std::uint8_t> first_rdata_;
  std::uint32_t last_serial_ = 0;  // IXFR: the serial the deltas have reached
  XfrResult result_;
};

}  // namespace zoned::transfer
