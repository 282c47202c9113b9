// The zonelistfile: zones added at run time with zoned-control addzone (NSD's nsd-control
// addzone), each as a zone name and the pattern it takes its settings from. The format is
// NSD's zone.list, so that the file NSD left is read as it is:
//   # NSD zone list
//   # name pattern
//   add example.com secondary_inbound
// Lines "del ..." (NSD's deleted entries) and comments are skipped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config/config_model.h"

namespace zoned::config {

struct ZoneListEntry {
  std::string name;     // as the operator typed it
  std::string pattern;  // a pattern: of the configuration
};

// Parses the file's text; false with `error` ("line N: ...") when a line is malformed.
bool parse_zone_list(std::string_view text, std::vector<ZoneListEntry>& out, std::string& error);
std::string zone_list_text(const std::vector<ZoneListEntry>& entries);

// The zone `name` with the settings of pattern `pattern`, as a zone: clause with only
// name: and include-pattern: would have. False with `error` when the name is not a domain
// name or the pattern does not exist.
bool zone_from_pattern(const Config& config, const std::string& name, const std::string& pattern,
                       Zone& out, std::string& error);

// Reads config.server.zonelistfile (a missing file is an empty list) and appends its zones
// to config.zones; `entries` receives the list. A listed zone that nsd.conf also has, or
// whose pattern is gone, is skipped with a message in `warnings`. False with `error` when
// the file cannot be read or parsed.
bool add_listed_zones(Config& config, std::vector<ZoneListEntry>& entries,
                      std::vector<std::string>& warnings, std::string& error);

}  // namespace zoned::config
