// A worker thread's event loop: its own UDP socket on every address, the shared TCP
// listeners, and the TCP connections it accepted. It reads the zones through the publisher
// once per batch of events and is "offline" (holds no zones) while it waits in epoll_wait,
// so a reload never waits for an idle worker.
#pragma once

#include <sys/epoll.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "server/outgoing_transfer.h"
#include "server/query_processor.h"
#include "server/served_zones.h"
#include "server/transport/tcp_client_counts.h"
#include "server/transport/tcp_connection.h"
#include "server/transport/tcp_listener.h"
#include "server/transport/udp_batch.h"
#include "server/transport/udp_listener.h"
#include "server/zone_publisher.h"

namespace zoned::server {

using ZonePublisher = Publisher<ServedZones>;

// What every worker shares; owned by the Server, which outlives the workers.
struct WorkerShared {
  explicit WorkerShared(ZonePublisher& p) : publisher(p) {}
  ZonePublisher& publisher;
  QueryLimits limits;
  std::vector<TcpListener*> tcp_listeners;
  std::atomic<std::uint32_t> open_tcp_connections{0};
  std::uint32_t tcp_count_per_worker = 100;  // tcp-count / workers, at least 1
  TcpClientCounts* tcp_clients = nullptr;    // tcp-count-per-client; nullptr: no limit
  std::chrono::seconds tcp_timeout{120};
  std::uint32_t tcp_query_count = 0;  // queries per TCP connection; 0: no limit
  int stop_fd = -1;  // an eventfd that becomes readable (and stays so) to stop every worker
  TransferSource* transfers = nullptr;  // AXFR/IXFR out; nullptr: refused
};

class Worker {
 public:
  Worker(unsigned index, WorkerShared& shared, std::vector<std::unique_ptr<UdpListener>> udp);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Creates the epoll set; false with `error` set. Call before run().
  bool init(std::string& error);
  // The loop; returns once the stop eventfd is readable. Runs in the worker's thread.
  void run();
  // This worker's query counters: written by its thread only, readable from any thread.
  const QueryStats& stats() const { return stats_; }

 private:
  using Clock = TcpConnection::Clock;
  static constexpr int kMaxEvents = 64;

  bool watch(int fd, EventSource* source, std::uint32_t events, std::string& error);
  // One batch of events; false when asked to stop.
  bool handle_events(const epoll_event* events, int count, const ServedZones& served);
  void accept_connections(TcpListener& listener, Clock::time_point now);
  void serve_connection(TcpConnection& connection, std::uint32_t events, const ServedZones& served,
                        Clock::time_point now);
  void close_connection(TcpConnection& connection);
  // Takes a place of tcp-count for a new connection; at the limit, makes one by closing this
  // worker's evictable connection that has waited longest. False: no place.
  bool take_connection_place(Clock::time_point now);
  // Every connection leaves through here: its places are given back.
  void forget(TcpConnection& connection);
  void close_idle_connections(Clock::time_point now);
  void close_all_connections();
  int wait_timeout_ms() const;

  unsigned index_;
  WorkerShared& shared_;
  ReaderSlot& slot_;
  int epoll_fd_ = -1;
  std::vector<std::unique_ptr<UdpListener>> udp_;
  EventSource stop_source_{EventSource::Kind::kStop};
  UdpBatch udp_batch_;
  std::vector<std::uint8_t> tcp_scratch_;  // 2 + 65535 octets: one framed TCP response
  std::unordered_map<TcpConnection*, std::unique_ptr<TcpConnection>> connections_;
  // Connections evicted for a new client during the current batch of events.
  std::vector<std::unique_ptr<TcpConnection>> evicted_;
  Clock::time_point next_idle_check_{};
  QueryStats stats_;  // cache-line aligned: no false sharing with other workers
};

}  // namespace zoned::server
