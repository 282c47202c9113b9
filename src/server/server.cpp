#include "server/server.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "server/log.h"
#include "server/transport/socket_factory.h"

namespace zoned::server {
namespace {

QueryLimits query_limits(const config::ServerOptions& options) {
  QueryLimits limits;
  limits.answer.minimal_responses = options.minimal_responses;
  limits.answer.refuse_any = options.refuse_any;
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
      worker_count_(worker_count_for(config_.server.server_count)),
      publisher_(worker_count_),
      shared_(publisher_) {
  shared_.limits = query_limits(config_.server);
  shared_.tcp_count = config_.server.tcp_count;
  shared_.tcp_timeout = std::chrono::seconds(config_.server.tcp_timeout);
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
  return load_and_publish();
}

LoadSummary Server::reload() {
  log_info("reloading zones");
  const LoadSummary summary = load_and_publish();
  log_info("reload done: %zu loaded, %zu kept after errors, %zu failed", summary.loaded,
           summary.kept, summary.failed);
  return summary;
}

LoadSummary Server::load_and_publish() {
  std::lock_guard lock(reload_mutex_);
  LoadSummary summary;
  std::unique_ptr<const zone::ZoneSet> set = load_zone_set(config_, published_, summary);
  published_ = set.get();
  // Waits for every busy worker to finish its batch, then frees the old set here, in this
  // thread: the workers never free zones.
  publisher_.publish(std::move(set));
  return summary;
}

bool Server::start_workers(std::string& error) {
  stop_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (stop_fd_ < 0) {
    error = std::string("eventfd: ") + std::strerror(errno);
    return false;
  }
  shared_.stop_fd = stop_fd_;
  if (published_ == nullptr) load_and_publish();  // workers need a set, if only an empty one
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
