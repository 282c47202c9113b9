// The records of one zone, gathered from a zone file (or a transfer) into nodes and RRsets.
// Built once, then read-only: zoned-checkzone checks and prints it, and the zone database
// builds its query-time snapshot from it.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "wire/name.h"

namespace zoned::zone {

// One owner name. Its RRsets are records[first_record, first_record + record_count) once
// the contents are finished.
struct Node {
  std::uint32_t hash;
  std::uint32_t name_offset;  // into ZoneContents::names_
  std::uint32_t first_record = 0;
  std::uint32_t record_count = 0;
  std::uint8_t name_size;
};

struct Record {
  std::uint32_t node;
  std::uint32_t rdata_offset;  // into ZoneContents::rdata_
  std::uint32_t ttl;
  std::uint32_t line;  // where it was read, for diagnostics (0 when not from a file)
  std::uint16_t rdata_size;
  std::uint16_t type;
  std::uint16_t file;  // index into files()
};

class ZoneContents {
 public:
  explicit ZoneContents(wire::NameView apex);

  // Sizes the arrays for a zone file of `bytes` bytes, so loading it never copies them as
  // they grow. Reserving touches no pages, so a generous guess costs address space only.
  void reserve_for_file_size(std::size_t bytes);
  // Registers a source file name for Record::file; returns its index.
  std::uint16_t add_file(std::string name);
  void add(wire::NameView owner, std::uint16_t type, std::uint32_t ttl,
           std::span<const std::uint8_t> rdata, std::uint16_t file, std::uint32_t line);
  // Merges the nodes of equal names and groups records by node, then by type (stable, so
  // file order stays within an RRset). Call once after the last add(); nothing below
  // works before it.
  void finish();

  wire::NameView apex() const { return apex_; }
  const std::vector<Node>& nodes() const { return nodes_; }
  const std::vector<Record>& records() const { return records_; }
  std::span<const Record> records_of(const Node& n) const {
    return {records_.data() + n.first_record, n.record_count};
  }
  wire::NameView name_of(const Node& n) const {
    return {names_.data() + n.name_offset, n.name_size};
  }
  wire::NameView owner_of(const Record& r) const { return name_of(nodes_[r.node]); }
  std::span<const std::uint8_t> rdata_of(const Record& r) const {
    return {rdata_.data() + r.rdata_offset, r.rdata_size};
  }
  const std::string& file_of(const Record& r) const { return files_[r.file]; }
  const std::vector<std::string>& files() const { return files_; }
  // The node for `name`, or nullptr.
  const Node* find(wire::NameView name) const;
  // Marks a record as dropped (a duplicate). Dropped records keep their place but are
  // skipped by live().
  void drop(std::size_t record_index) { records_[record_index].type = kDropped; }
  void set_ttl(std::size_t record_index, std::uint32_t ttl) { records_[record_index].ttl = ttl; }
  static bool live(const Record& r) { return r.type != kDropped; }
  std::size_t memory_bytes() const;

  // For a builder that consumes the contents, in this order: drops the name index (find()
  // no longer works); gives back the memory of nodes, records and RDATA below the given
  // indexes and offset, which must not be read again (their pages read as zeros); frees
  // everything but the name arena (names stay readable through their offsets); frees the
  // names too.
  void release_index();
  void discard_prefix(std::size_t nodes, std::size_t records, std::size_t rdata_bytes);
  void release_all_but_names();
  void release_names();

 private:
  friend class SnapshotBuilder;                 // takes the name arena over
  static constexpr std::uint16_t kDropped = 0;  // type 0 is reserved, never zone data

  void merge_equal_names();
  void group_records_by_node();

  wire::Name apex_;
  std::vector<std::uint8_t> names_;
  std::vector<std::uint8_t> rdata_;
  // Before finish(): one node per run of records with the same owner. After: one node
  // per distinct name. Either way in the order the names first appeared.
  std::vector<Node> nodes_;
  // hash << 32 | node index, sorted: find() is a binary search here.
  std::vector<std::uint64_t> by_hash_;
  std::vector<Record> records_;
  std::vector<std::string> files_;
};

}  // namespace zoned::zone
