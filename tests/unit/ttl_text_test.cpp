#include "wire/ttl_text.h"

#include <gtest/gtest.h>

namespace zoned::wire {
namespace {

TEST(TtlText, PlainAndUnits) {
  EXPECT_EQ(parse_ttl("0"), 0u);
  EXPECT_EQ(parse_ttl("3600"), 3600u);
  EXPECT_EQ(parse_ttl("1h30m"), 5400u);
  EXPECT_EQ(parse_ttl("2w"), 1209600u);
  EXPECT_EQ(parse_ttl("1D"), 86400u);
  EXPECT_EQ(parse_ttl("1h30"), 3630u);
  EXPECT_EQ(parse_ttl("4294967295"), 4294967295u);
}

TEST(TtlText, Rejects) {
  EXPECT_FALSE(parse_ttl(""));
  EXPECT_FALSE(parse_ttl("h"));
  EXPECT_FALSE(parse_ttl("1x"));
  EXPECT_FALSE(parse_ttl("-1"));
  EXPECT_FALSE(parse_ttl("4294967296"));
  EXPECT_FALSE(parse_ttl("99999999999999999999"));
  EXPECT_FALSE(parse_ttl("1000000w"));
  EXPECT_FALSE(parse_ttl("1hh"));
}

}  // namespace
}  // namespace zoned::wire
