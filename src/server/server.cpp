#include "server/server.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstring>
#include <unordered_map>

#include "config/zonefile_path.h"
#include "server/log.h"
#include "server/transport/socket_factory.h"
#include "server/zone_file_loader.h"
#include "wire/serial.h"

namespace zoned::server {
namespace {

// NSD's default identity: the host name.
std::string host_name() {
  char name[HOST_NAME_MAX + 1] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "";
  return name;
}

// `identity` and `version` must outlive the workers: they are the Server's members.
QueryLimits query_limits(const config::ServerOptions& options, const std::string& identity,
                         const std::string& version) {
  QueryLimits limits;
  limits.answer.minimal_responses = options.minimal_responses;
  limits.answer.refuse_any = options.refuse_any;
  if (options.nsid) limits.answer.nsid = options.nsid->bytes;
  limits.answer.chaos.identity = identity;
  limits.answer.chaos.version = version;
  limits.answer.chaos.hide_identity = options.hide_identity;
  limits.answer.chaos.hide_version = options.hide_version;
  limits.ipv4_edns_size = options.ipv4_edns_size;
  limits.ipv6_edns_size = options.ipv6_edns_size;
  return limits;
}

SocketOptions socket_options(const config::ServerOptions& options) {
  SocketOptions s;
  s.send_buffer_size = options.send_buffer_size;
  s.receive_buffer_size = options.receive_buffer_size;
  s.ip_transparent = options.ip_transparent;
  return s;
}

}  // namespace

unsigned worker_count_for(std::uint32_t server_count) {
  if (server_count > 0) return server_count;
  const unsigned cpus = std::thread::hardware_concurrency();
  return cpus > 0 ? cpus : 1;
}

Server::Server(config::Config config)
    : config_(std::move(config)),
      policies_(config_),
      worker_count_(worker_count_for(config_.server.server_count)),
      publisher_(worker_count_),
      shared_(publisher_) {
  identity_ = config_.server.identity.value_or(host_name());
  version_ = config_.server.version.value_or(std::string("zoned ") + kVersion);
  shared_.limits = query_limits(config_.server, identity_, version_);
  shared_.tcp_count_per_worker =
      std::max<std::uint32_t>(1, config_.server.tcp_count / worker_count_);
  shared_.tcp_timeout = std::chrono::seconds(config_.server.tcp_timeout);
  shared_.tcp_query_count = config_.server.tcp_query_count;
  const config::ServerOptions& o = config_.server;
  const std::uint32_t per_client = o.tcp_count_per_client != 0
                                       ? o.tcp_count_per_client
                                       : std::max<std::uint32_t>(1, o.tcp_count / 2);
  tcp_clients_ = std::make_unique<TcpClientCounts>(per_client);
  shared_.tcp_clients = tcp_clients_.get();
  if (o.rrl_ratelimit_set && o.rrl_ratelimit > 0) {
    RateLimitOptions rrl;
    rrl.buckets = static_cast<std::uint32_t>(std::min<std::uint64_t>(o.rrl_size, 1u << 26));
    rrl.ratelimit = o.rrl_ratelimit;
    rrl.whitelist_ratelimit = o.rrl_whitelist_ratelimit;
    rrl.slip = o.rrl_slip;
    rrl.ipv4_prefix = o.rrl_ipv4_prefix_length;
    rrl.ipv6_prefix = o.rrl_ipv6_prefix_length;
    rate_limiter_ = std::make_unique<RateLimiter>(rrl);
    shared_.limits.rrl = rate_limiter_.get();
    log_info("response rate limiting: %u responses a second per bucket, slip %u, %u buckets",
             rrl.ratelimit, rrl.slip, rrl.buckets);
  }
}

void Server::use_cookie_secrets(std::vector<wire::CookieSecret> secrets, bool random) {
  cookie_secrets_ = std::make_unique<CookieSecretStore>(std::move(secrets), random);
  if (config_.server.answer_cookie) shared_.limits.cookies = cookie_secrets_.get();
}

Server::~Server() {
  stop();
  if (stop_fd_ >= 0) close(stop_fd_);
}

bool Server::open_sockets(std::string& error) {
  endpoints_ = listen_endpoints(config_.server, error);
  if (endpoints_.empty()) return false;
  const SocketOptions options = socket_options(config_.server);
  udp_per_worker_.resize(worker_count_);
  for (const Endpoint& endpoint : endpoints_) {
    for (unsigned w = 0; w < worker_count_; ++w) {
      const int fd = open_udp_socket(endpoint, options, error);
      if (fd < 0) return false;
      udp_per_worker_[w].push_back(std::make_unique<UdpListener>(fd, endpoint));
    }
    const int fd = open_tcp_listener(endpoint, options, error);
    if (fd < 0) return false;
    tcp_listeners_.push_back(std::make_unique<TcpListener>(fd, endpoint.text));
    shared_.tcp_listeners.push_back(tcp_listeners_.back().get());
  }
  return true;
}

LoadSummary Server::load_zones() {
  std::size_t unchanged = 0;
  return load_and_publish(unchanged);
}

LoadSummary Server::reload() {
  log_info("reloading zones");
  std::size_t unchanged = 0;
  const LoadSummary summary = load_and_publish(unchanged);
  log_info("reload done: %zu loaded, %zu unchanged, %zu kept after errors, %zu failed",
           summary.loaded, unchanged, summary.kept, summary.failed);
  return summary;
}

namespace {

using SnapshotPtr = std::shared_ptr<const zone::ZoneSnapshot>;

bool is_placeholder(const ServedZones& served, std::size_t i) {
  return served.any_unavailable && served.availability[i] == ZoneAvailability::kNotLoaded;
}

// The zones of `served` that have data (placeholders left out), by name key.
std::unordered_map<std::string, SnapshotPtr> index_by_key(const ServedZones* served) {
  std::unordered_map<std::string, SnapshotPtr> index;
  if (served == nullptr) return index;
  const auto& zones = served->set.zones();
  for (std::size_t i = 0; i < zones.size(); ++i) {
    if (!is_placeholder(*served, i))
      index.emplace(wire::name_key(zone::snapshot_apex(*zones[i])), zones[i]);
  }
  return index;
}

// What holds the apex of a configured zone that has no data, so that its queries get
// SERVFAIL rather than the parent zone's answer: a snapshot of the apex alone.
SnapshotPtr placeholder_for(wire::NameView apex) {
  zone::ZoneContents contents(apex);
  contents.finish();
  return zone::build_snapshot(std::move(contents));
}

std::unordered_map<std::string, SnapshotPtr> index_by_key_of(const zone::ZoneSet& set) {
  std::unordered_map<std::string, SnapshotPtr> index;
  for (const SnapshotPtr& s : set.zones())
    index.emplace(wire::name_key(zone::snapshot_apex(*s)), s);
  return index;
}

// A zone of the configuration, and what the reload does with it.
struct ZonePlan {
  std::string key;
  SnapshotPtr kept;                    // unchanged: served as it is
  std::optional<FileIdentity> before;  // the file's identity before it is read
};

}  // namespace

LoadSummary Server::load_and_publish(std::size_t& unchanged, const std::string* only) {
  std::lock_guard lock(reload_mutex_);
  LoadSummary summary;
  // Which zones to read: those whose file changed (or cannot be stat'ed, or failed before);
  // the others keep the snapshot they have.
  const auto previous = index_by_key(published_);
  std::vector<ZonePlan> plans;
  plans.reserve(config_.zones.size());
  for (const config::Zone& zone : config_.zones) {
    ZonePlan plan{wire::name_key(zone.apex), nullptr, std::nullopt};
    if (const std::optional<std::string> path = config::zonefile_path(config_, zone))
      plan.before = identify_file(*path);
    const auto found = previous.find(plan.key);
    if (only != nullptr && plan.key != *only) {
      // zoned-control reload <zone>: every other zone stays as it is.
      if (found != previous.end()) plan.kept = found->second;
    } else if (only == nullptr && found != previous.end() && plan.before &&
               file_states_.unchanged(plan.key, *plan.before)) {
      plan.kept = found->second;
      ++unchanged;
      log_debug("zone %s unchanged, not reloaded", zone_display_name(zone.apex).c_str());
    }
    plans.push_back(std::move(plan));
  }
  std::vector<std::uint8_t> read(plans.size());
  for (std::size_t i = 0; i < plans.size(); ++i)
    read[i] = plans[i].kept == nullptr && (only == nullptr || plans[i].key == *only);
  std::vector<SnapshotPtr> with_data;
  with_data.reserve(previous.size());
  for (const auto& [key, snapshot] : previous)
    with_data.push_back(snapshot);
  const zone::ZoneSet previous_set(std::move(with_data));
  std::unique_ptr<const zone::ZoneSet> loaded =
      load_zone_set(config_, published_ ? &previous_set : nullptr, read, summary);
  const std::vector<SnapshotPtr> updated = announce_updates(*loaded);
  // A zone read now loaded when its snapshot is a new one; otherwise it failed (kept its
  // old snapshot or is not served) and is read again next time, whatever its file says.
  const auto fresh = index_by_key_of(*loaded);
  for (const ZonePlan& plan : plans) {
    if (plan.kept) continue;
    const auto now = fresh.find(plan.key);
    const auto before = previous.find(plan.key);
    const bool is_new =
        now != fresh.end() && (before == previous.end() || before->second != now->second);
    if (is_new && plan.before) {
      file_states_.loaded(plan.key, *plan.before);
    } else {
      file_states_.forget(plan.key);
    }
  }
  std::vector<SnapshotPtr> zones;
  zones.reserve(config_.zones.size());
  for (const ZonePlan& plan : plans) {
    const auto now = fresh.find(plan.key);
    zones.push_back(now != fresh.end() ? now->second : nullptr);
  }
  publish_locked(std::move(zones));
  for (const SnapshotPtr& z : updated)
    update_listener_->zone_published(z);
  return summary;
}

void Server::publish_locked(std::vector<SnapshotPtr> zones) {
  // Placeholders are kept from one set to the next, so that a set with the same zones
  // holds the same snapshots.
  std::unordered_map<std::string, SnapshotPtr> placeholders;
  if (published_ != nullptr) {
    for (std::size_t i = 0; i < published_->set.zones().size(); ++i) {
      if (is_placeholder(*published_, i))
        placeholders.emplace(wire::name_key(published_->set.zones()[i]->apex()),
                             published_->set.zones()[i]);
    }
  }
  std::vector<ZoneAvailability> availability(zones.size(), ZoneAvailability::kServing);
  std::unordered_map<std::string, ZoneAvailability> unavailable;
  for (std::size_t i = 0; i < zones.size(); ++i) {
    const config::Zone& zone = config_.zones[i];
    const std::string key = wire::name_key(zone.apex);
    if (zones[i] == nullptr) {
      const auto found = placeholders.find(key);
      zones[i] = found != placeholders.end() ? found->second : placeholder_for(zone.apex);
      availability[i] = ZoneAvailability::kNotLoaded;
    } else if (const auto was = unavailable_.find(key);
               was != unavailable_.end() && was->second == ZoneAvailability::kExpired) {
      availability[i] = ZoneAvailability::kExpired;
    }
    if (availability[i] != ZoneAvailability::kServing) unavailable.emplace(key, availability[i]);
  }
  unavailable_ = std::move(unavailable);
  auto served = std::make_unique<const ServedZones>(zone::ZoneSet(std::move(zones)), policies_,
                                                    std::move(availability));
  published_ = served.get();
  // Waits for every busy worker to finish its batch, then frees the old set here, in this
  // thread: the workers never free zones.
  publisher_.publish(std::move(served));
}

bool Server::publish_zone(SnapshotPtr snapshot) {
  std::lock_guard lock(reload_mutex_);
  const std::string key = wire::name_key(snapshot->apex());
  std::vector<SnapshotPtr> zones;
  zones.reserve(config_.zones.size());
  const auto current = index_by_key(published_);
  SnapshotPtr before;
  bool configured = false;
  for (const config::Zone& zone : config_.zones) {
    const std::string k = wire::name_key(zone.apex);
    const auto found = current.find(k);
    const SnapshotPtr was = found != current.end() ? found->second : nullptr;
    if (k == key) {
      configured = true;
      before = was;
      zones.push_back(snapshot);
    } else {
      zones.push_back(was);
    }
  }
  if (!configured) return false;
  // A transfer that went backwards (a forced one, or an expired zone taking what its
  // primary has) starts the zone's history anew: nothing to diff against.
  if (before && !wire::serial_gt(snapshot->serial(), before->serial())) before = nullptr;
  if (update_listener_ != nullptr) update_listener_->zone_updated(before, snapshot);
  unavailable_.erase(key);
  publish_locked(std::move(zones));
  if (update_listener_ != nullptr) update_listener_->zone_published(snapshot);
  return true;
}

bool Server::set_zone_expired(wire::NameView apex, bool expired) {
  std::lock_guard lock(reload_mutex_);
  const std::string key = wire::name_key(apex);
  std::vector<SnapshotPtr> zones;
  zones.reserve(config_.zones.size());
  const auto current = index_by_key(published_);
  bool configured = false;
  for (const config::Zone& zone : config_.zones) {
    const std::string k = wire::name_key(zone.apex);
    configured = configured || k == key;
    const auto found = current.find(k);
    zones.push_back(found != current.end() ? found->second : nullptr);
  }
  if (!configured) return false;
  if (expired) {
    unavailable_[key] = ZoneAvailability::kExpired;
  } else if (const auto found = unavailable_.find(key);
             found != unavailable_.end() && found->second == ZoneAvailability::kExpired) {
    unavailable_.erase(found);
  }
  publish_locked(std::move(zones));
  return true;
}

ZoneAvailability Server::availability(wire::NameView apex) {
  std::lock_guard lock(reload_mutex_);
  const auto found = unavailable_.find(wire::name_key(apex));
  return found == unavailable_.end() ? ZoneAvailability::kServing : found->second;
}

void Server::zone_file_written(wire::NameView apex, const std::string& path) {
  std::lock_guard lock(reload_mutex_);
  if (const std::optional<FileIdentity> identity = identify_file(path))
    file_states_.loaded(wire::name_key(apex), *identity);
}

std::vector<SnapshotPtr> Server::announce_updates(const zone::ZoneSet& loaded) {
  std::vector<SnapshotPtr> updated;
  if (update_listener_ == nullptr) return updated;
  const auto previous = index_by_key(published_);
  for (const SnapshotPtr& now : loaded.zones()) {
    const auto found = previous.find(wire::name_key(zone::snapshot_apex(*now)));
    const SnapshotPtr before = found == previous.end() ? nullptr : found->second;
    // A file rewritten with the same records keeps its serial: nothing to tell anyone.
    if (before == now || (before && !wire::serial_gt(now->serial(), before->serial()))) continue;
    update_listener_->zone_updated(before, now);
    updated.push_back(now);
  }
  return updated;
}

bool Server::reload_zone(wire::NameView apex, LoadSummary& summary) {
  const std::string key = wire::name_key(apex);
  bool configured = false;
  for (const config::Zone& zone : config_.zones)
    configured = configured || wire::name_key(zone.apex) == key;
  if (!configured) return false;
  log_info("reloading zone %s", zone_display_name(apex).c_str());
  std::size_t unchanged = 0;
  summary = load_and_publish(unchanged, &key);
  return true;
}

LoadSummary Server::reconfigure(config::Config fresh) {
  {
    std::lock_guard lock(reload_mutex_);
    config_.keys = std::move(fresh.keys);
    config_.tls_auths = std::move(fresh.tls_auths);
    config_.patterns = std::move(fresh.patterns);
    config_.zones = std::move(fresh.zones);
    policies_ = PolicyTable(config_, policies_.stat_groups());
  }
  std::size_t unchanged = 0;
  const LoadSummary summary = load_and_publish(unchanged);
  log_info("reconfig done: %zu zones configured, %zu loaded, %zu unchanged, %zu failed",
           config_.zones.size(), summary.loaded, unchanged, summary.failed);
  return summary;
}

std::vector<std::shared_ptr<const zone::ZoneSnapshot>> Server::zones() {
  std::lock_guard lock(reload_mutex_);
  std::vector<SnapshotPtr> zones;
  if (published_ == nullptr) return zones;
  for (std::size_t i = 0; i < published_->set.zones().size(); ++i) {
    if (!is_placeholder(*published_, i)) zones.push_back(published_->set.zones()[i]);
  }
  return zones;
}

bool Server::start_workers(std::string& error) {
  stop_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (stop_fd_ < 0) {
    error = std::string("eventfd: ") + std::strerror(errno);
    return false;
  }
  shared_.stop_fd = stop_fd_;
  if (published_ == nullptr) {  // workers need a set, if only an empty one
    std::size_t unchanged = 0;
    load_and_publish(unchanged);
  }
  for (unsigned w = 0; w < worker_count_; ++w) {
    auto worker = std::make_unique<Worker>(w, shared_, std::move(udp_per_worker_[w]));
    if (!worker->init(error)) return false;
    workers_.push_back(std::move(worker));
  }
  for (auto& worker : workers_)
    threads_.emplace_back([w = worker.get()] { w->run(); });
  log_info("serving on %zu address(es) with %u worker(s)", endpoints_.size(), worker_count_);
  return true;
}

QueryStatsTotals Server::query_stats() const {
  QueryStatsTotals totals;
  totals.server_queries.resize(worker_count_);
  for (std::size_t w = 0; w < workers_.size(); ++w)
    workers_[w]->stats().add_to(totals, w);
  return totals;
}

std::vector<std::string> Server::stat_groups() {
  std::lock_guard lock(reload_mutex_);
  return policies_.stat_groups();
}

void Server::stop() {
  if (threads_.empty()) return;
  const std::uint64_t one = 1;
  ssize_t ignored = write(stop_fd_, &one, sizeof one);  // stays readable: every worker sees it
  (void)ignored;
  for (std::thread& t : threads_)
    t.join();
  threads_.clear();
  workers_.clear();
  tcp_listeners_.clear();
}

}  // namespace zoned::server
