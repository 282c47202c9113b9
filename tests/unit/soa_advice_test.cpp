// The SOA timer advice a primary zone gets when it loads.
#include "zone/soa_advice.h"

#include <gtest/gtest.h>

#include <vector>

namespace zoned::zone {
namespace {

std::vector<std::uint8_t> soa(std::uint32_t refresh, std::uint32_t retry, std::uint32_t expire) {
  std::vector<std::uint8_t> r{0, 0};  // MNAME and RNAME: the root
  for (std::uint32_t v : {1u, refresh, retry, expire, 300u}) {
    for (int shift = 24; shift >= 0; shift -= 8)
      r.push_back(static_cast<std::uint8_t>(v >> shift));
  }
  return r;
}

TEST(SoaAdvice, TheGuidesTimersAreSound) {
  EXPECT_TRUE(soa_timer_advice(soa(3600, 600, 1209600)).empty());
}

TEST(SoaAdvice, RetryNotShorterThanRefresh) {
  const auto advice = soa_timer_advice(soa(600, 600, 1209600));
  ASSERT_EQ(advice.size(), 1u);
  EXPECT_NE(advice[0].find("SOA retry 600 is not shorter than refresh 600"), std::string::npos);
}

TEST(SoaAdvice, ExpireBeforeARetry) {
  const auto advice = soa_timer_advice(soa(3600, 600, 4000));
  ASSERT_EQ(advice.size(), 1u);
  EXPECT_NE(advice[0].find("SOA expire 4000 is not longer than refresh + retry (4200)"),
            std::string::npos);
}

TEST(SoaAdvice, ShortRdataSaysNothing) {
  EXPECT_TRUE(soa_timer_advice(std::vector<std::uint8_t>(10)).empty());
}

}  // namespace
}  // namespace zoned::zone
