#include "server/query_processor.h"

#include <algorithm>

#include "wire/message_header.h"
#include "wire/message_parser.h"

namespace zoned::server {
namespace {

bool is_response(std::span<const std::uint8_t> message) {
  return message.size() >= 3 && (message[2] & 0x80) != 0;
}

// The most the client can take (RFC 6891 §6.2.5): 512 without EDNS, else its payload size
// capped at ours; 65535 over TCP. Never more than the buffer.
std::size_t response_limit(const wire::MessageInfo& info, Transport transport,
                           const QueryLimits& limits, std::size_t buffer_size) {
  std::size_t limit = wire::kMaxMessageSize;
  if (transport != Transport::kTcp) {
    const std::size_t ours =
        transport == Transport::kUdp4 ? limits.ipv4_edns_size : limits.ipv6_edns_size;
    limit = info.has_edns ? std::min<std::size_t>(info.edns.effective_udp_size(), ours)
                          : wire::kMaxUdpSize;
    limit = std::max<std::size_t>(limit, wire::kMaxUdpSize);
  }
  return std::min(limit, buffer_size);
}

}  // namespace

std::size_t process_query(const zone::ZoneSet& zones, std::span<const std::uint8_t> message,
                          Transport transport, const QueryLimits& limits,
                          std::span<std::uint8_t> out) {
  if (message.size() < wire::kHeaderSize || is_response(message)) return 0;
  wire::MessageInfo info;
  const wire::ParseError error = parse_message(message, info);
  if (error != wire::ParseError::kOk) return answer_unparsable(message, error, out);
  AnswerOptions options = limits.answer;
  options.tcp = transport == Transport::kTcp;
  return answer_query(zones, message, info, options,
                      response_limit(info, transport, limits, out.size()), out);
}

}  // namespace zoned::server
