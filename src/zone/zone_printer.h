// The zone in canonical presentation form: the apex first with its SOA first, then names in
// RFC 4034 §6.1 order, types ascending, records in canonical RDATA order; one record a line,
// absolute names, "owner<TAB>ttl<TAB>IN<TAB>TYPE<TAB>rdata".
#pragma once

#include <cstdint>
#include <cstdio>
#include <span>
#include <string>

#include "wire/name.h"
#include "zone/zone_contents.h"

namespace zoned::zone {

// Writes to `out` in chunks, so a zone of millions of records needs no giant string.
void print_zone(const ZoneContents& zone, std::FILE* out);
// Appends one record's line (with the newline).
void append_record_text(const ZoneContents& zone, const Record& r, std::string& out);
// The same line from its parts (class IN): what the zone file writer prints for a snapshot.
void append_record_text(wire::NameView owner, std::uint32_t ttl, std::uint16_t type,
                        std::span<const std::uint8_t> rdata, std::string& out);

}  // namespace zoned::zone
