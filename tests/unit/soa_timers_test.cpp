// The secondary's timers: the SOA's refresh/retry/expire bounded by nsd.conf, the retry's
// back-off and the refresh jitter.
#include "transfer/soa_timers.h"

#include <gtest/gtest.h>

#include <vector>

namespace zoned::transfer {
namespace {

// SOA RDATA with empty MNAME and RNAME (the root) and the given timers.
std::vector<std::uint8_t> soa(std::uint32_t refresh, std::uint32_t retry, std::uint32_t expire) {
  std::vector<std::uint8_t> r{0, 0};
  for (std::uint32_t v : {1u, refresh, retry, expire, 300u}) {
    r.push_back(static_cast<std::uint8_t>(v >> 24));
    r.push_back(static_cast<std::uint8_t>(v >> 16));
    r.push_back(static_cast<std::uint8_t>(v >> 8));
    r.push_back(static_cast<std::uint8_t>(v));
  }
  return r;
}

TEST(SoaTimers, TakesTheSoaTimersWithinTheDefaultBounds) {
  config::ZoneSettings settings;
  const SoaTimers t = bounded_timers(soa(7200, 900, 1209600), settings);
  EXPECT_EQ(t.refresh, 7200u);
  EXPECT_EQ(t.retry, 900u);
  EXPECT_EQ(t.expire, 1209600u);
}

TEST(SoaTimers, ClampsToTheConfiguredBounds) {
  config::ZoneSettings settings;
  settings.min_refresh_time.set(3600);
  settings.max_refresh_time.set(86400);
  settings.min_retry_time.set(300);
  settings.max_retry_time.set(1200);
  settings.min_expire_time.set(config::MinExpireTime{false, 604800});
  SoaTimers t = bounded_timers(soa(60, 5, 3600), settings);
  EXPECT_EQ(t.refresh, 3600u);
  EXPECT_EQ(t.retry, 300u);
  EXPECT_EQ(t.expire, 604800u);
  t = bounded_timers(soa(999999, 99999, 2000000), settings);
  EXPECT_EQ(t.refresh, 86400u);
  EXPECT_EQ(t.retry, 1200u);
  EXPECT_EQ(t.expire, 2000000u);
}

TEST(SoaTimers, MinExpireRefreshPlusRetryPlusOne) {
  config::ZoneSettings settings;
  settings.min_expire_time.set(config::MinExpireTime{true, 0});
  const SoaTimers t = bounded_timers(soa(100, 20, 50), settings);
  EXPECT_EQ(t.expire, 121u);
}

TEST(SoaTimers, ZeroTimersBecomeOneSecond) {
  config::ZoneSettings settings;
  const SoaTimers t = bounded_timers(soa(0, 0, 0), settings);
  EXPECT_EQ(t.refresh, 1u);
  EXPECT_EQ(t.retry, 1u);
}

TEST(SoaTimers, NoSoaYetMeansTheDefaults) {
  config::ZoneSettings settings;
  const SoaTimers t = bounded_timers({}, settings);
  EXPECT_EQ(t.refresh, 3600u);
  EXPECT_EQ(t.retry, 600u);
}

TEST(SoaTimers, RetryDoublesPerFailureUpToMaxRetryTime) {
  config::ZoneSettings settings;
  settings.max_retry_time.set(1000);
  const SoaTimers t = bounded_timers(soa(3600, 100, 604800), settings);
  EXPECT_EQ(retry_after(t, 1, settings), 100u);
  EXPECT_EQ(retry_after(t, 2, settings), 200u);
  EXPECT_EQ(retry_after(t, 4, settings), 800u);
  EXPECT_EQ(retry_after(t, 5, settings), 1000u);
  EXPECT_EQ(retry_after(t, 500, settings), 1000u);
}

TEST(SoaTimers, JitterStaysWithinTheLastTenPercent) {
  EXPECT_EQ(with_jitter(1000, 0.0), 900u);
  EXPECT_EQ(with_jitter(1000, 0.5), 950u);
  EXPECT_LE(with_jitter(1000, 0.999), 1000u);
  EXPECT_GE(with_jitter(1000, 0.999), 999u);
}

}  // namespace
}  // namespace zoned::transfer
