// Name compression (RFC 1035 §4.1.4): reading possibly compressed names out of a message,
// which RDATA may carry compressed names (RFC 3597 §4), and the table the builder uses to
// find the longest suffix it already wrote. Nothing here allocates.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "wire/name.h"

namespace zoned::wire {

enum class NameWireError : std::uint8_t {
  kOk,
  kTruncated,           // the name runs past the end of the message (or of its RDATA)
  kBadLabelType,        // 0x40 / 0x80 label types (RFC 6891 §5 deprecated extended labels)
  kPointerIntoHeader,   // a pointer to offsets 0..11: the header holds no names
  kPointerPastEnd,      // a pointer to an offset at or past the end of the message
  kPointerNotBackward,  // not strictly before the name being read: loops and forward jumps
  kTooManyPointers,     // more hops than any real name needs: bounds the work per name
  kNameTooLong,         // more than 255 octets once decompressed
  kCompressed,          // a pointer where the format forbids compression
};
const char* to_string(NameWireError e);

// A legitimate name has at most 127 labels and a compressor never needs more than one
// pointer per label; a longer chain only makes the reader work.
inline constexpr unsigned kMaxPointerHops = 128;

struct NameRead {
  NameWireError error = NameWireError::kOk;
  std::size_t end = 0;     // offset just past the name where it sits (after its first pointer)
  std::size_t length = 0;  // uncompressed length in octets, root label included
};

// Reads the name at `message[offset]`, following pointers. Each pointer must point strictly
// before the start of the label sequence being read (the name's start, then each previous
// pointer's target), so offsets strictly decrease and no loop can exist. Pointers into the
// header or past the end are rejected. Writes the uncompressed form to `out` (room for
// kMaxNameLength octets) when it is not null.
NameRead read_name(std::span<const std::uint8_t> message, std::size_t offset, std::uint8_t* out);
// The same, but a pointer is an error (kCompressed): for fields that must not be compressed.
NameRead read_uncompressed_name(std::span<const std::uint8_t> message, std::size_t offset,
                                std::uint8_t* out);

// ----- RDATA that may contain compressed names -----

enum class RdataField : std::uint8_t {
  kEnd,         // no more fields; the RDATA must end here
  kName,        // a domain name
  kFixed,       // `size` octets
  kCharString,  // <character-string>: one length octet and that many octets
  kRest,        // everything up to the end of the RDATA (may be empty)
};
struct RdataFieldSpec {
  RdataField kind = RdataField::kEnd;
  std::uint8_t size = 0;
};
struct CompressibleRdata {
  std::array<RdataFieldSpec, 6> fields;
  // RFC 3597 §4: only the RFC 1035 types may be compressed by a sender; the later ones
  // (RP, AFSDB, RT, PX, NAPTR, SRV, SIG, NXT; not KX, whose RFC 2230 forbids compression) are
  // decompressed on receipt only.
  bool compress_on_build = false;
};
// The layout of `type` when its RDATA may hold compressed names, otherwise nullptr.
const CompressibleRdata* compressible_rdata(std::uint16_t type);

// ----- compression while building -----

// The label boundaries of one name and the hash of each suffix, computed once per name.
// Only the first `count` entries are set: this is built for every name written, so the
// arrays are deliberately left uninitialised.
struct NameSuffixes {
  std::size_t count = 0;                // labels, root not counted
  std::array<std::uint8_t, 128> start;  // offset of each label in the name
  std::array<std::uint32_t, 128> hash;  // case-insensitive hash of the suffix there
  explicit NameSuffixes(NameView name);
};

// Offsets of the name suffixes already written to a message, found by hash and confirmed
// by comparing against the message itself. Fixed capacity: when full, further names are
// simply not remembered (the message stays correct, only less compressed). Entries are
// kept in insertion order so a rollback to a mark removes exactly what was added after it.
class CompressionTable {
 public:
  static constexpr std::size_t kCapacity = 1024;
  static constexpr std::size_t kBuckets = 256;  // a power of two; small to clear quickly

  CompressionTable();
  CompressionTable(const CompressionTable&) = delete;
  CompressionTable& operator=(const CompressionTable&) = delete;

  struct Match {
    std::size_t literal_octets = 0;  // leading octets of the name to write as labels
    std::size_t label_index = 0;     // first label that the pointer covers
    std::uint16_t pointer = 0;       // where that suffix is in the message, when found
    bool found = false;
  };
  // The longest suffix of `name` present in `message`; compared case-insensitively.
  Match find(const std::uint8_t* message, NameView name, const NameSuffixes& s) const;
  // Remembers the suffixes starting at labels [0, label_end) of `name`, written as labels
  // at message offset `at` (only offsets a pointer can reach are kept).
  void insert(const NameSuffixes& s, std::size_t label_end, std::size_t at);

  std::size_t mark() const { return count_; }
  void rollback(std::size_t mark);
  void clear() { rollback(0); }
  std::size_t size() const { return count_; }

 private:
  static constexpr std::uint16_t kNone = 0xFFFF;
  struct Entry {
    std::uint32_t hash;
    std::uint16_t offset;
    std::uint16_t next;  // older entry in the same bucket, or kNone
  };
  std::array<Entry, kCapacity> entries_;
  std::array<std::uint16_t, kBuckets> heads_;
  std::size_t count_ = 0;
};

// Writes `name` at `message[pos]`, as a pointer to the longest suffix `table` knows (when
// `table` is not null) and remembers the new suffixes. Returns the offset after the name, or
// 0 when it would pass `limit`.
std::size_t write_name(std::uint8_t* message, std::size_t pos, std::size_t limit, NameView name,
                       CompressionTable* table);

}  // namespace zoned::wire
