// Semantic checks of a zone's contents, as zoned-checkzone and zone loading run them:
// SOA and NS at the apex, CNAME and DNAME rules, data outside the zone or below a cut, glue,
// TTLs inside an RRset, duplicate records.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "zone/zone_contents.h"

namespace zoned::zone {

struct ZoneProblem {
  bool warning;
  std::string file;    // empty when the records did not come from a file
  std::uint32_t line;  // 0 for a problem of the whole zone
  std::string message;
  // "file:line: error: message" (or "warning:"); "file: error: ..." when line is 0
  std::string to_string() const;
};

// Runs every check. Duplicate records are dropped from `zone` and differing TTLs inside an
// RRset are set to the RRset's first TTL, each with a warning; everything else only reports.
std::vector<ZoneProblem> check_zone(ZoneContents& zone);

}  // namespace zoned::zone
