// The bound on per-packet log lines: `per_second` pass, the rest are counted and reported
// by the next line that passes.
#include "server/log_throttle.h"

#include <gtest/gtest.h>

#include <time.h>

namespace zoned::server {
namespace {

std::uint32_t coarse_second() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC_COARSE, &now);
  return static_cast<std::uint32_t>(now.tv_sec);
}

TEST(LogThrottle, PassesPerSecondAndCountsTheRest) {
  // Start right after a second begins, so the whole test falls in one second.
  const std::uint32_t start = coarse_second();
  while (coarse_second() == start) {
  }
  LogThrottle throttle(3);
  std::uint64_t suppressed = 99;
  int passed = 0;
  for (int i = 0; i < 10; ++i) {
    if (throttle.allow(suppressed)) {
      ++passed;
      EXPECT_EQ(suppressed, 0u);
    }
  }
  EXPECT_EQ(passed, 3);
  // The next second: the first line says how many were left out.
  const std::uint32_t second = coarse_second();
  while (coarse_second() == second) {
  }
  ASSERT_TRUE(throttle.allow(suppressed));
  EXPECT_EQ(suppressed, 7u);
  ASSERT_TRUE(throttle.allow(suppressed));
  EXPECT_EQ(suppressed, 0u);
}

}  // namespace
}  // namespace zoned::server
