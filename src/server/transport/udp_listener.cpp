#include "server/transport/udp_listener.h"

#include <netinet/in.h>
#include <unistd.h>

#include <cerrno>

namespace zoned::server {
namespace {

// Port 0 cannot be a real client; answering it would only reflect traffic somewhere odd.
bool source_port_is_zero(const sockaddr_storage& source) {
  if (source.ss_family == AF_INET) {
    return reinterpret_cast<const sockaddr_in&>(source).sin_port == 0;
  }
  if (source.ss_family == AF_INET6) {
    return reinterpret_cast<const sockaddr_in6&>(source).sin6_port == 0;
  }
  return true;
}

}  // namespace

UdpListener::UdpListener(int fd, const Endpoint& endpoint)
    : EventSource(Kind::kUdpSocket),
      fd_(fd),
      wildcard_(endpoint.wildcard),
      transport_(endpoint.family() == AF_INET6 ? Transport::kUdp6 : Transport::kUdp4) {}

UdpListener::~UdpListener() {
  close(fd_);
}

void UdpListener::serve(const ServedZones& served, const QueryLimits& limits, UdpBatch& batch,
                        QueryStats& stats) {
  for (int i = 0; i < kMaxBatchesPerEvent; ++i) {
    if (!serve_one_batch(served, limits, batch, stats)) return;
  }
}

bool UdpListener::serve_one_batch(const ServedZones& served, const QueryLimits& limits,
                                  UdpBatch& batch, QueryStats& stats) {
  batch.prepare_receive(wildcard_);
  const int received =
      recvmmsg(fd_, batch.receive_headers(), UdpBatch::kMessages, MSG_DONTWAIT, nullptr);
  if (received <= 0) {  // EAGAIN: drained; other errors: try again next event
    if (received < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
      stats.add(Stat::kRxErr);
    return false;
  }
  stats.add(transport_ == Transport::kUdp6 ? Stat::kUdp6 : Stat::kUdp,
            static_cast<std::uint64_t>(received));
  for (std::size_t i = 0; i < static_cast<std::size_t>(received); ++i) {
    if (batch.query_truncated(i) || source_port_is_zero(batch.source(i))) {
      stats.add(Stat::kDropped);
      continue;
    }
    const Request request{transport_, &batch.source(i), nullptr, nullptr, &stats};
    const std::size_t length =
        process_query(served, batch.query(i), request, limits, batch.response_buffer(i));
    if (length > 0) batch.queue_response(i, length);
  }
  send_queued(batch, stats);
  return static_cast<std::size_t>(received) == UdpBatch::kMessages;
}

void UdpListener::send_queued(UdpBatch& batch, QueryStats& stats) {
  std::size_t sent = 0;
  const std::size_t total = batch.queued();
  // sendmmsg stops at the first datagram that fails: skip that one and go on with the rest.
  // A full socket buffer (EAGAIN) drops the rest, as any UDP server under overload must.
  while (sent < total) {
    const int n = sendmmsg(fd_, batch.send_headers() + sent, static_cast<unsigned>(total - sent),
                           MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      stats.add(Stat::kTxErr, total - sent);
      break;
    } else {
      stats.add(Stat::kTxErr);
      ++sent;
    }
  }
  batch.clear_queue();
}

}  // namespace zoned::server
