// The IXFR journal of one zone: the deltas between its recent versions, on disk, so IXFR
// can be answered after a restart (NSD's store-ixfr; ixfr-number and ixfr-size are trim()'s
// limits).
//
// File format (all integers big-endian):
//   header   8 octets "ZONEDIXJ", u32 version (1), u32 zero
//   entry*   u32 payload length, u32 old serial, u32 new serial,
//            u32 CRC-32C of the 12 octets before it and of the payload,
//            payload: four lists (old SOA, new SOA, removed, added), each
//                     u32 record count, u32 octets, the records as in RrList
// Entries are appended in serial order and each one starts where the previous one ends
// (its old serial is the previous new serial).
//
// Recovery on open: entries are read from the start and checked (length within the file,
// CRC, well-formed lists, serials matching the SOAs and following on from the previous
// entry). The first entry that fails the checks and everything after it are dropped, and
// the file is truncated back to the end of the last good entry. A crash in the middle of an
// append leaves a torn last entry, which is exactly what this removes. A damaged entry in
// the middle is treated the same way: the good prefix is kept and the rest dropped. Once
// one length is in doubt nothing after it can be framed with confidence, and an IXFR needs
// an unbroken chain anyway, so later entries could never be served from a prefix serial.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "transfer/zone_delta.h"

namespace zoned::transfer {

class IxfrJournal {
 public:
  // Reads the journal at `path`; a missing file is an empty journal (the file is created by
  // the first append). Nothing (and `error` set) when the file cannot be read or is not a
  // journal; a damaged tail is not an error (see recovered_bytes()).
  static std::optional<IxfrJournal> open(const std::string& path, std::string& error);

  IxfrJournal(IxfrJournal&& other) noexcept;
  IxfrJournal& operator=(IxfrJournal&& other) noexcept;
  IxfrJournal(const IxfrJournal&) = delete;
  IxfrJournal& operator=(const IxfrJournal&) = delete;
  ~IxfrJournal();

  // Appends one delta durably (written and fdatasync'ed before it returns true). Its new
  // serial must be greater than its old one (RFC 1982). When it does not follow on from the
  // last entry (its old serial is not the journal's last serial: the zone was reloaded
  // from a file with other changes), the entries before it can no longer form a chain to
  // the zone and are dropped first. False (journal unchanged, error() set) on failure.
  bool append(const ZoneDelta& delta);

  // Drops the oldest deltas until at most `max_count` remain and their entries take at
  // most `max_bytes` octets (0: no limit for that one), by writing the kept entries to a
  // temporary file in the same directory, fsync, rename over the journal, fsync of the
  // directory. True when nothing needed dropping or the rewrite succeeded.
  bool trim(std::size_t max_count, std::size_t max_bytes);

  // The deltas from `serial` to the last version, oldest first: empty when `serial` is the
  // last version, nothing when it is not the old serial of any entry (unknown, or older
  // than the journal's first) or an entry cannot be read back.
  std::optional<std::vector<ZoneDelta>> deltas_since(std::uint32_t serial) const;

  bool empty() const { return entries_.empty(); }
  std::size_t size() const { return entries_.size(); }
  // Octets of the entries (the file is the header and these).
  std::size_t bytes() const;
  // The old serial of the first entry and the new serial of the last; only when !empty().
  std::uint32_t first_serial() const { return entries_.front().old_serial; }
  std::uint32_t last_serial() const { return entries_.back().new_serial; }
  // Octets dropped from the end of the file by open() (a torn or damaged tail).
  std::size_t recovered_bytes() const { return recovered_bytes_; }
  const std::string& path() const { return path_; }
  const std::string& error() const { return error_; }

  static constexpr std::size_t kHeaderSize = 16;
  static constexpr std::size_t kEntryHeaderSize = 16;

 private:
  struct Entry {
    std::uint64_t offset;  // of its entry header in the file
    std::uint32_t length;  // of its payload
    std::uint32_t old_serial;
    std::uint32_t new_serial;
  };

  explicit IxfrJournal(std::string path) : path_(std::move(path)) {}
  bool load(std::string& error);
  bool create_file();
  bool read_entry(const Entry& e, std::vector<std::uint8_t>& payload) const;
  bool fail(std::string message);
  void close_fd();

  std::string path_;
  int fd_ = -1;  // -1 until the file exists
  std::vector<Entry> entries_;
  std::uint64_t end_ = 0;  // where the next entry goes
  std::size_t recovered_bytes_ = 0;
  mutable std::string error_;
};

// The entry format, exposed for the tests: the payload of `delta` and back.
void serialize_delta(const ZoneDelta& delta, std::vector<std::uint8_t>& out);
bool parse_delta(std::span<const std::uint8_t> payload, ZoneDelta& out);

}  // namespace zoned::transfer
