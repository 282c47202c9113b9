// Turning the configuration's zones into the ZoneSet the workers answer from: each zone's
// file is read and checked (zone_loader), turned into a snapshot, and the snapshots are put
// in one set. Used at start and on every reload.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "config/config_model.h"
#include "zone/zone_set.h"

namespace zoned::server {

struct LoadSummary {
  std::size_t loaded = 0;   // read from their files now
  std::size_t kept = 0;     // failed to load, the previous snapshot kept
  std::size_t failed = 0;   // failed to load and not served
  std::size_t skipped = 0;  // no zonefile: (a secondary waiting for its first transfer)
};

// Loads the zones of `config` that have a zone file, logging what happened to each and why,
// and returns the set in the configuration's order. A zone whose file fails keeps its
// snapshot from `previous` (nullptr at start) and is not served when it has none.
// `read[i]` says whether config.zones[i] is read at all; one that is not keeps its snapshot
// from `previous` as it is. An empty `read` reads every zone.
std::unique_ptr<const zone::ZoneSet> load_zone_set(const config::Config& config,
                                                   const zone::ZoneSet* previous,
                                                   std::span<const std::uint8_t> read,
                                                   LoadSummary& summary);

}  // namespace zoned::server
