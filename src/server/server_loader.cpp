#include "server/server_loader.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <unordered_map>
#include <vector>

#include "config/zonefile_path.h"
#include "server/log.h"
#include "server/zone_file_loader.h"
#include "wire/serial.h"
#include "zone/soa_advice.h"
#include "zone/zone_cursor.h"
#include "zone/zone_diff.h"

namespace zoned::server {
namespace {

using SnapshotPtr = std::shared_ptr<const zone::ZoneSnapshot>;

std::unordered_map<std::string, SnapshotPtr> index_by_apex(const zone::ZoneSet* set) {
  std::unordered_map<std::string, SnapshotPtr> index;
  if (set == nullptr) return index;
  for (const SnapshotPtr& s : set->zones())
    index.emplace(wire::name_key(zone::snapshot_apex(*s)), s);
  return index;
}

// Whether two snapshots hold the same records (a file touched or rewritten as it was).
bool same_contents(const zone::ZoneSnapshot& a, const zone::ZoneSnapshot& b) {
  class Counter : public zone::DiffSink {
   public:
    void removed(const zone::ZoneRecord&) override { ++changes; }
    void added(const zone::ZoneRecord&) override { ++changes; }
    std::size_t changes = 0;
  } counter;
  zone::diff_snapshots(a, b, counter);
  zone::ZoneRecord soa_a, soa_b;
  if (!zone::soa_record(a, soa_a) || !zone::soa_record(b, soa_b)) return false;
  return counter.changes == 0 && soa_a.ttl == soa_b.ttl &&
         std::equal(soa_a.rdata.begin(), soa_a.rdata.end(), soa_b.rdata.begin(), soa_b.rdata.end());
}

// The snapshot to serve for `zone`, or nullptr; counts the outcome in `summary`.
SnapshotPtr load_one(const config::Config& config, const config::Zone& zone,
                     const SnapshotPtr& previous, LoadSummary& summary) {
  const std::string name = zone_display_name(zone.apex);
  const std::optional<std::string> path = config::zonefile_path(config, zone);
  if (!path) {
    ++summary.skipped;
    log_info("zone %s has no zonefile: not served until it is transferred", name.c_str());
    return previous;
  }
  ZoneFileResult result = load_zone_snapshot(zone.apex, *path);
  const std::uint64_t max_records = *zone.settings.max_records;
  if (result.snapshot && max_records != 0 && result.records > max_records) {
    result.snapshot.reset();
    result.failure = *path + ": the zone has " + std::to_string(result.records) +
                     " records, more than max-records (" + std::to_string(max_records) + ")";
  }
  if (result.snapshot) {
    const std::uint32_t serial = zone::snapshot_serial(*result.snapshot);
    if (previous && !wire::serial_gt(serial, zone::snapshot_serial(*previous)) &&
        !same_contents(*previous, *result.snapshot)) {
      // A secondary could not tell these contents from the ones it has: serve what it has.
      ++summary.kept;
      log_warning(
          "zone %s not reloaded: the file changed but its serial did not increase (%u, serving "
          "%u). Increase the SOA serial and reload; secondaries only transfer a greater serial",
          name.c_str(), serial, zone::snapshot_serial(*previous));
      return previous;
    }
    ++summary.loaded;
    log_info("zone %s serial %u loaded from %s (%zu records, %.2f s)", name.c_str(), serial,
             path->c_str(), result.records, result.seconds);
    zone::ZoneRecord soa;
    if (!zone.is_secondary() && zone::soa_record(*result.snapshot, soa)) {
      for (const std::string& advice : zone::soa_timer_advice(soa.rdata))
        log_warning("zone %s: %s", name.c_str(), advice.c_str());
    }
    return result.snapshot;
  }
  if (previous) {
    ++summary.kept;
    log_error("zone %s not reloaded, serial %u kept: %s", name.c_str(),
              zone::snapshot_serial(*previous), result.failure.c_str());
    return previous;
  }
  ++summary.failed;
  if (zone.is_secondary() && access(path->c_str(), F_OK) != 0) {
    log_info("zone %s has no zone file yet (%s): not served until it is transferred", name.c_str(),
             path->c_str());
  } else {
    log_error("zone %s not served: %s", name.c_str(), result.failure.c_str());
  }
  return nullptr;
}

}  // namespace

std::unique_ptr<const zone::ZoneSet> load_zone_set(const config::Config& config,
                                                   const zone::ZoneSet* previous,
                                                   std::span<const std::uint8_t> read,
                                                   LoadSummary& summary) {
  const auto old = index_by_apex(previous);
  std::vector<SnapshotPtr> snapshots;
  snapshots.reserve(config.zones.size());
  for (std::size_t i = 0; i < config.zones.size(); ++i) {
    const config::Zone& zone = config.zones[i];
    const auto found = old.find(wire::name_key(zone.apex));
    SnapshotPtr before = found == old.end() ? nullptr : found->second;
    if (!read.empty() && !read[i]) {
      if (before) snapshots.push_back(std::move(before));
      continue;
    }
    SnapshotPtr snapshot = load_one(config, zone, std::move(before), summary);
    if (snapshot) snapshots.push_back(std::move(snapshot));
  }
  return std::make_unique<const zone::ZoneSet>(std::move(snapshots));
}

}  // namespace zoned::server
