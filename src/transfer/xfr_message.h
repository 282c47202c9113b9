// One message of an outgoing zone transfer, written straight into the caller's buffer.
//
// wire::MessageBuilder compresses any name against any suffix it has written, through a
// hash table; that is what a response of a few records needs, and it costs a transfer most
// of its CPU (hashing every suffix of every name, probing, comparing) while its fixed table
// fills up in a large message. A transfer's records come in canonical order (AXFR) or
// close to it (IXFR), so an owner usually shares its longest suffix with the previous
// owner, and always ends in the apex. XfrMessage therefore keeps, for the message being
// written, only two compression candidates:
//   - the previous owner: where each of its suffixes sits in the message;
//   - the anchor: the question name (at offset 12), or the message's first owner when there
//     is no question or the question does not end in that owner's last label as spelled
//     (a client asking in another case than the zone's).
// An owner is compressed against the longest suffix either of them has. A name in the RDATA
// of an RFC 1035 type (wire::compressible_rdata with compress_on_build) is a pointer to the
// same name written in a recent RDATA (a few are remembered: the MX and NS targets that
// many records share, "mail", "ns2"), else compressed against the current owner and the
// anchor. Other types' RDATA is copied as it is (RFC 3597 §4).
//
// Labels are compared byte for byte: a suffix is pointed to only when it is spelled exactly
// the same (case included), so every name reaches the secondary exactly as the zone has it.
// Only offsets below 0x4000 are pointed to (a pointer has 14 bits).
//
// Nothing allocates; a record that does not fit leaves the message's octets as they were.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "wire/message_header.h"
#include "wire/message_parser.h"
#include "wire/name.h"

namespace zoned::wire {
struct CompressibleRdata;
}  // namespace zoned::wire

namespace zoned::transfer {

// The size of a transfer message's content (header, question, records; a TSIG comes on top).
// Every offset of such a message can be pointed to, so every owner in it can be compressed
// against the previous one; in a 64 KiB message the records past the first 16 KiB can
// point only into that first quarter. Larger messages would save a header, a question and,
// when signed, a MAC per 16 KiB, far less than the bytes they lose: the 1M-name bench zone
// is 45.5 MB in 16 KiB messages, 50.75 MB in 64 KiB ones, packed in the same CPU time, and
// every byte costs CPU later (the copy into the connection's output, the kernel's, the
// MAC's). NSD and Knot use 16 KiB messages too.
inline constexpr std::size_t kXfrMessageSize = 16384;

class XfrMessage {
 public:
  enum class Add : std::uint8_t {
    kOk,
    // No room for the record: nothing of it was written. The message stays valid, but
    // forgets the previous owner (a retry of the same record, alone in a larger message,
    // must not point to it).
    kFull,
  };

  // Starts a message in `out`: `header` (its counts are set by finish()) and, when
  // `question` is not null, the question. Records go up to `limit` octets (at most
  // out.size() and 65535). False when the header and question do not fit.
  bool begin(std::span<std::uint8_t> out, std::size_t limit, const wire::Header& header,
             const wire::Question* question);
  // Moves the limit (not below the size already written, nor past the buffer or 65535).
  void set_limit(std::size_t limit);

  // One record: owner and type, class, TTL; `rdata` uncompressed. The owner's octets must
  // stay where they are until the message is finished (they are compared with the next
  // owner's, and the very same view as the last owner's is taken for the same name without
  // a look): records point into the snapshot or the delta, which outlive the message.
  Add add(wire::NameView owner, std::uint16_t type, std::uint16_t rclass, std::uint32_t ttl,
          std::span<const std::uint8_t> rdata);

  // Writes the counts into the header; returns the message's size.
  std::size_t finish();

  std::size_t size() const { return size_; }
  std::size_t records() const { return ancount_; }

  // The labels of a name counted from the root: entry j is about its suffix of j + 1
  // labels. Names of a zone share their last labels, so the entries of the suffix two
  // names share are the same in both, and moving from one owner to the next only rewrites
  // the entries of the labels that differ.
  struct Labels {
    const std::uint8_t* name = nullptr;
    std::uint8_t size = 0;               // octets, root label included
    std::uint8_t count = 0;              // labels, root not counted; 0: the root, or no name at all
    std::array<std::uint8_t, 128> tail;  // [j]: octets of the suffix of j + 1 labels
  };
  // A name written in the message: where each of its suffixes can be pointed to.
  struct Candidate : Labels {
    // [j]: the offset of the suffix of j + 1 labels; 0 when none can be pointed to (written
    // past 0x3FFF; offset 0 is the header, never a name).
    std::array<std::uint16_t, 128> at;
  };

 private:
  // A name written whole (as labels, possibly ending in a pointer) in some RDATA.
  struct RdataName {
    const std::uint8_t* name;  // its octets in the record's RDATA
    std::uint8_t size;
    std::uint16_t at;  // in the message
  };
  static constexpr std::size_t kRdataNames = 4;

  // Makes owner_ the name `owner`, to be written at `pos`: returns the octets it takes and
  // sets `literal` (its leading octets written as they are) and `target` (where the pointer
  // after them goes; 0: none, the name is written whole).
  std::size_t take_owner(wire::NameView owner, std::size_t pos, std::size_t& literal,
                         std::uint16_t& target);
  // The RDATA of a type with compressible names, laid out as `layout` says, written at
  // message offset `at` (nothing written when `write` is false); returns its octets, 0 when
  // it does not follow the layout (the caller then copies it as it is).
  std::size_t pack_rdata(const wire::CompressibleRdata& layout, std::span<const std::uint8_t> rdata,
                         std::size_t at, bool write);

  std::uint8_t* buf_ = nullptr;
  std::size_t capacity_ = 0;  // min(buffer size, 65535)
  std::size_t size_ = 0;
  std::size_t limit_ = 0;
  std::uint16_t ancount_ = 0;
  std::uint16_t qdcount_ = 0;
  Candidate owner_;   // the owner of the last record written (count 0, size 0: none yet)
  Candidate anchor_;  // see above (count 0, size 0: none)
  // The names recently written in RDATA (a ring).
  std::array<RdataName, kRdataNames> rdata_names_;
  std::uint8_t rdata_name_count_ = 0;
  std::uint8_t rdata_name_next_ = 0;
};

}  // namespace zoned::transfer
