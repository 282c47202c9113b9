// $GENERATE pieces on their own; the directive as a whole is tested in
// zonefile_parser_test.cpp.
#include "zone/zonefile_generate.h"

#include <gtest/gtest.h>

#include <string>

namespace zoned::zone {
namespace {

std::string expand(std::string_view text, std::uint32_t value) {
  GenerateTemplate t;
  std::string error;
  EXPECT_TRUE(t.compile(text, error)) << error;
  std::string out;
  EXPECT_TRUE(t.expand(value, out));
  return out;
}

std::string compile_error(std::string_view text) {
  GenerateTemplate t;
  std::string error;
  EXPECT_FALSE(t.compile(text, error)) << text;
  return error;
}

TEST(GenerateRange, Forms) {
  GenerateRange r;
  std::string error;
  ASSERT_TRUE(parse_generate_range("1-127", r, error));
  EXPECT_EQ(r.start, 1u);
  EXPECT_EQ(r.stop, 127u);
  EXPECT_EQ(r.step, 1u);
  EXPECT_EQ(r.count(), 127u);
  ASSERT_TRUE(parse_generate_range("0-255/4", r, error));
  EXPECT_EQ(r.step, 4u);
  EXPECT_EQ(r.count(), 64u);  // 0, 4, ..., 252
  ASSERT_TRUE(parse_generate_range("5-5", r, error));
  EXPECT_EQ(r.count(), 1u);
  ASSERT_TRUE(parse_generate_range("0-2147483647/2147483647", r, error));
  EXPECT_EQ(r.count(), 2u);
}

TEST(GenerateRange, Rejects) {
  GenerateRange r;
  std::string error;
  for (const char* bad : {"", "1", "1-", "-5", "a-b", "1-2/", "1--2", "1-2/x", "1-2-3", "1/2-3",
                          " 1-2", "99999999999-1"}) {
    EXPECT_FALSE(parse_generate_range(bad, r, error)) << bad;
    EXPECT_EQ(error, "bad $GENERATE range, expected start-stop[/step]") << bad;
  }
  EXPECT_FALSE(parse_generate_range("10-1", r, error));
  EXPECT_EQ(error, "$GENERATE range start is above its stop");
  EXPECT_FALSE(parse_generate_range("1-2/0", r, error));
  EXPECT_EQ(error, "$GENERATE step must be at least 1");
  EXPECT_FALSE(parse_generate_range("1-2147483648", r, error));
  EXPECT_EQ(error, "$GENERATE range values must not exceed 2147483647");
}

TEST(GenerateTemplate, PlainDollarIsTheIterator) {
  EXPECT_EQ(expand("$", 7), "7");
  EXPECT_EQ(expand("host$", 12), "host12");
  EXPECT_EQ(expand("$.0", 5), "5.0");  // BIND ARM: $GENERATE 1-127 $ CNAME $.0
  EXPECT_EQ(expand("a$b$c", 3), "a3b3c");
  EXPECT_EQ(expand("no-dollar", 3), "no-dollar");
  EXPECT_EQ(expand("", 3), "");
}

TEST(GenerateTemplate, LiteralDollars) {
  EXPECT_EQ(expand("\\$", 3), "\\$");  // escape kept for the name/RDATA parser
  EXPECT_EQ(expand("a\\$$", 3), "a\\$3");
  EXPECT_EQ(expand("$$", 3), "$");  // BIND: kept for compatibility
  EXPECT_EQ(expand("x$$$", 3), "x$3");
  EXPECT_EQ(expand("\\\\$", 3), "\\\\3");  // an escaped backslash does not escape the '$'
}

TEST(GenerateTemplate, OffsetOnly) {
  EXPECT_EQ(expand("${1}", 7), "8");
  EXPECT_EQ(expand("${-20}", 25), "5");
  EXPECT_EQ(expand("${+2}", 1), "3");
  EXPECT_EQ(expand("${-20}", 5), "-15");  // BIND prints what printf("%d") prints
}

TEST(GenerateTemplate, OffsetAndWidth) {
  // BIND ARM: ${-20,3,d} subtracts 20 and prints a zero-padded decimal of width 3.
  EXPECT_EQ(expand("${-20,3,d}", 25), "005");
  EXPECT_EQ(expand("${0,3}", 7), "007");
  EXPECT_EQ(expand("${0,2}", 1234), "1234");  // width is a minimum
  EXPECT_EQ(expand("${1,0,d}", 7), "8");
  EXPECT_EQ(expand("${-10,4,d}", 5), "-005");  // printf's "%04d" of -5
}

TEST(GenerateTemplate, Bases) {
  EXPECT_EQ(expand("${0,3,o}", 8), "010");
  EXPECT_EQ(expand("${0,0,x}", 255), "ff");
  EXPECT_EQ(expand("${0,4,x}", 1024), "0400");  // BIND genzone test: 2001:db8::${0,4,x}
  EXPECT_EQ(expand("${0,4,X}", 0xabc), "0ABC");
  EXPECT_EQ(expand("${-1,0,x}", 0), "ffffffff");  // printf's %x of -1
}

TEST(GenerateTemplate, NibbleModeIsReversedWithDotsCountedInTheWidth) {
  // BIND genzone test: $GENERATE 1024-1026 ${0,3,n} gives 0.0.4 for 1024 (0x400): the value
  // goes on while it is not zero even past the width.
  EXPECT_EQ(expand("${0,3,n}", 1024), "0.0.4");
  EXPECT_EQ(expand("${0,3,n}", 1026), "2.0.4");
  EXPECT_EQ(expand("${0,0,n}", 0x1a), "a.1");
  EXPECT_EQ(expand("${0,0,N}", 0x1a), "A.1");
  EXPECT_EQ(expand("${0,0,n}", 0), "0");
  // A width of 8 asks for four nibbles: "1.0.0.0" is 7 characters, so a trailing dot fills it.
  EXPECT_EQ(expand("${0,8,n}", 1), "1.0.0.0.");
  EXPECT_EQ(expand("${0,7,n}", 1), "1.0.0.0");
  EXPECT_EQ(expand("${0,8,n}ip6.arpa.", 0xbeef), "f.e.e.b.ip6.arpa.");
  EXPECT_EQ(expand("${0,1,n}", 0x12), "2.1");
}

TEST(GenerateTemplate, OffsetOutOfRangeFailsExpansion) {
  GenerateTemplate t;
  std::string error;
  ASSERT_TRUE(t.compile("${2147483647}", error));
  std::string out;
  EXPECT_TRUE(t.expand(0, out));
  EXPECT_EQ(out, "2147483647");
  EXPECT_FALSE(t.expand(1, out));
}

TEST(GenerateTemplate, BadModifiers) {
  const std::string expected_tail =
      "', expected ${offset[,width[,base]]} with width <= 255 and base d, o, x, X, n or N";
  EXPECT_EQ(compile_error("${}"), "bad $GENERATE modifier '${}" + expected_tail);
  EXPECT_EQ(compile_error("x${a}"), "bad $GENERATE modifier '${a}" + expected_tail);
  EXPECT_EQ(compile_error("${1,2,q}"), "bad $GENERATE modifier '${1,2,q}" + expected_tail);
  EXPECT_EQ(compile_error("${1,2"), "bad $GENERATE modifier '${1,2" + expected_tail);
  EXPECT_EQ(compile_error("${1,2,x,3}"), "bad $GENERATE modifier '${1,2,x,3}" + expected_tail);
  EXPECT_EQ(compile_error("${1,}"), "bad $GENERATE modifier '${1,}" + expected_tail);
  EXPECT_EQ(compile_error("${0,256}"), "bad $GENERATE modifier '${0,256}" + expected_tail);
  EXPECT_EQ(compile_error("${99999999999}"),
            "bad $GENERATE modifier '${99999999999}" + expected_tail);
  compile_error("${");
}

TEST(GenerateNumber, Formats) {
  std::string s;
  append_generated_number(42, 5, 'd', s);
  EXPECT_EQ(s, "00042");
  s.clear();
  append_generated_number(42, 0, 'X', s);
  EXPECT_EQ(s, "2A");
}

}  // namespace
}  // namespace zoned::zone
