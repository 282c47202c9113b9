// Zone transfers out (AXFR, IXFR over TCP) as the server layer sees them: the connection
// asks a TransferSource, which the transfer layer implements (it owns the IXFR journals),
// for a ResponseStream and writes its messages as the client reads them. The server layer
// decides who may transfer what; the transfer layer decides what is sent.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "server/access/access_list.h"
#include "server/served_zones.h"
#include "wire/message_parser.h"
#include "zone/zone_snapshot.h"

namespace zoned::wire {
struct TsigKey;
}

namespace zoned::server {

// A response of many messages, produced only as fast as the connection has room, so that
// memory stays constant whatever the zone's size.
class ResponseStream {
 public:
  virtual ~ResponseStream() = default;
  // Writes the next message into `out` (up to 65535 octets) and returns its length; 0 when
  // the stream is over.
  virtual std::size_t next(std::span<std::uint8_t> out) = 0;
};

// An allowed transfer request. Everything here is valid only during TransferSource::open.
struct TransferRequest {
  std::span<const std::uint8_t> query;
  const wire::MessageInfo& info;
  std::shared_ptr<const zone::ZoneSnapshot> zone;  // the stream keeps it alive
  const ZonePolicy& policy;
  const RequestSource& source;
  // The key the request was signed with (verified), else nullptr; then every message of
  // the stream is signed with it, following on from `request_mac`.
  const wire::TsigKey* key = nullptr;
  std::span<const std::uint8_t> request_mac;
  std::uint64_t request_time = 0;
};

class TransferSource {
 public:
  virtual ~TransferSource() = default;
  // Never nullptr: a transfer that cannot be served streams its error response.
  virtual std::unique_ptr<ResponseStream> open(const TransferRequest& request) = 0;
};

}  // namespace zoned::server
