#include "transfer/soa_timers.h"

#include <algorithm>

namespace zoned::transfer {
namespace {

std::uint32_t field(std::span<const std::uint8_t> rdata, std::size_t from_end) {
  const std::uint8_t* p = rdata.data() + rdata.size() - from_end;
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         p[3];
}

std::uint32_t bounded(std::uint32_t value, std::uint32_t low, std::uint32_t high) {
  return std::max(low, std::min(value, std::max(low, high)));
}

}  // namespace

SoaTimers bounded_timers(std::span<const std::uint8_t> soa_rdata,
                         const config::ZoneSettings& settings) {
  SoaTimers t;
  if (soa_rdata.size() >= 20) {  // ... serial refresh retry expire minimum
    t.refresh = field(soa_rdata, 16);
    t.retry = field(soa_rdata, 12);
    t.expire = field(soa_rdata, 8);
  }
  t.refresh = bounded(t.refresh, *settings.min_refresh_time, *settings.max_refresh_time);
  t.retry = bounded(t.retry, *settings.min_retry_time, *settings.max_retry_time);
  // A zero timer would have a secondary ask its primaries without pause.
  t.refresh = std::max<std::uint32_t>(t.refresh, 1);
  t.retry = std::max<std::uint32_t>(t.retry, 1);
  const config::MinExpireTime& min_expire = *settings.min_expire_time;
  const std::uint64_t floor = min_expire.refresh_plus_retry_plus_one
                                  ? std::uint64_t{t.refresh} + t.retry + 1
                                  : min_expire.seconds;
  t.expire = static_cast<std::uint32_t>(
      std::min<std::uint64_t>(std::max<std::uint64_t>(t.expire, floor), 0xFFFFFFFFu));
  return t;
}

std::uint32_t retry_after(const SoaTimers& timers, std::uint32_t failures,
                          const config::ZoneSettings& settings) {
  const std::uint32_t steps = std::min<std::uint32_t>(failures > 0 ? failures - 1 : 0, 20);
  const std::uint64_t wait = std::uint64_t{timers.retry} << steps;
  return static_cast<std::uint32_t>(
      std::min<std::uint64_t>(wait, std::max(*settings.max_retry_time, timers.retry)));
}

std::uint32_t with_jitter(std::uint32_t seconds, double unit) {
  const double factor = 0.9 + 0.1 * std::clamp(unit, 0.0, 1.0);
  return static_cast<std::uint32_t>(seconds * factor);
}

}  // namespace zoned::transfer
