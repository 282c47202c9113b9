#include "server/transport/tcp_connection.h"

#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "wire/message_header.h"

namespace zoned::server {

TcpConnection::TcpConnection(int fd, const sockaddr_storage& peer, Clock::time_point now,
                             Clock::duration idle_timeout, std::uint32_t query_limit)
    : EventSource(Kind::kTcpConnection),
      fd_(fd),
      peer_(peer),
      idle_timeout_(idle_timeout),
      deadline_(now + idle_timeout),
      input_(kInputCapacity),
      query_limit_(query_limit) {}

TcpConnection::~TcpConnection() {
  close(fd_);
}

bool TcpConnection::on_events(std::uint32_t events, const ServedZones& served,
                              const QueryLimits& limits, TransferSource* transfers,
                              std::span<std::uint8_t> scratch, Clock::time_point now,
                              QueryStats& stats) {
  if ((events & EPOLLERR) != 0) {
    stats.add(Stat::kRxErr);
    return false;
  }
  if ((events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP)) != 0 && !peer_closed_ && !output_full() &&
      !streaming() && !query_limit_reached() && input_size_ < input_.size()) {
    if (!read_some()) {
      stats.add(Stat::kRxErr);
      return false;
    }
  }
  // Answer and write until the input has no complete query or the socket takes no more.
  // Bounded so one busy connection cannot starve the worker; wanted_events() asks for
  // EPOLLOUT while queries are left, which fires at once on a writable socket.
  for (int round = 0; round < kMaxRoundsPerEvent; ++round) {
    if (streaming()) {
      continue_stream(scratch, now);
    } else {
      answer_complete_queries(served, limits, transfers, scratch, now, stats);
    }
    if (has_output() && !flush(now)) {
      stats.add(Stat::kTxErr);
      return false;
    }
    if (has_output() || (!streaming() && !has_complete_query())) break;
  }
  // Input left over after the client closed is a partial query that can never complete.
  if (peer_closed_ && !has_output() && !streaming() && !has_complete_query()) return false;
  if (query_limit_reached() && !has_output() && !streaming()) {
    // The last response is out: FIN after it, then the worker closes the socket.
    shutdown(fd_, SHUT_WR);
    return false;
  }
  return true;
}

std::uint32_t TcpConnection::wanted_events() const {
  std::uint32_t events = 0;
  if (query_limit_reached() && !streaming()) return has_output() ? std::uint32_t{EPOLLOUT} : 0;
  if (!peer_closed_ && !output_full() && !streaming()) events |= EPOLLIN | EPOLLRDHUP;
  if (has_output() || has_complete_query() || streaming()) events |= EPOLLOUT;
  return events;
}

bool TcpConnection::has_complete_query() const {
  return input_size_ >= 2 && input_size_ - 2 >= wire::load_u16(input_.data());
}

bool TcpConnection::read_some() {
  const ssize_t n = recv(fd_, input_.data() + input_size_, input_.size() - input_size_, 0);
  if (n > 0) {
    input_size_ += static_cast<std::size_t>(n);
    return true;
  }
  if (n == 0) {
    peer_closed_ = true;
    return true;
  }
  return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
}

void TcpConnection::answer_complete_queries(const ServedZones& served, const QueryLimits& limits,
                                            TransferSource* transfers,
                                            std::span<std::uint8_t> scratch, Clock::time_point now,
                                            QueryStats& stats) {
  std::size_t pos = 0;
  const Request request{Transport::kTcp, &peer_, transfers, &stream_, &stats};
  const Stat received = peer_.ss_family == AF_INET6 ? Stat::kTcp6 : Stat::kTcp;
  while (input_size_ - pos >= 2 && !output_full() && !query_limit_reached() && !streaming()) {
    const std::size_t length = wire::load_u16(input_.data() + pos);
    if (input_size_ - pos - 2 < length) break;  // the rest of this query is still coming
    const std::span<const std::uint8_t> query(input_.data() + pos + 2, length);
    pos += 2 + length;
    ++queries_;
    stats.add(received);
    deadline_ = now + idle_timeout_;
    const std::size_t answer =
        process_query(served, query, request, limits, scratch.subspan(2, wire::kMaxMessageSize));
    if (answer == 0) continue;
    wire::store_u16(scratch.data(), static_cast<std::uint16_t>(answer));
    append_output(scratch.first(2 + answer));
  }
  if (streaming()) continue_stream(scratch, now);
  if (pos > 0) {
    std::memmove(input_.data(), input_.data() + pos, input_size_ - pos);
    input_size_ -= pos;
  }
}

void TcpConnection::append_output(std::span<const std::uint8_t> framed) {
  // Everything written already is dropped first, so the buffer does not grow forever.
  if (output_sent_ == output_.size()) {
    output_.clear();
    output_sent_ = 0;
  }
  output_.insert(output_.end(), framed.begin(), framed.end());
}

void TcpConnection::continue_stream(std::span<std::uint8_t> scratch, Clock::time_point now) {
  while (streaming() && !output_full()) {
    const std::size_t length = stream_->next(scratch.subspan(2, wire::kMaxMessageSize));
    if (length == 0) {
      stream_.reset();
      break;
    }
    // A transfer that makes progress is not idle.
    deadline_ = now + idle_timeout_;
    wire::store_u16(scratch.data(), static_cast<std::uint16_t>(length));
    append_output(scratch.first(2 + length));
  }
}

bool TcpConnection::flush(Clock::time_point now) {
  while (has_output()) {
    const ssize_t n = send(fd_, output_.data() + output_sent_, output_.size() - output_sent_,
                           MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      output_sent_ += static_cast<std::size_t>(n);
      deadline_ = now + idle_timeout_;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
  output_.clear();
  output_sent_ = 0;
  return true;
}

}  // namespace zoned::server
