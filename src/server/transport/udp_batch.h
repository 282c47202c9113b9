// A worker's fixed set of buffers for one recvmmsg/sendmmsg round: the queries, their
// sources and destinations, and the responses. Allocated once when the worker starts, so
// answering UDP never allocates.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace zoned::server {

class UdpBatch {
 public:
  static constexpr std::size_t kMessages = 32;
  // Larger queries arrive with MSG_TRUNC and are dropped: no real query comes near this.
  static constexpr std::size_t kQuerySize = 4096;
  // Room for one IP_PKTINFO or IPV6_PKTINFO control message.
  static constexpr std::size_t kControlSize = CMSG_SPACE(sizeof(in6_pktinfo));

  // `response_size`: the largest UDP response the server sends.
  explicit UdpBatch(std::size_t response_size);
  UdpBatch(const UdpBatch&) = delete;
  UdpBatch& operator=(const UdpBatch&) = delete;

  // Resets the receive headers (the kernel overwrites lengths and flags).
  void prepare_receive(bool want_destination);
  mmsghdr* receive_headers() { return rx_.data(); }

  std::span<const std::uint8_t> query(std::size_t i) const {
    return {queries_.data() + i * kQuerySize, rx_[i].msg_len};
  }
  bool query_truncated(std::size_t i) const { return (rx_[i].msg_hdr.msg_flags & MSG_TRUNC) != 0; }
  const sockaddr_storage& source(std::size_t i) const { return sources_[i]; }
  std::span<std::uint8_t> response_buffer(std::size_t i) {
    return {responses_.data() + i * response_size_, response_size_};
  }

  // Queues the response to query `i` (already written to response_buffer(i)), sent from the
  // address the query was sent to when the socket reported it.
  void queue_response(std::size_t i, std::size_t length);
  std::size_t queued() const { return queued_; }
  mmsghdr* send_headers() { return tx_.data(); }
  void clear_queue() { queued_ = 0; }

 private:
  // Turns the received destination (IP_PKTINFO/IPV6_PKTINFO) of query `i` into the control
  // message that sends its reply from that address; its length, 0 when there was none.
  std::size_t reply_control(std::size_t i, std::uint8_t* out);

  std::size_t response_size_;
  std::vector<std::uint8_t> queries_;
  std::vector<std::uint8_t> responses_;
  std::array<sockaddr_storage, kMessages> sources_{};
  std::array<std::array<std::uint8_t, kControlSize>, kMessages> rx_control_{};
  std::array<std::array<std::uint8_t, kControlSize>, kMessages> tx_control_{};
  std::array<iovec, kMessages> rx_iov_{};
  std::array<iovec, kMessages> tx_iov_{};
  std::array<mmsghdr, kMessages> rx_{};
  std::array<mmsghdr, kMessages> tx_{};
  std::size_t queued_ = 0;
};

}  // namespace zoned::server
