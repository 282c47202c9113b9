#include "transfer/secondary_service.h"

#include <algorithm>
#include <ctime>
#include <random>

#include "config/zonefile_path.h"
#include "server/log.h"
#include "server/zone_file_loader.h"
#include "transfer/delta_apply.h"
#include "transfer/secondary_state_file.h"
#include "transfer/soa_timers.h"
#include "wire/serial.h"
#include "zone/atomic_file.h"
#include "zone/zone_check.h"
#include "zone/zone_cursor.h"
#include "zone/zone_file_writer.h"

namespace zoned::transfer {

using server::log_debug;
using server::log_error;
using server::log_info;
using server::log_warning;

namespace {

constexpr auto kNever = SecondaryService::Clock::time_point::max();

std::int64_t wall_now() {
  return static_cast<std::int64_t>(std::time(nullptr));
}

double unit_random() {
  thread_local std::mt19937 generator{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(generator);
}

std::string key_text(const Primary& p) {
  return wire::key_description(p.key ? &*p.key : nullptr);
}

}  // namespace

struct SecondaryService::Zone {
  // From the configuration.
  std::string name;  // for logs: "example.com"
  std::string key;   // name key
  wire::Name apex;
  config::ZoneSettings settings;
  std::vector<Primary> primaries;
  std::optional<std::string> zonefile;

  // Under mutex_.
  std::shared_ptr<const zone::ZoneSnapshot> snapshot;  // what we have (served or expired)
  bool expired = false;
  std::array<Clock::time_point, kEventCount> due{kNever, kNever, kNever};
  Clock::time_point expire_at = kNever;
  bool busy = false;     // a refresh or write is running on a transfer thread
  bool force = false;    // the next refresh is an AXFR whatever the serial
  bool recheck = false;  // a NOTIFY came during a refresh: check again after it
  std::uint32_t failures = 0;
  std::int64_t acquired = 0;
  std::int64_t last_refresh = 0;
  std::int64_t next_refresh_wall = 0;
  std::optional<std::uint32_t> notified;
  bool file_dirty = false;
  std::string last_transfer;
  std::string last_error;
  // What the last SOA check saw: the primary's serial, which primary, when.
  std::optional<std::uint32_t> primary_serial;
  std::string primary;
  std::int64_t primary_checked = 0;

  // Held while the zone file is written: a transfer thread and zoned-control write may both
  // want to, and the temp file's name is the same for both.
  std::mutex write_mutex;

  std::optional<std::uint32_t> serial() const {
    if (!snapshot) return std::nullopt;
    return snapshot->serial();
  }
  SoaTimers timers() const {
    zone::ZoneRecord soa;
    if (snapshot && zone::soa_record(*snapshot, soa)) return bounded_timers(soa.rdata, settings);
    return bounded_timers({}, settings);
  }
};

// What one refresh came to.
struct SecondaryService::Outcome {
  enum class Kind : std::uint8_t { kUpToDate, kTransferred, kFailed } kind = Kind::kFailed;
  std::shared_ptr<const zone::ZoneSnapshot> snapshot;  // kTransferred
  std::string what;                                    // kTransferred: the log's words
  std::string error;                                   // kFailed
  std::optional<std::uint32_t> primary_serial;         // the last serial a primary gave
  std::string primary;                                 // which primary gave it
};

SecondaryService::SecondaryService(server::Server& server, const config::Config& config,
                                   XfrTimeouts timeouts)
    : server_(server),
      timeouts_(timeouts),
      state_path_(config.server.xfrdfile),
      zonefiles_write_(config.server.zonefiles_write),
      thread_count_(4) {
  timeouts_.cancel = &cancel_;
  for (const config::Zone& z : config.zones) {
    if (z.is_secondary()) zones_.emplace(wire::name_key(z.apex), make_zone(config, z));
  }
}

SecondaryService::~SecondaryService() {
  stop();
}

std::shared_ptr<SecondaryService::Zone> SecondaryService::make_zone(const config::Config& config,
                                                                    const config::Zone& z) {
  auto zone = std::make_shared<Zone>();
  zone->name = server::zone_display_name(z.apex);
  zone->key = wire::name_key(z.apex);
  zone->apex.assign(z.apex);
  zone->settings = z.settings;
  zone->primaries = primaries_of(config, z);
  zone->zonefile = config::zonefile_path(config, z);
  return zone;
}

void SecondaryService::schedule(Zone& zone, Event event, Clock::time_point when) {
  unschedule(zone, event);
  zone.due[event] = when;
  agenda_.emplace(when, zone.key, event);
  wake_scheduler_.notify_one();
}

void SecondaryService::unschedule(Zone& zone, Event event) {
  if (zone.due[event] != kNever) agenda_.erase({zone.due[event], zone.key, event});
  zone.due[event] = kNever;
}

void SecondaryService::restore() {
  std::vector<SecondaryZoneRecord> records;
  std::string error;
  if (!zones_.empty() && !read_secondary_state(state_path_, records, error)) {
    log_warning("secondary state %s not used (%s): every secondary zone is checked at once",
                state_path_.c_str(), error.c_str());
    records.clear();
  }
  // What a write cut short by a crash left behind (the files themselves are whole).
  std::size_t stale = zone::remove_stale_temp_files(state_path_);
  for (const auto& [key, zone] : zones_) {
    if (zone->zonefile) stale += zone::remove_stale_temp_files(*zone->zonefile);
  }
  if (stale > 0) log_info("removed %zu temp file(s) of writes cut short by an earlier stop", stale);
  std::map<std::string, const SecondaryZoneRecord*> by_key;
  for (const SecondaryZoneRecord& r : records)
    by_key.emplace(r.zone, &r);
  std::map<std::string, std::shared_ptr<const zone::ZoneSnapshot>> loaded;
  for (const auto& s : server_.zones())
    loaded.emplace(wire::name_key(s->apex()), s);

  std::vector<std::shared_ptr<Zone>> expired;
  {
    std::lock_guard lock(mutex_);
    const Clock::time_point now = Clock::now();
    const std::int64_t wall = wall_now();
    for (auto& [key, zone] : zones_) {
      const auto found = loaded.find(key);
      if (found != loaded.end()) zone->snapshot = found->second;
      const auto saved = by_key.find(wire::to_text(zone->apex.view()));
      const SecondaryZoneRecord* record = saved != by_key.end() ? saved->second : nullptr;
      Clock::time_point refresh_at = now;
      if (zone->snapshot) {
        const SoaTimers timers = zone->timers();
        if (record != nullptr && record->has_serial && record->serial == *zone->serial()) {
          zone->acquired = record->acquired;
          zone->last_refresh = record->last_refresh;
          zone->failures = record->retry_step;
          zone->last_transfer = record->last_transfer;
          zone->last_error = record->last_error;
          if (record->has_notified) zone->notified = record->notified_serial;
          const std::int64_t expire_left = record->last_refresh + timers.expire - wall;
          zone->expired = record->expired || expire_left <= 0;
          if (!zone->expired) zone->expire_at = now + std::chrono::seconds(expire_left);
          refresh_at =
              now + std::chrono::seconds(std::max<std::int64_t>(
                        0, std::min<std::int64_t>(record->next_refresh - wall, timers.refresh)));
          if (zone->notified && wire::serial_gt(*zone->notified, *zone->serial())) refresh_at = now;
        } else {
          // No state for this version (first start, or the file was replaced): how old it
          // is we cannot tell, so it counts as fresh and is checked at once.
          zone->acquired = wall;
          zone->last_refresh = wall;
          zone->expire_at = now + std::chrono::seconds(timers.expire);
        }
        if (zone->expired) {
          expired.push_back(zone);
        } else {
          schedule(*zone, kExpire, zone->expire_at);
        }
      }
      schedule(*zone, kRefresh, refresh_at);
    }
  }
  for (const auto& zone : expired) {
    server_.set_zone_expired(zone->apex.view(), true);
    log_warning(
        "zone %s serial %u has expired (no primary answered for longer than the SOA "
        "expire before the restart): answering SERVFAIL until a transfer succeeds",
        zone->name.c_str(), zone->snapshot->serial());
  }
}

void SecondaryService::start() {
  if (zones_.empty() || scheduler_.joinable()) return;
  stopping_ = false;
  cancel_ = false;
  scheduler_ = std::thread([this] { run_scheduler(); });
  for (unsigned i = 0; i < thread_count_; ++i)
    job_threads_.emplace_back([this] { run_jobs(); });
}

void SecondaryService::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && !scheduler_.joinable()) return;
    stopping_ = true;
  }
  cancel_ = true;
  wake_scheduler_.notify_all();
  wake_jobs_.notify_all();
  if (scheduler_.joinable()) scheduler_.join();
  for (std::thread& t : job_threads_)
    t.join();
  job_threads_.clear();
  std::vector<std::shared_ptr<Zone>> dirty;
  {
    std::lock_guard lock(mutex_);
    for (auto& [key, zone] : zones_) {
      if (zone->file_dirty) dirty.push_back(zone);
    }
  }
  for (const auto& zone : dirty)
    write_zone_file(zone);
  if (!zones_.empty()) save_state(true);
}

void SecondaryService::run_scheduler() {
  std::unique_lock lock(mutex_);
  Clock::time_point next_state_write = Clock::now();
  while (!stopping_) {
    std::vector<std::function<void()>> later;
    const Clock::time_point now = Clock::now();
    while (!agenda_.empty() && std::get<0>(*agenda_.begin()) <= now) {
      const auto [when, key, event] = *agenda_.begin();
      agenda_.erase(agenda_.begin());
      const auto found = zones_.find(key);
      if (found == zones_.end()) continue;
      found->second->due[event] = kNever;
      switch (event) {
        case kRefresh:
          on_refresh(found->second, later);
          break;
        case kExpire:
          on_expire(found->second, later);
          break;
        case kFlush:
          on_flush(found->second, later);
          break;
        case kEventCount:
          break;
      }
    }
    const bool save = state_dirty_ && now >= next_state_write;
    if (save) {
      state_dirty_ = false;
      next_state_write = now + std::chrono::seconds(1);  // thousands of zones: one write a second
    }
    if (!later.empty() || save) {
      lock.unlock();
      for (auto& step : later)
        step();
      if (save) save_state(false);
      lock.lock();
      continue;
    }
    Clock::time_point wake =
        agenda_.empty() ? now + std::chrono::hours(1) : std::get<0>(*agenda_.begin());
    if (state_dirty_) wake = std::min(wake, next_state_write);
    wake_scheduler_.wait_until(lock, wake);
  }
}

void SecondaryService::run_jobs() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_jobs_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
    if (stopping_) return;
    Job job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    if (job.write) {
      write_zone_file(job.zone);
      lock.lock();
      job.zone->busy = false;
      if (job.zone->recheck) schedule(*job.zone, kRefresh, Clock::now());
      job.zone->recheck = false;
      continue;
    }
    Outcome outcome = refresh(*job.zone);
    if (outcome.kind == Outcome::Kind::kTransferred && !server_.publish_zone(outcome.snapshot)) {
      outcome.kind = Outcome::Kind::kFailed;
      outcome.error = "the zone is no longer configured";
    }
    lock.lock();
    finish_refresh(job.zone, outcome);
    const bool write_now = outcome.kind == Outcome::Kind::kTransferred && zonefiles_write_ == 0 &&
                           job.zone->zonefile.has_value() && !stopping_;
    if (write_now) {
      job.zone->busy = true;
      lock.unlock();
      write_zone_file(job.zone);
      lock.lock();
      job.zone->busy = false;
    }
    if (job.zone->recheck) {
      job.zone->recheck = false;
      schedule(*job.zone, kRefresh, Clock::now());
    }
  }
}

void SecondaryService::on_refresh(const std::shared_ptr<Zone>& zone,
                                  std::vector<std::function<void()>>&) {
  if (zone->busy) {
    zone->recheck = true;
    return;
  }
  zone->busy = true;
  jobs_.push_back(Job{zone, false});
  wake_jobs_.notify_one();
}

void SecondaryService::on_expire(const std::shared_ptr<Zone>& zone,
                                 std::vector<std::function<void()>>& later) {
  if (!zone->snapshot || zone->expired) return;
  if (Clock::now() < zone->expire_at) {
    schedule(*zone, kExpire, zone->expire_at);
    return;
  }
  zone->expired = true;
  state_dirty_ = true;
  const std::uint32_t serial = *zone->serial();
  const std::int64_t since = wall_now() - zone->last_refresh;
  const std::string name = zone->name;
  const wire::Name apex = zone->apex;
  later.push_back([this, name, apex, serial, since] {
    server_.set_zone_expired(apex.view(), true);
    log_error(
        "zone %s serial %u expired: no primary answered for %lld s (SOA expire). "
        "Answering SERVFAIL until a transfer succeeds; retrying",
        name.c_str(), serial, static_cast<long long>(since));
  });
}

void SecondaryService::on_flush(const std::shared_ptr<Zone>& zone,
                                std::vector<std::function<void()>>&) {
  if (!zone->file_dirty) return;
  if (zone->busy) {
    schedule(*zone, kFlush, Clock::now() + std::chrono::seconds(1));
    return;
  }
  zone->busy = true;
  jobs_.push_back(Job{zone, true});
  wake_jobs_.notify_one();
}

SecondaryService::Outcome SecondaryService::refresh(Zone& zone) {
  // A copy of what the transfer needs; the zone's state may change meanwhile only through
  // NOTIFYs (recheck) and control commands (force).
  std::shared_ptr<const zone::ZoneSnapshot> current;
  bool expired = false;
  bool force = false;
  std::vector<Primary> primaries;
  config::ZoneSettings settings;
  {
    std::lock_guard lock(mutex_);
    current = zone.snapshot;
    expired = zone.expired;
    force = zone.force;
    zone.force = false;
    primaries = zone.primaries;  // a reconfig may replace them meanwhile
    settings = zone.settings;
  }
  Outcome outcome;
  if (primaries.empty()) {
    outcome.error = "no request-xfr primary";
    return outcome;
  }
  const bool have_data = current != nullptr;
  const std::uint32_t our_serial = have_data ? current->serial() : 0;
  zone::ZoneRecord our_soa;
  const bool have_soa = current && zone::soa_record(*current, our_soa);

  // The order to try the primaries in: as configured, or by their serial, highest first,
  // with multi-primary-check.
  std::vector<std::pair<const Primary*, std::optional<SoaAnswer>>> order;
  for (const Primary& p : primaries)
    order.emplace_back(&p, std::nullopt);
  if (*settings.multi_primary_check && !force) {
    for (auto& [p, soa] : order)
      soa = query_soa(*p, zone.apex.view(), timeouts_);
    std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
      if (!a.second || !a.second->ok) return false;
      if (!b.second || !b.second->ok) return true;
      return wire::serial_gt(a.second->serial, b.second->serial);
    });
  }

  std::vector<std::string> errors;
  for (auto& [primary_ptr, checked] : order) {
    if (cancel_) {
      errors.push_back("zoned is stopping");
      break;
    }
    const Primary& p = *primary_ptr;
    const std::string from = p.text + " (" + key_text(p) + ")";
    bool take_any = force || !have_data;  // a zone without data takes whatever the primary has
    if (!force) {
      const SoaAnswer soa = checked ? *checked : query_soa(p, zone.apex.view(), timeouts_);
      if (!soa.ok) {
        errors.push_back(p.text + ": SOA query: " + soa.error);
        continue;
      }
      outcome.primary_serial = soa.serial;
      outcome.primary = p.text;
      if (have_data && !wire::serial_gt(soa.serial, our_serial)) {
        if (!expired) {
          if (soa.serial != our_serial) {
            log_warning(
                "zone %s: primary %s has serial %u, older than ours (%u): not "
                "transferred. If the primary's serial was reset on purpose, run "
                "zoned-control force_transfer %s",
                zone.name.c_str(), from.c_str(), soa.serial, our_serial, zone.name.c_str());
          }
          outcome.kind = Outcome::Kind::kUpToDate;
          log_debug("zone %s is up to date with %s at serial %u", zone.name.c_str(), from.c_str(),
                    soa.serial);
          return outcome;
        }
        // Expired: what we hold is worth nothing any more, whatever its serial. Taking the
        // primary's zone is the way out when its serial was reset (NSD issue #213).
        log_warning("zone %s expired at serial %u; primary %s has %u: taking it by AXFR",
                    zone.name.c_str(), our_serial, from.c_str(), soa.serial);
        take_any = true;
      }
    }
    const bool want_ixfr = have_soa && !take_any && !p.axfr_only;
    const XfrLimits limits{*settings.size_limit_xfr, *settings.max_records};
    const auto start = Clock::now();
    XfrResult result;
    std::string kind = want_ixfr ? "IXFR" : "AXFR";
    if (want_ixfr && p.udp) {
      result = fetch_zone(p, zone.apex.view(), &our_soa, limits, timeouts_, true);
      if (result.kind == XfrResult::Kind::kFailed)
        log_debug("zone %s: IXFR over UDP from %s: %s; over TCP now", zone.name.c_str(),
                  from.c_str(), result.error.c_str());
    }
    if (want_ixfr && (!p.udp || result.kind == XfrResult::Kind::kFailed)) {
      result = fetch_zone(p, zone.apex.view(), &our_soa, limits, timeouts_);
    }
    std::shared_ptr<const zone::ZoneSnapshot> fresh;
    std::string failure;
    if (want_ixfr) {
      if (result.kind == XfrResult::Kind::kUpToDate) {
        outcome.kind = Outcome::Kind::kUpToDate;
        return outcome;
      }
      if (result.kind == XfrResult::Kind::kIncremental) {
        ApplyResult applied = apply_deltas(*current, result.deltas, limits.records);
        if (applied.snapshot) {
          fresh = std::move(applied.snapshot);
        } else {
          failure = applied.error;
        }
      } else if (result.kind == XfrResult::Kind::kFailed) {
        failure = result.error;
      } else {
        kind = "IXFR (answered as AXFR)";
      }
      // RFC 1995 §4 and NSD issue #479: a primary that cannot give an IXFR that applies
      // still has the zone; ask for all of it.
      const bool fallback =
          !fresh && result.kind != XfrResult::Kind::kFull && *settings.allow_axfr_fallback;
      if (fallback) {
        log_info("zone %s: IXFR from %s failed (%s): trying AXFR", zone.name.c_str(), from.c_str(),
                 failure.c_str());
        result = fetch_zone(p, zone.apex.view(), nullptr, limits, timeouts_);
        kind = "AXFR (after IXFR failed)";
        failure.clear();
      }
    } else {
      result = fetch_zone(p, zone.apex.view(), nullptr, limits, timeouts_);
    }
    if (!fresh && failure.empty()) {
      if (result.kind == XfrResult::Kind::kFull && result.contents) {
        std::vector<zone::ZoneProblem> problems = zone::check_zone(*result.contents);
        const auto bad = std::find_if(problems.begin(), problems.end(),
                                      [](const zone::ZoneProblem& z) { return !z.warning; });
        if (bad != problems.end()) {
          failure = "the zone fails its checks: " + bad->message;
        } else if (have_data && !take_any && !wire::serial_gt(result.serial, our_serial)) {
          failure = "it sent serial " + std::to_string(result.serial) + ", not newer than ours (" +
                    std::to_string(our_serial) + ")";
        } else {
          fresh = zone::build_snapshot(std::move(*result.contents));
        }
      } else if (result.kind == XfrResult::Kind::kFailed) {
        failure = result.error;
      } else {
        failure = "unexpected answer to an AXFR";
      }
    }
    if (!fresh) {
      log_warning("zone %s: %s from %s failed: %s; the zone keeps serial %s", zone.name.c_str(),
                  kind.c_str(), from.c_str(), failure.c_str(),
                  have_data ? std::to_string(our_serial).c_str() : "(none: not served)");
      errors.push_back(p.text + ": " + kind + ": " + failure);
      continue;
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    char line[512];
    std::snprintf(line, sizeof line, "%s from %s: %zu messages, %zu records, %zu octets, %.3f s",
                  kind.c_str(), from.c_str(), result.messages, result.records, result.bytes,
                  seconds);
    outcome.kind = Outcome::Kind::kTransferred;
    outcome.snapshot = std::move(fresh);
    outcome.what = line;
    return outcome;
  }
  outcome.kind = Outcome::Kind::kFailed;
  for (const std::string& e : errors)
    outcome.error += (outcome.error.empty() ? "" : "; ") + e;
  return outcome;
}

void SecondaryService::finish_refresh(const std::shared_ptr<Zone>& zone, Outcome& outcome) {
  Zone& z = *zone;
  z.busy = false;
  state_dirty_ = true;
  const Clock::time_point now = Clock::now();
  const std::int64_t wall = wall_now();
  if (outcome.primary_serial) {
    z.primary_serial = outcome.primary_serial;
    z.primary = outcome.primary;
    z.primary_checked = wall;
  }
  if (outcome.kind == Outcome::Kind::kFailed) {
    z.failures += 1;
    z.last_error = server::utc_time_text(wall) + " " + outcome.error;
    const std::uint32_t wait = retry_after(z.timers(), z.failures, z.settings);
    z.next_refresh_wall = wall + wait;
    schedule(z, kRefresh, now + std::chrono::seconds(wait));
    log_warning("zone %s: no primary could be used (%s); retry %u in %u s%s", z.name.c_str(),
                outcome.error.c_str(), z.failures, wait,
                z.snapshot ? "" : " (the zone is not served until it is transferred)");
    return;
  }
  if (outcome.kind == Outcome::Kind::kTransferred) {
    const std::optional<std::uint32_t> before = z.serial();
    z.snapshot = outcome.snapshot;
    z.acquired = wall;
    z.last_transfer = outcome.what + " at " + server::utc_time_text(wall);
    z.file_dirty = true;
    if (z.expired) log_info("zone %s is served again", z.name.c_str());
    z.expired = false;
    log_info("zone %s: serial %s -> %u by %s", z.name.c_str(),
             before ? std::to_string(*before).c_str() : "(none)", z.snapshot->serial(),
             outcome.what.c_str());
    if (zonefiles_write_ > 0 && z.due[kFlush] == kNever)
      schedule(z, kFlush, now + std::chrono::seconds(zonefiles_write_));
  }
  // Transferred or up to date: the primary answered, the timers start again.
  z.failures = 0;
  z.last_refresh = wall;
  const SoaTimers timers = z.timers();
  z.expire_at = now + std::chrono::seconds(timers.expire);
  if (!z.expired) schedule(z, kExpire, z.expire_at);
  const std::uint32_t wait = with_jitter(timers.refresh, unit_random());
  z.next_refresh_wall = wall + wait;
  schedule(z, kRefresh, now + std::chrono::seconds(wait));
  if (z.notified && z.snapshot && wire::serial_gt(*z.notified, z.snapshot->serial()) &&
      outcome.primary_serial && !wire::serial_gt(*z.notified, *outcome.primary_serial)) {
    // The NOTIFY promised a serial the primary has, yet we did not get it: try again soon.
    schedule(z, kRefresh, now + std::chrono::seconds(std::min<std::uint32_t>(timers.retry, 5)));
  }
}

void SecondaryService::write_zone_file(const std::shared_ptr<Zone>& zone) {
  std::lock_guard writing(zone->write_mutex);
  std::shared_ptr<const zone::ZoneSnapshot> snapshot;
  {
    std::lock_guard lock(mutex_);
    if (!zone->zonefile || !zone->snapshot || !zone->file_dirty) return;
    snapshot = zone->snapshot;
    zone->file_dirty = false;
  }
  const auto start = Clock::now();
  std::string error;
  if (!zone::write_zone_file(*snapshot, *zone->zonefile, error)) {
    log_error(
        "zone %s serial %u not written: %s; the zone stays served and the write is "
        "retried",
        zone->name.c_str(), snapshot->serial(), error.c_str());
    std::lock_guard lock(mutex_);
    zone->file_dirty = true;
    if (!stopping_) schedule(*zone, kFlush, Clock::now() + std::chrono::seconds(60));
    return;
  }
  server_.zone_file_written(zone->apex.view(), *zone->zonefile);
  log_info("zone %s serial %u written to %s (%.3f s)", zone->name.c_str(), snapshot->serial(),
           zone->zonefile->c_str(), std::chrono::duration<double>(Clock::now() - start).count());
}

void SecondaryService::save_state(bool clean_stop) {
  std::vector<SecondaryZoneRecord> records;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [key, zone] : zones_) {
      SecondaryZoneRecord r;
      r.zone = wire::to_text(zone->apex.view());
      std::transform(r.zone.begin(), r.zone.end(), r.zone.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (const auto serial = zone->serial()) {
        r.has_serial = true;
        r.serial = *serial;
      }
      r.expired = zone->expired;
      r.acquired = zone->acquired;
      r.last_refresh = zone->last_refresh;
      // Only a clean stop keeps the refresh timers: after a crash, what happened in the last
      // second (a NOTIFY, a transfer cut short) is unknown, so every zone is checked at once.
      r.next_refresh = clean_stop ? zone->next_refresh_wall : 0;
      r.retry_step = zone->failures;
      if (zone->notified) {
        r.has_notified = true;
        r.notified_serial = *zone->notified;
      }
      r.last_transfer = zone->last_transfer;
      r.last_error = zone->last_error;
      records.push_back(std::move(r));
    }
  }
  std::string error;
  if (!write_secondary_state(state_path_, records, error))
    log_error("secondary state not saved: %s", error.c_str());
}

// Called by workers: mutex_ is only ever held briefly, and nothing holding it waits on the
// server (a publish waits for every worker, and a worker may be waiting here).
void SecondaryService::notify_received(const server::NotifyNews& news) {
  std::lock_guard lock(mutex_);
  const auto found = zones_.find(wire::name_key(news.apex));
  if (found == zones_.end()) {
    log_info("zone %s: NOTIFY from %s (%s) ignored: not a secondary zone here",
             wire::to_text(news.apex).c_str(), news.peer.c_str(), news.key.c_str());
    return;
  }
  Zone& zone = *found->second;
  const std::string serial_text = news.serial ? std::to_string(*news.serial) : "(none)";
  if (news.serial) {
    zone.notified = *news.serial;
    state_dirty_ = true;
  }
  if (news.serial && zone.snapshot && !zone.expired &&
      !wire::serial_gt(*news.serial, zone.snapshot->serial())) {
    log_info("zone %s: NOTIFY from %s (%s) serial %s: up to date at %u", zone.name.c_str(),
             news.peer.c_str(), news.key.c_str(), serial_text.c_str(), zone.snapshot->serial());
    return;
  }
  log_info("zone %s: NOTIFY from %s (%s) serial %s: checking the primaries", zone.name.c_str(),
           news.peer.c_str(), news.key.c_str(), serial_text.c_str());
  if (zone.busy) {
    zone.recheck = true;
  } else {
    schedule(zone, kRefresh, Clock::now());
  }
}

std::size_t SecondaryService::transfer(const wire::NameView* apex, bool force) {
  std::lock_guard lock(mutex_);
  std::size_t count = 0;
  for (auto& [key, zone] : zones_) {
    if (apex != nullptr && key != wire::name_key(*apex)) continue;
    zone->force = zone->force || force;
    log_info("zone %s: %s requested", zone->name.c_str(),
             force ? "forced AXFR (force_transfer)" : "check of the primaries (transfer)");
    if (zone->busy) {
      zone->recheck = true;
    } else {
      schedule(*zone, kRefresh, Clock::now());
    }
    ++count;
  }
  return count;
}

std::size_t SecondaryService::write_zone_files(const wire::NameView* apex) {
  std::vector<std::shared_ptr<Zone>> chosen;
  {
    std::lock_guard lock(mutex_);
    for (auto& [key, zone] : zones_) {
      if (apex != nullptr && key != wire::name_key(*apex)) continue;
      if (zone->file_dirty) chosen.push_back(zone);
    }
  }
  for (const auto& zone : chosen)
    write_zone_file(zone);
  return chosen.size();
}

std::optional<SecondaryStatus> SecondaryService::status(wire::NameView apex) {
  std::lock_guard lock(mutex_);
  const auto found = zones_.find(wire::name_key(apex));
  if (found == zones_.end()) return std::nullopt;
  const Zone& z = *found->second;
  SecondaryStatus s;
  if (z.expired) {
    s.state = "expired";
  } else if (!z.snapshot) {
    s.state = "waiting for the first transfer";
  } else if (z.busy || z.failures > 0) {
    s.state = "refreshing";
  } else {
    s.state = "ok";
  }
  if (const auto serial = z.serial()) {
    s.has_serial = true;
    s.serial = *serial;
  }
  s.acquired = z.acquired;
  if (z.notified) {
    s.has_notified = true;
    s.notified_serial = *z.notified;
  }
  s.next_refresh =
      z.busy ? -1
             : (z.due[kRefresh] == kNever
                    ? 0
                    : std::max<std::int64_t>(0, std::chrono::duration_cast<std::chrono::seconds>(
                                                    z.due[kRefresh] - Clock::now())
                                                    .count()));
  s.failures = z.failures;
  if (z.primary_serial) {
    s.has_primary_serial = true;
    s.primary_serial = *z.primary_serial;
    s.primary = z.primary;
    s.primary_checked = z.primary_checked;
  }
  s.last_transfer = z.last_transfer;
  s.last_error = z.last_error;
  return s;
}

bool SecondaryService::is_secondary(wire::NameView apex) {
  std::lock_guard lock(mutex_);
  return zones_.count(wire::name_key(apex)) != 0;
}

void SecondaryService::reconfigure(const config::Config& config) {
  // Asked before locking: the server must never wait on mutex_ (see notify_received).
  std::map<std::string, std::shared_ptr<const zone::ZoneSnapshot>> loaded;
  for (const auto& s : server_.zones())
    loaded.emplace(wire::name_key(s->apex()), s);
  std::lock_guard lock(mutex_);
  std::map<std::string, std::shared_ptr<Zone>> next;
  for (const config::Zone& z : config.zones) {
    if (!z.is_secondary()) continue;
    const std::string key = wire::name_key(z.apex);
    std::shared_ptr<Zone> fresh = make_zone(config, z);
    const auto found = zones_.find(key);
    if (found != zones_.end()) {
      // Same zone: new primaries and settings, the state it has.
      Zone& old = *found->second;
      old.primaries = std::move(fresh->primaries);
      old.settings = std::move(fresh->settings);
      old.zonefile = std::move(fresh->zonefile);
      next.emplace(key, found->second);
      continue;
    }
    log_info("zone %s added: checking its primaries", fresh->name.c_str());
    if (const auto file = loaded.find(key); file != loaded.end()) {
      fresh->snapshot = file->second;
      fresh->acquired = fresh->last_refresh = wall_now();
      fresh->expire_at = Clock::now() + std::chrono::seconds(fresh->timers().expire);
      schedule(*fresh, kExpire, fresh->expire_at);
    }
    next.emplace(key, fresh);
    schedule(*fresh, kRefresh, Clock::now());
  }
  for (auto& [key, zone] : zones_) {
    if (next.count(key) != 0) continue;
    for (int e = 0; e < kEventCount; ++e)
      unschedule(*zone, static_cast<Event>(e));
    log_info("zone %s removed: no longer kept in step", zone->name.c_str());
  }
  zones_ = std::move(next);
  state_dirty_ = true;
  if (!scheduler_.joinable() && !zones_.empty() && !stopping_) {
    // The first secondary zone of a server that had none: the threads start now.
    scheduler_ = std::thread([this] { run_scheduler(); });
    for (unsigned i = 0; i < thread_count_; ++i)
      job_threads_.emplace_back([this] { run_jobs(); });
  }
}

}  // namespace zoned::transfer
