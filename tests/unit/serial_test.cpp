#include "wire/serial.h"

#include <gtest/gtest.h>

namespace zoned::wire {
namespace {

TEST(Serial, EqualAndSimpleOrder) {
  EXPECT_EQ(serial_compare(5, 5), SerialOrder::kEqual);
  EXPECT_EQ(serial_compare(1, 2), SerialOrder::kLess);
  EXPECT_EQ(serial_compare(2, 1), SerialOrder::kGreater);
  EXPECT_TRUE(serial_lt(2024010100, 2024010101));
  EXPECT_TRUE(serial_gt(2024010101, 2024010100));
  EXPECT_FALSE(serial_lt(7, 7));
  EXPECT_FALSE(serial_gt(7, 7));
}

TEST(Serial, WrapAround) {
  // RFC 1982 §5.2 examples with SERIAL_BITS = 32: the maximum wraps to small numbers.
  EXPECT_TRUE(serial_lt(0xFFFFFFFFu, 0));
  EXPECT_TRUE(serial_lt(0xFFFFFFFFu, 1));
  EXPECT_TRUE(serial_gt(0, 0xFFFFFFFFu));
  EXPECT_TRUE(serial_lt(4000000000u, 100));
  EXPECT_TRUE(serial_gt(100, 4000000000u));
  // Up to 2^31 - 1 ahead is newer, in both halves of the space.
  EXPECT_TRUE(serial_lt(0, 0x7FFFFFFFu));
  EXPECT_TRUE(serial_lt(0x80000000u, 0xFFFFFFFFu));
  EXPECT_TRUE(serial_gt(0, 0x80000001u));  // 0x80000001 + 2^31 - 1 wraps to 0
  EXPECT_TRUE(serial_lt(0x80000001u, 0));
}

TEST(Serial, ExactlyHalfTheSpaceIsUndefined) {
  EXPECT_EQ(serial_compare(0, 0x80000000u), SerialOrder::kUndefined);
  EXPECT_EQ(serial_compare(0x80000000u, 0), SerialOrder::kUndefined);
  EXPECT_EQ(serial_compare(1, 0x80000001u), SerialOrder::kUndefined);
  EXPECT_EQ(serial_compare(0xFFFFFFFFu, 0x7FFFFFFFu), SerialOrder::kUndefined);
  // Neither older nor newer.
  EXPECT_FALSE(serial_lt(0, 0x80000000u));
  EXPECT_FALSE(serial_gt(0, 0x80000000u));
  EXPECT_FALSE(serial_lt(0x80000000u, 0));
  EXPECT_FALSE(serial_gt(0x80000000u, 0));
}

TEST(Serial, AdditionWrapsAndRejectsTooLargeIncrements) {
  EXPECT_EQ(serial_add(1, 1), 2u);
  EXPECT_EQ(serial_add(0xFFFFFFFFu, 1), 0u);
  EXPECT_EQ(serial_add(0xFFFFFFF0u, 0x20), 0x10u);
  EXPECT_EQ(serial_add(5, 0x7FFFFFFFu), 0x80000004u);
  EXPECT_FALSE(serial_add(5, 0x80000000u).has_value());
  EXPECT_FALSE(serial_add(5, 0xFFFFFFFFu).has_value());
  // s + n is always newer than s for 0 < n < 2^31.
  for (std::uint32_t s : {0u, 1u, 0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFFu}) {
    for (std::uint32_t n : {1u, 1000u, 0x7FFFFFFFu}) {
      EXPECT_TRUE(serial_gt(*serial_add(s, n), s)) << s << " + " << n;
    }
  }
}

TEST(Serial, NextIsAlwaysNewer) {
  EXPECT_EQ(serial_next(2024010100, 2024020100), 2024020100u);  // wanted is newer
  EXPECT_EQ(serial_next(2024020100, 2024010100), 2024020101u);  // wanted is older
  EXPECT_EQ(serial_next(7, 7), 8u);
  EXPECT_EQ(serial_next(0xFFFFFFFFu, 3), 3u);
  EXPECT_EQ(serial_next(0xFFFFFFFFu, 0xFFFFFFFFu), 0u);
  EXPECT_EQ(serial_next(0, 0x80000000u), 1u);  // undefined order: just increment
}

static_assert(serial_compare(1, 2) == SerialOrder::kLess, "usable at compile time");

}  // namespace
}  // namespace zoned::wire
