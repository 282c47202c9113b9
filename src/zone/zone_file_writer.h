// A snapshot written back as a zone file: what a secondary keeps of a zone it took in by
// transfer, so that a restart serves it at once. Every record the snapshot holds, in
// ZoneCursor order (the apex SOA first), one a line in the form of zone_printer.h (absolute
// owner, TTL, IN, type, RDATA), after a comment line naming the zone, serial and time.
// zoned's loader reads the file back to a snapshot with no difference.
//
// The file is replaced atomically (zone/atomic_file.h) and written in chunks: memory does
// not grow with the zone.
#pragma once

#include <string>

#include "zone/zone_snapshot.h"

namespace zoned::zone {

// False, with `error` ("cannot write <path>: <reason>"), when the file could not be
// written; `path` is then as it was.
bool write_zone_file(const ZoneSnapshot& zone, const std::string& path, std::string& error);

}  // namespace zoned::zone
