// A secondary zone's SOA timers (RFC 1035 §3.3.13, RFC 1996 §2), as nsd.conf bounds them:
// refresh in [min-refresh-time, max-refresh-time], retry in [min-retry-time,
// max-retry-time], expire at least min-expire-time ("refresh+retry+1" in NSD's words).
// While every primary fails, the retry doubles per failure up to max-retry-time.
#pragma once

#include <cstdint>
#include <span>

#include "config/config_model.h"

namespace zoned::transfer {

struct SoaTimers {
  std::uint32_t refresh = 3600;  // seconds
  std::uint32_t retry = 600;
  std::uint32_t expire = 604800;
};

// The SOA's timers, bounded by the zone's settings. `soa_rdata` too short: the defaults,
// bounded the same way (a zone without data yet).
SoaTimers bounded_timers(std::span<const std::uint8_t> soa_rdata,
                         const config::ZoneSettings& settings);

// The wait before the next attempt after `failures` failed refreshes in a row (1 = the first
// failure): retry, 2 x retry, 4 x retry, ... never above max-retry-time.
std::uint32_t retry_after(const SoaTimers& timers, std::uint32_t failures,
                          const config::ZoneSettings& settings);

// Spreads refreshes: a zone waits between 90% and 100% of `seconds` (`unit` in [0, 1)), so
// that zones loaded together do not all ask their primaries at the same second.
std::uint32_t with_jitter(std::uint32_t seconds, double unit);

}  // namespace zoned::transfer
