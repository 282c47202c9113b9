// libFuzzer target: a primary's answer stream as the secondary reads it. The input is cut
// into messages by 2-octet length prefixes (as over TCP); the first octet picks AXFR or
// IXFR and the current serial. The reader must never crash, hang or leak, whatever a
// primary sends; a result it accepts must hold what it claims. Then the same bytes as the
// secondary's state file and zone list, which zoned reads at start.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "config/zone_list.h"
#include "transfer/secondary_state_file.h"
#include "transfer/xfr_stream_reader.h"
#include "wire/name.h"
#include "wire/rrtype.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace zoned;
  if (size < 1) return 0;
  static const wire::Name apex = [] {
    wire::Name n;
    const wire::NameView root;
    wire::parse_name("example.com.", &root, n);
    return n;
  }();
  const bool ixfr = (data[0] & 1) != 0;
  const std::uint32_t current = data[0] >> 1;
  // Half the inputs with a max-records small enough for a 4 KiB input to cross (0: none).
  const std::uint64_t record_limit = (data[0] & 0x80) != 0 ? (data[0] >> 1) & 0x3f : 0;
  transfer::XfrStreamReader reader(apex.view(), ixfr ? wire::rrtype::IXFR : wire::rrtype::AXFR,
                                   /*query_id=*/0x1234, current, nullptr, nullptr,
                                   transfer::XfrLimits{.octets = 1 << 20, .records = record_limit});
  std::size_t at = 1;
  while (at + 2 <= size) {
    const std::size_t length = (data[at] << 8) | data[at + 1];
    at += 2;
    if (at + length > size) break;
    const auto status = reader.add({data + at, length}, 1800000000);
    at += length;
    if (status != transfer::XfrStreamReader::Status::kMore) break;
  }
  transfer::XfrResult result = reader.take();
  if (result.kind == transfer::XfrResult::Kind::kFull && !result.contents) __builtin_trap();
  if (result.kind == transfer::XfrResult::Kind::kIncremental && result.deltas.empty())
    __builtin_trap();
  if (record_limit != 0 && result.kind == transfer::XfrResult::Kind::kFull &&
      result.contents->records().size() > record_limit)
    __builtin_trap();
  if (record_limit != 0 && result.kind == transfer::XfrResult::Kind::kIncremental) {
    std::uint64_t changed = 0;
    for (const transfer::ZoneDelta& d : result.deltas)
      changed += d.removed.size() + d.added.size();
    if (changed > 2 * record_limit) __builtin_trap();
  }

  static const std::string state_path = "/tmp/fuzz_state." + std::to_string(getpid());
  if (FILE* f = std::fopen(state_path.c_str(), "wb")) {
    std::fwrite(data, 1, size, f);
    std::fclose(f);
  }
  std::vector<transfer::SecondaryZoneRecord> records;
  std::string state_error;
  if (transfer::read_secondary_state(state_path, records, state_error)) {
    // What was read is written back and read again the same.
    if (!transfer::write_secondary_state(state_path, records, state_error)) __builtin_trap();
    std::vector<transfer::SecondaryZoneRecord> again;
    if (!transfer::read_secondary_state(state_path, again, state_error)) __builtin_trap();
    if (again != records) __builtin_trap();
  }

  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<config::ZoneListEntry> entries;
  std::string error;
  if (config::parse_zone_list(text, entries, error)) {
    std::vector<config::ZoneListEntry> again;
    if (!config::parse_zone_list(config::zone_list_text(entries), again, error)) __builtin_trap();
    if (again.size() != entries.size()) __builtin_trap();
  }
  return 0;
}
