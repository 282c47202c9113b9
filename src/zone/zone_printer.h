// The zone in canonical presentation form: the apex first with its SOA first, then names in
// RFC 4034 §6.1 order, types ascending, records in canonical RDATA order; one record a line,
// absolute names, "owner<TAB>ttl<TAB>IN<TAB>TYPE<TAB>rdata".
#pragma once

#include <cstdio>
#include <string>

#include "zone/zone_contents.h"

namespace zoned::zone {

// Writes to `out` in chunks, so a zone of millions of records needs no giant string.
void print_zone(const ZoneContents& zone, std::FILE* out);
// Appends one record's line (with the newline).
void append_record_text(const ZoneContents& zone, const Record& r, std::string& out);

}  // namespace zoned::zone
