// The running server: sockets, worker threads, and the zones they answer from.
//
// Who owns what: the Server owns the configuration, the TCP listeners, the publisher (and
// through it the current ZoneSet) and the workers; each worker owns its UDP sockets, its
// buffers and the TCP connections it accepted. Workers read the ZoneSet through the
// publisher; only reload() (one at a time) replaces it.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "config/config_model.h"
#include "server/cookie_secrets.h"
#include "server/listen_endpoints.h"
#include "server/notify_listener.h"
#include "server/served_zones.h"
#include "server/server_loader.h"
#include "server/transport/tcp_listener.h"
#include "server/transport/udp_listener.h"
#include "server/worker.h"
#include "server/zone_file_state.h"
#include "server/zone_update_listener.h"

namespace zoned::server {

// zoned's version: `zoned -v` and the default CHAOS version.server answer ("zoned 0.1.0").
inline constexpr const char* kVersion = "0.1.0";

// server-count 0 means one worker per CPU.
unsigned worker_count_for(std::uint32_t server_count);

class Server {
 public:
  explicit Server(config::Config config);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds every address (UDP per worker, TCP once). Done before daemonizing so that a port
  // in use is reported on the terminal with exit status 1.
  bool open_sockets(std::string& error);
  // Reads every zone and publishes the first set; zones that fail are logged and left out.
  LoadSummary load_zones();
  bool start_workers(std::string& error);

  // The reload entry point (SIGHUP now, zoned-control reload later): re-reads every zone
  // file that changed since it last loaded (device, inode, size or nanosecond mtime; a zone
  // that failed last time is always re-read) and publishes the new set without stopping a
  // query. A zone that fails keeps its old snapshot. Callable from any thread; reloads are
  // serialised.
  LoadSummary reload();
  // zoned-control reload <zone>: reads that zone's file whether it changed or not. False
  // when no zone of the configuration has that apex.
  bool reload_zone(wire::NameView apex, LoadSummary& summary);
  // zoned-control reconfig: takes the keys, patterns and zones of `fresh` (server: options
  // need a restart, as with NSD), then loads what changed: new zones are read, removed
  // ones dropped.
  LoadSummary reconfigure(config::Config fresh);
  // The zones served now (a copy of the list; the snapshots are shared). Zones without
  // data are left out; expired ones are in (their data is kept).
  std::vector<std::shared_ptr<const zone::ZoneSnapshot>> zones();

  // --- for the secondary side (the transfer layer) ---
  // Publishes a transferred version of a configured zone, as a reload would (the update
  // listener journals the change when the serial grew), and serves the zone again if it
  // had expired. False when the zone is no longer configured.
  bool publish_zone(std::shared_ptr<const zone::ZoneSnapshot> snapshot);
  // An expired zone answers SERVFAIL but keeps its data; publish_zone() or
  // set_zone_expired(apex, false) serves it again. False when the zone is not configured.
  bool set_zone_expired(wire::NameView apex, bool expired);
  // Whether a configured zone is served, has no data, or has expired.
  ZoneAvailability availability(wire::NameView apex);
  // The transfer layer wrote the zone's file: a reload need not read it back.
  void zone_file_written(wire::NameView apex, const std::string& path);
  // Who hears of allowed NOTIFYs; set before start_workers().
  void set_notify_listener(NotifyListener* listener) { shared_.limits.notifies = listener; }

  // Stops the workers after their current batch and joins them.
  void stop();

  // Hooks of the layers above, set before load_zones(): who serves AXFR/IXFR out, and who
  // hears of every zone published with a new serial. Both outlive the server's workers.
  void set_transfer_source(TransferSource* source) { shared_.transfers = source; }
  // The DNS Cookie secrets (cookie_secrets.h); answered with when answer-cookie is set.
  // Before start_workers().
  // `random`: made at start, configured nowhere.
  void use_cookie_secrets(std::vector<wire::CookieSecret> secrets, bool random);
  // nullptr until use_cookie_secrets(); zoned-control's cookie commands rotate through it.
  CookieSecretStore* cookie_secrets() { return cookie_secrets_.get(); }
  void set_update_listener(ZoneUpdateListener* listener) { update_listener_ = listener; }

  const config::Config& config() const { return config_; }

  unsigned worker_count() const { return worker_count_; }
  // The query counters summed over the workers (serverN.queries: worker N's), since start.
  // Callable from any thread once start_workers() has returned (zeros before).
  QueryStatsTotals query_stats() const;
  // The zonestats: groups; group i's counters are QueryStatsTotals::groups[i].
  std::vector<std::string> stat_groups();
  const std::vector<Endpoint>& endpoints() const { return endpoints_; }

 private:
  // Loads against the current set (nullptr at start) and publishes; the old set is freed
  // once no worker can hold it any more. Zones whose files are unchanged keep their
  // snapshots and are counted in `unchanged`.
  // `only`: the key of the one zone to read (zoned-control reload <zone>), else nullptr.
  LoadSummary load_and_publish(std::size_t& unchanged, const std::string* only = nullptr);
  // Announces every zone of `loaded` with a new snapshot and a greater serial to the update
  // listener (the loader already kept the old snapshot of a zone whose serial did not
  // increase) and returns them, to be announced again once published.
  std::vector<std::shared_ptr<const zone::ZoneSnapshot>> announce_updates(
      const zone::ZoneSet& loaded);
  // Publishes `zones` (one per configured zone that has data or a placeholder) with their
  // availability; under reload_mutex_.
  void publish_locked(std::vector<std::shared_ptr<const zone::ZoneSnapshot>> zones);

  config::Config config_;
  PolicyTable policies_;
  ZoneUpdateListener* update_listener_ = nullptr;
  // What the CHAOS class answers; AnswerOptions points into these.
  std::string identity_;
  std::string version_;
  unsigned worker_count_;
  std::vector<Endpoint> endpoints_;
  ZonePublisher publisher_;
  WorkerShared shared_;
  std::unique_ptr<RateLimiter> rate_limiter_;  // rrl-ratelimit set: shared by every worker
  std::unique_ptr<CookieSecretStore> cookie_secrets_;
  std::unique_ptr<TcpClientCounts> tcp_clients_;  // tcp-count-per-client
  int stop_fd_ = -1;
  std::vector<std::unique_ptr<TcpListener>> tcp_listeners_;
  std::vector<std::vector<std::unique_ptr<UdpListener>>> udp_per_worker_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<std::thread> threads_;
  std::mutex reload_mutex_;
  // The set as last published, for the next reload to start from. Only read under
  // reload_mutex_; the publisher owns it.
  const ServedZones* published_ = nullptr;
  // The file each served zone last loaded from, under reload_mutex_.
  ZoneFileStates file_states_;
  // Zones not served as they are, by name key (absent: served), under reload_mutex_.
  std::unordered_map<std::string, ZoneAvailability> unavailable_;
};

}  // namespace zoned::server
