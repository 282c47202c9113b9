// Outgoing IXFR (RFC 1995 §4): a delta packed into response messages like an AXFR (same
// header, question and `reserve_tail` rules; see axfr_writer.h), so a large one streams
// over TCP in several messages. The records of a (condensed) delta old -> new go out as
//   new SOA, old SOA, removed..., new SOA, added..., new SOA
// A client that is already up to date gets the single-SOA answer instead (the caller
// compares the serials and decides).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "transfer/axfr_writer.h"
#include "transfer/zone_delta.h"
#include "wire/message_parser.h"

namespace zoned::transfer {

class IxfrWriter {
 public:
  // `delta` must hold one old and one new SOA (as make_delta, condense and the journal's
  // deltas do).
  IxfrWriter(std::shared_ptr<const ZoneDelta> delta, const wire::MessageInfo& query,
             XfrOptions options = {});

  // The next message (see XfrPacker::pack); 0 when done() or failed().
  std::size_t next(std::span<std::uint8_t> out, std::size_t reserve_tail);
  bool done() const { return source_.done(); }
  bool failed() const { return packer_.failed(); }
  std::size_t messages() const { return packer_.messages(); }
  std::uint64_t records() const { return packer_.records(); }

 private:
  class Source {
   public:
    explicit Source(const ZoneDelta& delta);
    bool done() const { return stage_ == Stage::kDone; }
    const zone::ZoneRecord& record() const { return record_; }
    void advance();

   private:
    enum class Stage : std::uint8_t {
      kNewSoa,
      kOldSoa,
      kRemoved,
      kMiddleSoa,
      kAdded,
      kClosingSoa,
      kDone
    };
    // Enters `stage` (skipping empty lists) and loads its first record.
    void enter(Stage stage);

    const ZoneDelta& delta_;
    Stage stage_ = Stage::kNewSoa;
    RrList::Iterator at_;
    RrList::Iterator end_;
    zone::ZoneRecord record_;
  };

  std::shared_ptr<const ZoneDelta> delta_;
  Source source_;
  XfrPacker packer_;
};

// The whole answer to a client whose serial is not older than `soa`'s: one message with
// the question and that SOA (RFC 1995 §2). Returns its size; 0 when it does not fit.
std::size_t write_ixfr_up_to_date(std::span<std::uint8_t> out, std::size_t reserve_tail,
                                  const wire::MessageInfo& query, const zone::ZoneRecord& soa,
                                  XfrOptions options = {});

// The serial of the SOA an IXFR query carries in its authority section (RFC 1995 §3), for
// a message parse_message() accepted with `info`; nothing when there is none.
std::optional<std::uint32_t> ixfr_query_serial(std::span<const std::uint8_t> message,
                                               const wire::MessageInfo& info);

}  // namespace zoned::transfer
