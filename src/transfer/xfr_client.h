// The secondary's side of the wire: asks a primary for its SOA serial (UDP, TCP when
// truncated) and fetches the zone by IXFR or AXFR over TCP, every message checked by an
// XfrStreamReader. Blocking with deadlines: it runs on a transfer thread, never on a worker.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

#include "transfer/peer_address.h"
#include "transfer/xfr_stream_reader.h"
#include "wire/message_header.h"
#include "wire/name.h"
#include "zone/zone_cursor.h"

namespace zoned::transfer {

struct SoaAnswer {
  bool ok = false;
  std::uint32_t serial = 0;
  std::string error;  // when !ok: "no answer in 3 tries", "REFUSED", "TSIG: BADSIG", ...
};

struct XfrTimeouts {
  std::chrono::milliseconds soa_try{1000};  // per UDP attempt
  unsigned soa_tries = 3;
  std::chrono::milliseconds connect{5000};
  // Longest wait for the next whole message of a transfer, from its first octet on.
  std::chrono::milliseconds idle{15000};
  // Set (by a stopping server) to give up at once: every wait looks at it 10 times a second.
  const std::atomic<bool>* cancel = nullptr;
};

SoaAnswer query_soa(const Primary& primary, wire::NameView apex, const XfrTimeouts& timeouts);

// An AXFR (`our_soa` nullptr) or an IXFR from `our_soa`. `over_udp`: an IXFR over UDP
// (request-xfr UDP); its answer is complete or says to come back over TCP (needs_axfr or a
// failure). `limits`: size-limit-xfr and max-records.
XfrResult fetch_zone(const Primary& primary, wire::NameView apex, const zone::ZoneRecord* our_soa,
                     const XfrLimits& limits, const XfrTimeouts& timeouts, bool over_udp = false);

}  // namespace zoned::transfer
