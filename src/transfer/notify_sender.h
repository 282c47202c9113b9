// NOTIFY out (RFC 1996): tells a zone's secondaries that it has a new serial. Each NOTIFY
// is sent to every `notify:` target of the zone, signed with the target's key when it has
// one, and sent again every `interval` until the target answers or `retries` more attempts
// have gone (NSD's notify-retry). A new serial for the zone replaces a NOTIFY still pending
// to the same target. The log says which targets acknowledged and which did not.
//
// One thread with one socket per address family (and per outgoing-interface address), so
// the workers never wait on a secondary.
#pragma once

#include <sys/socket.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "transfer/peer_address.h"
#include "wire/name.h"
#include "wire/tsig.h"

namespace zoned::transfer {

// Where a NOTIFY goes: the notify: entry's address, key and outgoing-interface.
using NotifyTarget = PeerEndpoint;

// What a NOTIFY says: the zone and its SOA (sent in the answer section, RFC 1996 §3.7).
struct NotifyZone {
  std::string name;  // for logs
  wire::Name apex;
  std::uint32_t serial = 0;
  std::uint32_t soa_ttl = 0;
  std::vector<std::uint8_t> soa_rdata;
};

class NotifySender {
 public:
  using Clock = std::chrono::steady_clock;

  NotifySender(unsigned retries, Clock::duration interval);
  ~NotifySender();
  NotifySender(const NotifySender&) = delete;
  NotifySender& operator=(const NotifySender&) = delete;

  void start();
  void stop();
  // Queues the NOTIFY of `zone` to each target; returns at once.
  void notify(const NotifyZone& zone, const std::vector<NotifyTarget>& targets, unsigned retries);
  unsigned default_retries() const { return retries_; }

  // For tests: NOTIFYs not yet acknowledged nor given up.
  std::size_t pending() const;

 private:
  struct Pending {
    NotifyZone zone;
    NotifyTarget target;
    unsigned attempts_left = 0;
    unsigned attempts = 0;
    std::uint16_t id = 0;
    Clock::time_point next_send{};
    wire::TsigMac request_mac;
  };

  void run();
  void send(Pending& p);
  void receive(int fd);
  void handle_response(Pending& p, std::span<const std::uint8_t> message);
  int socket_for(const NotifyTarget& target);

  unsigned retries_;
  Clock::duration interval_;
  mutable std::mutex mutex_;
  // Key: zone apex (lower case) + "|" + target text. Touched by notify() and the thread.
  std::map<std::string, Pending> pending_;
  std::map<std::string, int> sockets_;  // by source family/address; the thread's only
  int wake_fd_ = -1;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace zoned::transfer
