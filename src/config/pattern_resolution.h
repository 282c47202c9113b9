// include-pattern: as NSD applies it. The pattern's settings are copied in at the point of the
// include-pattern line: a single value the pattern sets replaces the one the zone (or
// including pattern) had so far, and one written after the include-pattern line replaces the
// pattern's. So a zone's own setting wins when it comes after the include-pattern line, the
// way the guides write zones. List options (allow-notify, request-xfr, notify, provide-xfr,
// allow-query, outgoing-interface) and rrl-whitelist accumulate: the pattern's entries are
// appended at that point.
//
// Two NSD 4.6 quirks are not copied: NSD resets size-limit-xfr to the pattern's value even when
// the pattern does not set it, and does not pass on verify-zone, verifier-feed-zone and
// verifier-timeout (fixed in later NSD versions). zoned passes on exactly what the pattern sets.
#pragma once

#include <string_view>
#include <vector>

#include "config/config_model.h"

namespace zoned::config {

// Applies `pattern` to `target`. `replaced` receives the names of options that `target` had
// set to a different value and the pattern replaced, so the caller can warn about a zone
// setting that silently lost to a pattern included below it.
void apply_pattern(const ZoneSettings& pattern, ZoneSettings& target,
                   std::vector<std::string_view>& replaced);

}  // namespace zoned::config
