// The secondary side: every zone with request-xfr: entries is kept in step with its primaries.
//
// Per zone, one table of timed events (Knot's model), all in one scheduler thread, whatever
// the number of zones:
//   refresh  ask the primaries for their serial; transfer when it is newer (SOA refresh,
//            retry with back-off while every primary fails, at once after a NOTIFY or a
//            zoned-control transfer)
//   expire   the SOA expire passed without a successful refresh: the zone answers SERVFAIL
//            (its data kept for the next IXFR) until a transfer succeeds
//   flush    write the zone file (zonefiles-write seconds after a change; 0: at once)
// Transfers and file writes run on a few transfer threads, never in the scheduler or on a
// worker. A transfer is checked message by message (XfrStreamReader), the new version is
// built as a new snapshot (a full zone, or the served one with the deltas applied) and
// published through Server::publish_zone: the journal records it for IXFR out and its
// notify: list hears of it. Anything wrong leaves the served zone as it was.
//
// State (serial, timers, back-off, expiry, notified serial) is kept in the xfrdfile, so a
// restarted secondary serves from its zone files at once and resumes its timers.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "config/config_model.h"
#include "server/notify_listener.h"
#include "server/server.h"
#include "transfer/peer_address.h"
#include "transfer/xfr_client.h"

namespace zoned::transfer {

// What zoned-control zonestatus says of a secondary zone.
struct SecondaryStatus {
  std::string state;  // "ok", "refreshing", "expired", "waiting for the first transfer"
  bool has_serial = false;
  std::uint32_t serial = 0;
  std::int64_t acquired = 0;  // wall-clock seconds
  bool has_notified = false;
  std::uint32_t notified_serial = 0;
  std::int64_t next_refresh = 0;  // seconds from now; -1: in progress
  std::uint32_t failures = 0;
  // The serial a primary answered at the last SOA check (none when no check reached one).
  bool has_primary_serial = false;
  std::uint32_t primary_serial = 0;
  std::string primary;               // "192.0.2.1@53"
  std::int64_t primary_checked = 0;  // wall-clock seconds
  std::string last_transfer;
  std::string last_error;
};

class SecondaryService : public server::NotifyListener {
 public:
  using Clock = std::chrono::steady_clock;

  SecondaryService(server::Server& server, const config::Config& config, XfrTimeouts timeouts = {});
  ~SecondaryService() override;
  SecondaryService(const SecondaryService&) = delete;
  SecondaryService& operator=(const SecondaryService&) = delete;

  // Takes the zones as loaded from their files and the persisted state: an expired zone
  // stays expired, timers resume. Call after Server::load_zones(), before the workers start.
  void restore();
  void start();
  // Stops the threads (a transfer in progress is abandoned), then writes every changed zone
  // file and the state.
  void stop();

  void notify_received(const server::NotifyNews& news) override;

  // zoned-control transfer / force_transfer: `apex` nullptr means every secondary zone.
  // force: AXFR whatever the primary's serial. Returns the number of zones asked.
  std::size_t transfer(const wire::NameView* apex, bool force);
  // zoned-control write: writes the zone files of changed zones now (nullptr: all).
  std::size_t write_zone_files(const wire::NameView* apex);
  std::optional<SecondaryStatus> status(wire::NameView apex);
  bool is_secondary(wire::NameView apex);

  // zoned-control reconfig: zones added start at once, zones removed are forgotten.
  void reconfigure(const config::Config& config);

 private:
  struct Zone;
  enum Event : std::uint8_t { kRefresh, kExpire, kFlush, kEventCount };
  struct Job {
    std::shared_ptr<Zone> zone;
    bool write = false;  // write the zone file; else refresh
  };
  struct Outcome;

  std::shared_ptr<Zone> make_zone(const config::Config& config, const config::Zone& z);
  void schedule(Zone& zone, Event event, Clock::time_point when);
  void unschedule(Zone& zone, Event event);
  void run_scheduler();
  void run_jobs();
  // Event handlers, called by the scheduler with mutex_ held; what must not run under it
  // (telling the server) goes to `later`.
  void on_refresh(const std::shared_ptr<Zone>& zone, std::vector<std::function<void()>>& later);
  void on_expire(const std::shared_ptr<Zone>& zone, std::vector<std::function<void()>>& later);
  void on_flush(const std::shared_ptr<Zone>& zone, std::vector<std::function<void()>>& later);
  Outcome refresh(Zone& zone);
  void finish_refresh(const std::shared_ptr<Zone>& zone, Outcome& outcome);
  void write_zone_file(const std::shared_ptr<Zone>& zone);
  void save_state(bool clean_stop);

  server::Server& server_;
  XfrTimeouts timeouts_;
  std::string state_path_;
  std::uint32_t zonefiles_write_;
  unsigned thread_count_;

  std::mutex mutex_;
  std::condition_variable wake_scheduler_;
  std::condition_variable wake_jobs_;
  std::map<std::string, std::shared_ptr<Zone>> zones_;  // by name key
  // Every planned event: (when, zone key, event).
  std::set<std::tuple<Clock::time_point, std::string, Event>> agenda_;
  std::deque<Job> jobs_;
  bool state_dirty_ = false;
  bool stopping_ = false;
  std::atomic<bool> cancel_{false};  // tells transfers in progress to give up (stop())
  std::thread scheduler_;
  std::vector<std::thread> job_threads_;
};

}  // namespace zoned::transfer
