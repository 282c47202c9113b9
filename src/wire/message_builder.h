// Building DNS messages into a caller's buffer: no allocation, no exceptions.
//
// Sections are written in order (question, answer, authority, additional). Owner names and
// the names inside RDATA of the RFC 1035 types are compressed; nothing else is (RFC 3597
// §4). Whatever does not fit is rolled back whole, so a caller can add an RRset (and its
// RRSIGs) atomically and then set TC for the answer and authority sections, or simply go
// without for the additional section (RFC 2181 §9). Room can be reserved for the records
// that must always fit at the end: OPT and TSIG.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "wire/edns.h"
#include "wire/message_header.h"
#include "wire/name.h"
#include "wire/name_compression.h"

namespace zoned::wire {

enum class BuildError : std::uint8_t {
  kOk,
  kNoSpace,       // the record does not fit; nothing of it was written
  kSectionOrder,  // a section after one already written, or anything after the TSIG
  kDuplicateOpt,  // a second OPT record
  kBadRdata,      // RDATA whose names could not be found for compression, or > 65535
};
const char* to_string(BuildError e);

class MessageBuilder {
 public:
  // Writes into `buffer`, never past `max_size` octets (512 for UDP without EDNS, the EDNS
  // payload size, 65535 for TCP) nor past the buffer's end.
  MessageBuilder(std::span<std::uint8_t> buffer, std::size_t max_size);
  MessageBuilder(const MessageBuilder&) = delete;
  MessageBuilder& operator=(const MessageBuilder&) = delete;

  // Id, flags, opcode and rcode; the counts are the builder's and finish() writes them.
  Header& header() { return header_; }
  const Header& header() const { return header_; }

  BuildError add_question(NameView name, std::uint16_t type, std::uint16_t cls);
  // One record; `rdata` is in uncompressed wire form.
  BuildError add_rr(Section section, NameView owner, std::uint16_t type, std::uint16_t cls,
                    std::uint32_t ttl, std::span<const std::uint8_t> rdata);
  // All the records of one RRset, or none of them (kNoSpace: set TC for the answer and
  // authority sections, just go without for the additional one). Cheaper than add_rr per
  // record: the owner name is looked up once.
  BuildError add_rrset(Section section, NameView owner, std::uint16_t type, std::uint16_t cls,
                       std::uint32_t ttl, std::span<const std::span<const std::uint8_t>> rdatas);

  // A point to come back to: everything added after it (records, counts, compression
  // entries, reservations used or made) goes away on rollback(). For RRsets that must stay
  // with their signatures.
  struct Mark {
    std::size_t size = 0;
    std::size_t reserved = 0;
    std::size_t table = 0;
    std::array<std::uint16_t, 4> counts{};
    Section section = Section::kQuestion;
    bool has_opt = false;
    bool sealed = false;
  };
  Mark mark() const;
  void rollback(const Mark& m);

  // Keeps `octets` free for the records written last: add_question/add_rr/add_rrset fail
  // rather than use them; add_opt and add_tsig use them. False (nothing reserved) when that
  // many octets are not free any more.
  bool reserve(std::size_t octets);
  void release(std::size_t octets);
  std::size_t reserved() const { return reserved_; }

  // The OPT record, in the additional section; at most one (kDuplicateOpt).
  BuildError add_opt(const OptRecord& opt);
  // The TSIG record, which must be last (nothing can be added after it). `rdata` is its
  // complete RDATA; the key name is written uncompressed (RFC 8945 §4.2).
  BuildError add_tsig(NameView key_name, std::span<const std::uint8_t> rdata);

  // Writes the header with the counts and returns the message. Can be called again after
  // adding more (a TSIG signer signs what finish() returned, then adds the TSIG).
  std::span<const std::uint8_t> finish();

  std::size_t size() const { return size_; }
  std::size_t max_size() const { return limit_; }
  std::uint16_t count(Section s) const { return counts_[static_cast<std::size_t>(s)]; }
  bool has_opt() const { return has_opt_; }

 private:
  std::size_t content_limit() const { return limit_ - reserved_; }
  BuildError check_order(Section s) const;
  // How write_rr writes the owner name.
  struct Owner {
    NameView name;
    bool compress = true;       // through the compression table
    std::uint16_t pointer = 0;  // when not 0: this pointer, found for the RRset's first RR
  };
  BuildError write_rr(Section s, const Owner& owner, std::uint16_t type, std::uint16_t cls,
                      std::uint32_t ttl, std::span<const std::uint8_t> rdata, std::size_t limit);
  std::size_t write_owner(const Owner& owner, std::size_t limit);
  std::uint16_t pointer_to_owner_at(std::size_t at) const;
  BuildError write_rdata(std::uint16_t type, std::span<const std::uint8_t> rdata, std::size_t& pos,
                         std::size_t limit);
  void use_reserved(std::size_t from_size);

  std::uint8_t* buf_;
  std::size_t limit_;
  std::size_t size_;
  std::size_t reserved_ = 0;
  Header header_;
  std::array<std::uint16_t, 4> counts_{};
  Section section_ = Section::kQuestion;
  bool has_opt_ = false;
  bool sealed_ = false;
  CompressionTable table_;
};

}  // namespace zoned::wire
