// One zone file into one snapshot, with the log line an operator wants to read:
//   zone example.com serial 2026112601 loaded from /path (1639567 records, 0.52 s)
#pragma once

#include <memory>
#include <string>

#include "wire/name.h"
#include "zone/zone_snapshot.h"

namespace zoned::server {

struct ZoneFileResult {
  std::shared_ptr<const zone::ZoneSnapshot> snapshot;  // nullptr on failure
  std::string failure;                                 // why, when it failed
  std::size_t records = 0;
  double seconds = 0;
};

// "example.com", as NSD names zones in its log (no trailing dot).
std::string zone_display_name(wire::NameView apex);

// Reads, checks and snapshots `path` as the zone `apex`. Diagnostics are logged (the first
// few of them) as warnings or errors with their file:line.
ZoneFileResult load_zone_snapshot(wire::NameView apex, const std::string& path);

}  // namespace zoned::server
