#include "server/transport/udp_batch.h"

#include <cstring>

namespace zoned::server {

UdpBatch::UdpBatch(std::size_t response_size)
    : response_size_(response_size),
      queries_(kMessages * kQuerySize),
      responses_(kMessages * response_size) {}

void UdpBatch::prepare_receive(bool want_destination) {
  for (std::size_t i = 0; i < kMessages; ++i) {
    rx_iov_[i] = {queries_.data() + i * kQuerySize, kQuerySize};
    msghdr& h = rx_[i].msg_hdr;
    h.msg_name = &sources_[i];
    h.msg_namelen = sizeof(sockaddr_storage);
    h.msg_iov = &rx_iov_[i];
    h.msg_iovlen = 1;
    h.msg_control = want_destination ? rx_control_[i].data() : nullptr;
    h.msg_controllen = want_destination ? kControlSize : 0;
    h.msg_flags = 0;
    rx_[i].msg_len = 0;
  }
  queued_ = 0;
}

std::size_t UdpBatch::reply_control(std::size_t i, std::uint8_t* out) {
  msghdr& received = rx_[i].msg_hdr;
  if (received.msg_control == nullptr) return 0;
  for (cmsghdr* c = CMSG_FIRSTHDR(&received); c != nullptr; c = CMSG_NXTHDR(&received, c)) {
    msghdr reply{};
    reply.msg_control = out;
    reply.msg_controllen = kControlSize;
    cmsghdr* r = CMSG_FIRSTHDR(&reply);
    if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
      in_pktinfo info;
      std::memcpy(&info, CMSG_DATA(c), sizeof info);
      // Send from the address the query reached; let routing pick the interface.
      info.ipi_spec_dst = info.ipi_addr;
      info.ipi_ifindex = 0;
      r->cmsg_level = IPPROTO_IP;
      r->cmsg_type = IP_PKTINFO;
      r->cmsg_len = CMSG_LEN(sizeof info);
      std::memcpy(CMSG_DATA(r), &info, sizeof info);
      return CMSG_SPACE(sizeof info);
    }
    if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
      in6_pktinfo info;
      std::memcpy(&info, CMSG_DATA(c), sizeof info);
      r->cmsg_level = IPPROTO_IPV6;
      r->cmsg_type = IPV6_PKTINFO;
      r->cmsg_len = CMSG_LEN(sizeof info);
      std::memcpy(CMSG_DATA(r), &info, sizeof info);
      return CMSG_SPACE(sizeof info);
    }
  }
  return 0;
}

void UdpBatch::queue_response(std::size_t i, std::size_t length) {
  const std::size_t slot = queued_++;
  tx_iov_[slot] = {responses_.data() + i * response_size_, length};
  msghdr& h = tx_[slot].msg_hdr;
  h = msghdr{};
  h.msg_name = &sources_[i];
  h.msg_namelen = rx_[i].msg_hdr.msg_namelen;
  h.msg_iov = &tx_iov_[slot];
  h.msg_iovlen = 1;
  const std::size_t control = reply_control(i, tx_control_[slot].data());
  h.msg_control = control > 0 ? tx_control_[slot].data() : nullptr;
  h.msg_controllen = control;
  tx_[slot].msg_len = 0;
}

}  // namespace zoned::server
