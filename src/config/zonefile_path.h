// Where a zone's file is. A zonefile: value may be a template for many zones (nsd.conf(5)):
//   %s  the zone name as written in zone: name:
//   %1 %2 %3  its first, second and third character
//   %z  its top-level label, %y the label below that, %x the one below that
// and a character or label that does not exist becomes '.'. The substitutions run in NSD's
// order (%1 %2 %3 %z %y %x, then %s), each replacing every occurrence.
//
// A relative result is taken from zonesdir, as NSD does after its chdir(zonesdir). When
// zonesdir is not set that is NSD's default, /etc/nsd; when it is set to "" NSD does no chdir
// and the path stays relative to the working directory, so zoned leaves it relative too.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "config/config_model.h"
#include "wire/name.h"

namespace zoned::config {

// The zonefile template with the substitutions made for the zone `zone_name` (as written)
// whose apex is `apex`.
std::string expand_zonefile(std::string_view zonefile, std::string_view zone_name,
                            wire::NameView apex);

// The file the server reads and writes for `zone`: the expanded zonefile, under `zonesdir`
// when relative. nullopt when the zone has no zonefile (unset or "").
std::optional<std::string> zonefile_path(const Zone& zone, std::string_view zonesdir);

inline std::optional<std::string> zonefile_path(const Config& config, const Zone& zone) {
  return zonefile_path(zone, config.server.zonesdir);
}

}  // namespace zoned::config
