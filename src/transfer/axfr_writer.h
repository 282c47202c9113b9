// Outgoing AXFR (RFC 5936): a snapshot packed into response messages, one at a time, each
// as full as it can be made of whole records.
//
// Every message: the query's id, opcode and RD; QR and AA set; NOERROR; the question (see
// XfrOptions); then records in the answer section. Messages hold kXfrMessageSize octets
// (a TSIG comes on top), but for a record larger than that, which goes alone in a larger
// one; names are compressed by XfrMessage (exact case, against the previous owner and the
// apex; see xfr_message.h). The first record of the first message is the SOA, the last
// record of the last one the SOA again. The caller frames the messages (TCP length
// prefix), signs them (TSIG: `reserve_tail` octets are left free in every message for it)
// and sends them.
//
// The writer holds the snapshot, so the transfer sees one version of the zone however
// many reloads happen meanwhile; its memory does not grow with the zone.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "transfer/xfr_message.h"
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
// `void advance()`; the octets its records' views point to must stay put while a message is
// being packed (XfrMessage compares an owner with the previous one's octets, and takes the
// same view for the same owner): the snapshot's or the delta's do.
class XfrPacker {
 public:
  XfrPacker(const wire::MessageInfo& query, XfrOptions options);

  // One message into `out`: the source's records from where it stands, as many whole ones
  // as fit in min(kXfrMessageSize, min(out.size(), 65535) - reserve_tail) octets; a record
  // that does not fit alone in that goes alone in a message of up to
  // min(out.size(), 65535) - reserve_tail. Returns its size; 0 when the source is done, or
  // on failure (failed(): no room even for the header, question and one record).
  template <typename Source>
  std::size_t pack(Source& source, std::span<std::uint8_t> out, std::size_t reserve_tail);

  bool failed() const { return failed_; }
  std::size_t messages() const { return messages_; }
  std::uint64_t records() const { return records_; }

 private:
  // Header and question; false when they do not fit.
  bool begin(std::span<std::uint8_t> out, std::size_t reserve_tail);

  XfrMessage message_;
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
    void advance() {
      if (state_ == State::kCursor) {
        cursor_.advance();
        if (!cursor_.done()) return;
      }
      state_ = state_ == State::kCursor ? State::kClosingSoa : State::kDone;
    }

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
  if (!begin(out, reserve_tail)) {
    failed_ = true;
    return 0;
  }
  XfrMessage& m = message_;
  while (!source.done()) {
    const zone::ZoneRecord& r = source.record();
    if (m.add(r.owner, r.type, r.rclass, r.ttl, r.rdata) != XfrMessage::Add::kOk) {
      if (m.records() > 0) break;
      // Too large for a message of the usual size: alone in a larger one.
      m.set_limit(std::min(out.size(), wire::kMaxMessageSize) - reserve_tail);
      if (m.add(r.owner, r.type, r.rclass, r.ttl, r.rdata) != XfrMessage::Add::kOk) {
        failed_ = true;
        return 0;
      }
      source.advance();
      break;
    }
    source.advance();
  }
  ++messages_;
  records_ += m.records();
  return m.finish();
}

}  // namespace zoned::transfer
