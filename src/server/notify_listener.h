// NOTIFY in (RFC 1996) as the server layer sees it: a worker checks allow-notify, answers,
// and hands the news to a NotifyListener, which the transfer layer implements (it owns the
// secondary zones' timers and transfers). The workers never wait on a primary.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "wire/name.h"

namespace zoned::server {

struct NotifyNews {
  wire::NameView apex;                  // the zone, as configured (a served zone's apex)
  std::optional<std::uint32_t> serial;  // the SOA serial the NOTIFY carried, if any
  const std::string& peer;              // "192.0.2.1@53", for logs
  const std::string& key;               // "key secretkey0." or "no key", for logs
};

class NotifyListener {
 public:
  virtual ~NotifyListener() = default;
  // Called from a worker thread for each allowed NOTIFY; must return at once.
  virtual void notify_received(const NotifyNews& news) = 0;
};

}  // namespace zoned::server
