// One worker's UDP socket on one address: drains it in recvmmsg batches, answers every
// query from the zones the worker loaded for this batch, and sends the responses with one
// sendmmsg.
#pragma once

#include "server/listen_endpoints.h"
#include "server/query_processor.h"
#include "server/transport/event_source.h"
#include "server/transport/udp_batch.h"

namespace zoned::server {

class UdpListener : public EventSource {
 public:
  // Takes ownership of `fd`.
  UdpListener(int fd, const Endpoint& endpoint);
  ~UdpListener();
  UdpListener(const UdpListener&) = delete;
  UdpListener& operator=(const UdpListener&) = delete;

  int fd() const { return fd_; }

  // Answers what is waiting on the socket, at most a few batches so that the worker's other
  // sockets get their turn (epoll is level-triggered: the rest comes next round).
  // `stats` is the worker's: every datagram received, dropped, or not sent is counted.
  void serve(const ServedZones& served, const QueryLimits& limits, UdpBatch& batch,
             QueryStats& stats);

 private:
  static constexpr int kMaxBatchesPerEvent = 8;

  // One recvmmsg round; false when the socket had nothing more.
  bool serve_one_batch(const ServedZones& served, const QueryLimits& limits, UdpBatch& batch,
                       QueryStats& stats);
  void send_queued(UdpBatch& batch, QueryStats& stats);

  int fd_;
  bool wildcard_;
  Transport transport_;
};

}  // namespace zoned::server
