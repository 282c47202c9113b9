// Turning the configuration's zones into the ZoneSet the workers answer from: each zone's
// file is read and checked (zone_loader), turned into a snapshot, and the snapshots are put
// in one set. Used at start and on every reload.
#pragma once

#include <cstddef>
#include <memory>
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

// Loads every zone of `config` that has a zone file, logging what happened to each and why.
// A zone whose file fails keeps its snapshot from `previous` (nullptr at start) and is not
// served when it has none.
std::unique_ptr<const zone::ZoneSet> load_zone_set(const config::Config& config,
                                                   const zone::ZoneSet* previous,
                                                   LoadSummary& summary);

}  // namespace zoned::server
