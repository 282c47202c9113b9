// Outgoing AXFR (RFC 5936): a snapshot packed into response messages, one at a time, each
// as full as it can be made of whole records.
//
// Every message: the query's id, opcode and RD; QR and AA set; NOERROR; the question (see
// XfrOptions); then records in the answer section, names compressed. The first record of
// the first message is the SOA, the last record of the last one the SOA again. The caller
// frames the messages (TCP length prefix), signs them (TSIG: `reserve_tail` octets are
// left free in every message for it) and sends them.
//
// The writer holds the snapshot, so the transfer sees one version of the zone however
// many reloads happen meanwhile; its memory does not grow with the zone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "wire/message_builder.h"
#include "wire/message_parser.h"
#include "zone/zone_cursor.h"
#include "zone/zone_snapshot.h"

namespace zoned::transfer {

struct XfrOptions {
  // RFC 5936 §2.2.1 allows the question in the first message only or in every one. Knot 3
  // repeats it in every message (the default here); NSD 4 sends it in the first only.
  bool question_in_every_message = true;
};

// The part every outgoing transfer shares: the messages' header and question, taken from
// the query, and the packing of records from a source into one message after another.
// A source has `bool done() const`, `const zone::ZoneRecord& record() const` and
// `void advance()`.
class XfrPacker {
 public:
  XfrPacker(const wire::MessageInfo& query, XfrOptions options);

  // One message into `out`, at most min(out.size(), 65535) - reserve_tail octets: the
  // source's records from where it stands, as many whole ones as fit. Returns its size;
  // 0 when the source is done, or on failure (failed(): no room even for the header,
  // question and one record, or a record the builder refuses).
  template <typename Source>
  std::size_t pack(Source& source, std::span<std::uint8_t> out, std::size_t reserve_tail);

  bool failed() const { return failed_; }
  std::size_t messages() const { return messages_; }
  std::uint64_t records() const { return records_; }

 private:
  // Header and question; false when they do not fit.
  bool begin(wire::MessageBuilder& b, std::size_t reserve_tail);

  wire::Header header_;
  bool has_question_;
  wire::Question question_;
  XfrOptions options_;
  std::size_t messages_ = 0;
  std::uint64_t records_ = 0;
  bool failed_ = false;
};

class AxfrWriter {
 public:
  AxfrWriter(std::shared_ptr<const zone::ZoneSnapshot> zone, const wire::MessageInfo& query,
             XfrOptions options = {});

  // The next message (see XfrPacker::pack); 0 when done() or failed().
  std::size_t next(std::span<std::uint8_t> out, std::size_t reserve_tail);
  // Every record, closing SOA included, has been written.
  bool done() const { return source_.done(); }
  bool failed() const { return packer_.failed(); }
  std::size_t messages() const { return packer_.messages(); }
  std::uint64_t records() const { return packer_.records(); }
  const zone::ZoneSnapshot& zone() const { return *zone_; }

 private:
  // The cursor's records (SOA first), then the SOA once more.
  class Source {
   public:
    explicit Source(const zone::ZoneSnapshot& zone);
    bool done() const { return state_ == State::kDone; }
    const zone::ZoneRecord& record() const {
      return state_ == State::kCursor ? cursor_.record() : soa_;
    }
    void advance();

   private:
    enum class State : std::uint8_t { kCursor, kClosingSoa, kDone };
    zone::ZoneCursor cursor_;
    zone::ZoneRecord soa_;
    State state_ = State::kCursor;
  };

  std::shared_ptr<const zone::ZoneSnapshot> zone_;
  Source source_;
  XfrPacker packer_;
};

// ----- implementation -----

template <typename Source>
std::size_t XfrPacker::pack(Source& source, std::span<std::uint8_t> out, std::size_t reserve_tail) {
  if (failed_ || source.done()) return 0;
  wire::MessageBuilder b(out, wire::kMaxMessageSize);
  if (!begin(b, reserve_tail)) {
    failed_ = true;
    return 0;
  }
  std::size_t n = 0;
  while (!source.done()) {
    const zone::ZoneRecord& r = source.record();
    const wire::BuildError e =
        b.add_rr(wire::Section::kAnswer, r.owner, r.type, r.rclass, r.ttl, r.rdata);
    if (e == wire::BuildError::kNoSpace && n > 0) break;
    if (e != wire::BuildError::kOk) {
      failed_ = true;
      return 0;
    }
    ++n;
    source.advance();
  }
  ++messages_;
  records_ += n;
  return b.finish().size();
}

}  // namespace zoned::transfer
