// One client's TCP connection (RFC 7766): 2-octet length framing, pipelined queries
// answered in the order they came, responses written with partial-write handling.
//
// Protection against clients that hold connections open:
// - the idle deadline moves only when a whole query has arrived or the client has taken
//   output (a long transfer read at the client's pace is not idle), so sending one byte at
//   a time (slowloris) does not keep a connection alive past tcp-timeout;
// - output is bounded: past kMaxPendingOutput the connection stops reading until the
//   client has read its responses;
// - a client that half-closes (shutdown(SHUT_WR)) still gets every response, then the
//   connection is closed;
// - tcp-query-count: after that many queries (0: no limit) nothing more is read, the last
//   responses are written, and the connection is closed (as NSD).
//
// A zone transfer answers one query with a stream of messages (outgoing_transfer.h): the
// connection takes them one at a time while its output has room, and reads no further
// query until the stream is over, so a transfer's memory stays constant.
#pragma once

#include <sys/socket.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "server/outgoing_transfer.h"
#include "server/query_processor.h"
#include "server/served_zones.h"
#include "server/transport/event_source.h"

namespace zoned::server {

class TcpConnection : public EventSource {
 public:
  using Clock = std::chrono::steady_clock;

  // Takes ownership of `fd` (connected, non-blocking). `query_limit` is tcp-query-count:
  // the queries answered before the connection is closed, 0 for no limit.
  TcpConnection(int fd, const sockaddr_storage& peer, Clock::time_point now,
                Clock::duration idle_timeout, std::uint32_t query_limit = 0);
  ~TcpConnection();
  TcpConnection(const TcpConnection&) = delete;
  TcpConnection& operator=(const TcpConnection&) = delete;

  int fd() const { return fd_; }

  // Handles epoll `events`. `scratch` is the worker's 2 + 65535-octet response buffer;
  // `transfers` serves allowed AXFR/IXFR requests (nullptr: they are refused); `stats` is
  // the worker's counters. Returns false when the connection is finished and must be closed.
  bool on_events(std::uint32_t events, const ServedZones& served, const QueryLimits& limits,
                 TransferSource* transfers, std::span<std::uint8_t> scratch, Clock::time_point now,
                 QueryStats& stats);
  // The same, counting nothing (tests).
  bool on_events(std::uint32_t events, const ServedZones& served, const QueryLimits& limits,
                 TransferSource* transfers, std::span<std::uint8_t> scratch,
                 Clock::time_point now) {
    QueryStats uncounted;
    return on_events(events, served, limits, transfers, scratch, now, uncounted);
  }

  // The epoll events the connection waits for now (0: none, close it).
  std::uint32_t wanted_events() const;
  bool expired(Clock::time_point now) const { return now >= deadline_; }
  // When the client last sent a whole query or took output, plus tcp-timeout.
  Clock::time_point deadline() const { return deadline_; }
  // Not in the middle of sending a response or a transfer: closing it now loses the
  // client nothing it asked for and got an answer to (at most a query still arriving).
  bool evictable() const { return !has_output() && !streaming(); }
  const sockaddr_storage& peer() const { return peer_; }

  static constexpr std::size_t kMaxPendingOutput = 256 * 1024;

 private:
  static constexpr std::size_t kInputCapacity = 2 + 65535 + 2048;
  static constexpr int kMaxRoundsPerEvent = 16;

  // Reads once (level-triggered epoll calls again); false on a read error.
  bool read_some();
  // Answers every complete query in the input, in order, while output has room.
  void answer_complete_queries(const ServedZones& served, const QueryLimits& limits,
                               TransferSource* transfers, std::span<std::uint8_t> scratch,
                               Clock::time_point now, QueryStats& stats);
  // Moves messages of the transfer stream into the output while it has room.
  void continue_stream(std::span<std::uint8_t> scratch, Clock::time_point now);
  void append_output(std::span<const std::uint8_t> framed);
  // Writes as much pending output as the socket takes; false on a write error. A client
  // that reads is not idle: output taken moves the deadline.
  bool flush(Clock::time_point now);
  bool output_full() const { return output_.size() - output_sent_ >= kMaxPendingOutput; }
  bool has_output() const { return output_sent_ < output_.size(); }
  bool has_complete_query() const;
  bool streaming() const { return stream_ != nullptr; }
  bool query_limit_reached() const { return query_limit_ != 0 && queries_ >= query_limit_; }

  int fd_;
  sockaddr_storage peer_;
  Clock::duration idle_timeout_;
  Clock::time_point deadline_;
  std::vector<std::uint8_t> input_;  // kInputCapacity octets, allocated once
  std::size_t input_size_ = 0;
  std::vector<std::uint8_t> output_;  // framed responses not yet written
  std::size_t output_sent_ = 0;
  bool peer_closed_ = false;
  std::uint32_t query_limit_;
  std::uint32_t queries_ = 0;               // taken from the input, answered or dropped
  std::unique_ptr<ResponseStream> stream_;  // a transfer being sent
};

}  // namespace zoned::server
