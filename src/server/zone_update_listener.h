// Told about every zone the server is about to publish with new contents, so that the
// transfer layer can keep the IXFR journal and send NOTIFYs without the server layer
// knowing about either.
#pragma once

#include <memory>

#include "zone/zone_snapshot.h"

namespace zoned::server {

class ZoneUpdateListener {
 public:
  virtual ~ZoneUpdateListener() = default;
  // `before` is the snapshot served until now (nullptr: the zone is new, as at start);
  // `after` has a greater serial (RFC 1982) than `before`. Called from the reloading
  // thread before `after` is published, one zone at a time.
  virtual void zone_updated(const std::shared_ptr<const zone::ZoneSnapshot>& before,
                            const std::shared_ptr<const zone::ZoneSnapshot>& after) = 0;
  // The same `after` once every worker answers from it: the moment to tell secondaries,
  // who will ask for it at once.
  virtual void zone_published(const std::shared_ptr<const zone::ZoneSnapshot>& after) = 0;
};

}  // namespace zoned::server
