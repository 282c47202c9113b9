#include "server/worker.h"

#include <sys/epoll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "server/log.h"
#include "wire/message_header.h"

namespace zoned::server {
namespace {

std::size_t largest_udp_response(const QueryLimits& limits) {
  return std::max<std::size_t>({limits.ipv4_edns_size, limits.ipv6_edns_size, wire::kMaxUdpSize});
}

}  // namespace

Worker::Worker(unsigned index, WorkerShared& shared, std::vector<std::unique_ptr<UdpListener>> udp)
    : index_(index),
      shared_(shared),
      slot_(shared.publisher.register_reader()),
      udp_(std::move(udp)),
      udp_batch_(largest_udp_response(shared.limits)),
      tcp_scratch_(2 + wire::kMaxMessageSize) {}

Worker::~Worker() {
  close_all_connections();
  if (epoll_fd_ >= 0) close(epoll_fd_);
}

bool Worker::watch(int fd, EventSource* source, std::uint32_t events, std::string& error) {
  epoll_event event{};
  event.events = events;
  event.data.ptr = source;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event) == 0) return true;
  error = "worker " + std::to_string(index_) + ": epoll_ctl: " + std::strerror(errno);
  return false;
}

bool Worker::init(std::string& error) {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) {
    error = std::string("epoll_create1: ") + std::strerror(errno);
    return false;
  }
  if (!watch(shared_.stop_fd, &stop_source_, EPOLLIN, error)) return false;
  for (auto& udp : udp_) {
    if (!watch(udp->fd(), udp.get(), EPOLLIN, error)) return false;
  }
  // EPOLLEXCLUSIVE: a new connection wakes one worker, not all of them.
  for (TcpListener* listener : shared_.tcp_listeners) {
    if (!watch(listener->fd(), listener, EPOLLIN | EPOLLEXCLUSIVE, error)) return false;
  }
  return true;
}

int Worker::wait_timeout_ms() const {
  // Idle TCP connections are checked about once a second; with none, sleep until an event.
  return connections_.empty() ? -1 : 1000;
}

void Worker::run() {
  epoll_event events[kMaxEvents];
  for (;;) {
    // Offline while waiting: a reload may free the zones this worker used last batch.
    slot_.offline();
    const int count = epoll_wait(epoll_fd_, events, kMaxEvents, wait_timeout_ms());
    slot_.online();
    if (count < 0 && errno != EINTR) {
      log_error("worker %u: epoll_wait: %s", index_, std::strerror(errno));
      break;
    }
    // The zones for this whole batch: loaded once, valid until the next offline().
    const ServedZones* served = shared_.publisher.current();
    if (count > 0 && !handle_events(events, count, *served)) break;
    if (!connections_.empty()) close_idle_connections(Clock::now());
  }
  slot_.offline();
  close_all_connections();
}

bool Worker::handle_events(const epoll_event* events, int count, const ServedZones& served) {
  const Clock::time_point now = Clock::now();
  for (int i = 0; i < count; ++i) {
    auto* source = static_cast<EventSource*>(events[i].data.ptr);
    switch (source->kind) {
      case EventSource::Kind::kStop:
        return false;
      case EventSource::Kind::kUdpSocket:
        static_cast<UdpListener*>(source)->serve(served, shared_.limits, udp_batch_, stats_);
        break;
      case EventSource::Kind::kTcpListener:
        accept_connections(*static_cast<TcpListener*>(source), now);
        break;
      case EventSource::Kind::kTcpConnection: {
        auto* connection = static_cast<TcpConnection*>(source);
        // Evicted earlier in this batch (kept alive until its end): nothing more to do.
        if (!evicted_.empty() && !connections_.contains(connection)) break;
        serve_connection(*connection, events[i].events, served, now);
        break;
      }
    }
  }
  evicted_.clear();  // closes them
  return true;
}

void Worker::accept_connections(TcpListener& listener, Clock::time_point now) {
  // A few per event: the listener stays readable (level-triggered) if more are waiting.
  for (int i = 0; i < 16; ++i) {
    sockaddr_storage peer{};
    const int fd = listener.accept_connection(peer);
    if (fd < 0) return;
    // Accepted and closed at once when over a limit, so the backlog never fills with clients
    // waiting for nothing.
    if (shared_.tcp_clients != nullptr && !shared_.tcp_clients->acquire(peer)) {
      close(fd);
      continue;
    }
    if (!take_connection_place(now)) {
      if (shared_.tcp_clients != nullptr) shared_.tcp_clients->release(peer);
      close(fd);
      continue;
    }
    auto connection = std::make_unique<TcpConnection>(fd, peer, now, shared_.tcp_timeout,
                                                      shared_.tcp_query_count);
    std::string error;
    if (!watch(fd, connection.get(), connection->wanted_events(), error)) {
      log_warning("%s", error.c_str());
      shared_.open_tcp_connections.fetch_sub(1);
      if (shared_.tcp_clients != nullptr) shared_.tcp_clients->release(peer);
      continue;  // the unique_ptr closes it
    }
    TcpConnection* key = connection.get();
    connections_.emplace(key, std::move(connection));
  }
}

void Worker::serve_connection(TcpConnection& connection, std::uint32_t events,
                              const ServedZones& served, Clock::time_point now) {
  const std::uint32_t before = connection.wanted_events();
  if (!connection.on_events(events, served, shared_.limits, shared_.transfers, tcp_scratch_, now,
                            stats_)) {
    close_connection(connection);
    return;
  }
  const std::uint32_t after = connection.wanted_events();
  if (after == 0) {
    close_connection(connection);
    return;
  }
  if (after != before) {
    epoll_event event{};
    event.events = after;
    event.data.ptr = &connection;
    epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, connection.fd(), &event);
  }
}

void Worker::forget(TcpConnection& connection) {
  shared_.open_tcp_connections.fetch_sub(1);
  if (shared_.tcp_clients != nullptr) shared_.tcp_clients->release(connection.peer());
}

void Worker::close_connection(TcpConnection& connection) {
  forget(connection);
  // Closing the fd removes it from the epoll set.
  connections_.erase(&connection);
}

bool Worker::take_connection_place(Clock::time_point now) {
  // Each worker holds its share of tcp-count (as each NSD server process does), so that a
  // full worker can always make room among its own connections.
  if (connections_.size() < shared_.tcp_count_per_worker) {
    shared_.open_tcp_connections.fetch_add(1);
    return true;
  }
  // Full: thousands of idle or slowloris connections must not lock out the next client.
  // The one that has waited longest without being answered anything gives way; one a
  // second old or younger keeps its place, so new clients never push each other out.
  TcpConnection* oldest = nullptr;
  for (const auto& [key, connection] : connections_) {
    if (connection->evictable() &&
        (oldest == nullptr || connection->deadline() < oldest->deadline()))
      oldest = key;
  }
  if (oldest == nullptr || oldest->deadline() > now + shared_.tcp_timeout - std::chrono::seconds(1))
    return false;
  // Its event may come later in this batch: it stays alive, out of the table, until the
  // batch is over.
  auto node = connections_.extract(oldest);
  forget(*oldest);
  evicted_.push_back(std::move(node.mapped()));
  shared_.open_tcp_connections.fetch_add(1);
  return true;
}

void Worker::close_idle_connections(Clock::time_point now) {
  if (now < next_idle_check_) return;
  next_idle_check_ = now + std::chrono::seconds(1);
  for (auto it = connections_.begin(); it != connections_.end();) {
    if (it->second->expired(now)) {
      forget(*it->second);
      it = connections_.erase(it);
    } else {
      ++it;
    }
  }
}

void Worker::close_all_connections() {
  for (const auto& [key, connection] : connections_)
    forget(*connection);
  connections_.clear();
}

}  // namespace zoned::server
