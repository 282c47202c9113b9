#include "wire/name.h"

#include <gtest/gtest.h>

namespace zoned::wire {
namespace {

Name parse(std::string_view text, std::string_view origin_text = ".") {
  Name origin;
  EXPECT_EQ(parse_name(origin_text, nullptr, origin), NameTextError::kOk) << origin_text;
  NameView ov = origin;
  Name n;
  EXPECT_EQ(parse_name(text, &ov, n), NameTextError::kOk) << text;
  return n;
}

NameTextError parse_error(std::string_view text) {
  Name n;
  Name origin;
  NameView ov = origin;
  return parse_name(text, &ov, n);
}

TEST(Name, ParsesAbsoluteAndRelative) {
  EXPECT_EQ(to_text(parse("www.example.com.")), "www.example.com.");
  EXPECT_EQ(to_text(parse("www", "example.com.")), "www.example.com.");
  EXPECT_EQ(to_text(parse("@", "example.com.")), "example.com.");
  EXPECT_EQ(to_text(parse(".")), ".");
  Name n = parse("WwW.Example.COM.");
  EXPECT_EQ(n.size(), 17u);
  EXPECT_EQ(n.label_count(), 3u);
  EXPECT_EQ(to_text(n), "WwW.Example.COM.");  // case preserved
}

TEST(Name, RelativeWithoutOriginIsAnError) {
  Name n;
  EXPECT_EQ(parse_name("www", nullptr, n), NameTextError::kRelativeNoOrigin);
  EXPECT_EQ(parse_name("@", nullptr, n), NameTextError::kRelativeNoOrigin);
}

TEST(Name, Escapes) {
  Name n = parse("a\\.b.c\\032d.\\255.");
  EXPECT_EQ(n.label_count(), 3u);
  EXPECT_EQ(n.data()[0], 3);
  EXPECT_EQ(n.data()[2], '.');
  EXPECT_EQ(to_text(n), "a\\.b.c\\032d.\\255.");
  EXPECT_EQ(to_text(parse("\\@\\$\\;\\(\\)\\\"\\\\.")), "\\@\\$\\;\\(\\)\\\"\\\\.");
  EXPECT_EQ(to_text(parse("\\065b.")), "Ab.");
  EXPECT_EQ(to_text(parse("\\x.")), "x.");
  EXPECT_EQ(parse_error("a\\"), NameTextError::kBadEscape);
  EXPECT_EQ(parse_error("a\\25"), NameTextError::kBadEscape);
  EXPECT_EQ(parse_error("a\\256"), NameTextError::kBadEscape);
  EXPECT_EQ(parse_error("a\\2x5"), NameTextError::kBadEscape);
}

TEST(Name, Limits) {
  std::string l63(63, 'a');
  std::string l64(64, 'a');
  EXPECT_EQ(parse_error(l63 + "."), NameTextError::kOk);
  EXPECT_EQ(parse_error(l64 + "."), NameTextError::kLabelTooLong);
  // 4 labels of 63 + 4 length octets + root = 257 > 255; 3*63 + 61 + 5 = 255 fits.
  std::string big = l63 + "." + l63 + "." + l63 + "." + std::string(61, 'b') + ".";
  EXPECT_EQ(parse_error(big), NameTextError::kOk);
  EXPECT_EQ(parse(big).size(), 255u);
  std::string too_big = l63 + "." + l63 + "." + l63 + "." + std::string(62, 'b') + ".";
  EXPECT_EQ(parse_error(too_big), NameTextError::kNameTooLong);
  Name origin = parse(std::string(61, 'b') + ".");
  NameView ov = origin;
  Name n;
  EXPECT_EQ(parse_name(l63 + "." + l63 + "." + l63, &ov, n), NameTextError::kOk);
  EXPECT_EQ(parse_name(l63 + "." + l63 + "." + l63 + ".a", &ov, n), NameTextError::kNameTooLong);
  EXPECT_EQ(parse_error(""), NameTextError::kEmpty);
  EXPECT_EQ(parse_error("a..b."), NameTextError::kEmptyLabel);
  EXPECT_EQ(parse_error(".a."), NameTextError::kEmptyLabel);
  EXPECT_EQ(parse_error(".."), NameTextError::kEmptyLabel);
}

TEST(Name, FromWireValidates) {
  Name n;
  const std::uint8_t ok[] = {3, 'w', 'w', 'w', 0};
  EXPECT_TRUE(Name::from_wire(ok, n));
  const std::uint8_t no_root[] = {3, 'w', 'w', 'w'};
  EXPECT_FALSE(Name::from_wire(no_root, n));
  const std::uint8_t trailing[] = {0, 0};
  EXPECT_FALSE(Name::from_wire(trailing, n));
  const std::uint8_t pointer[] = {0xc0, 12};
  EXPECT_FALSE(Name::from_wire(pointer, n));
}

TEST(Name, CaseInsensitiveEqualityAndHash) {
  Name a = parse("WWW.example.com.");
  Name b = parse("www.EXAMPLE.com.");
  EXPECT_TRUE(equal(a, b));
  EXPECT_EQ(hash(a), hash(b));
  EXPECT_FALSE(equal(a, parse("www.example.org.")));
  EXPECT_TRUE(is_subdomain(a, parse("Example.COM.")));
  EXPECT_TRUE(is_subdomain(a, parse(".")));
  EXPECT_FALSE(is_subdomain(parse("com."), a));
  EXPECT_FALSE(is_subdomain(parse("xexample.com."), parse("example.com.")));
}

TEST(Name, CanonicalOrderOfRfc4034Section6_1) {
  // The example list from RFC 4034 §6.1, already in canonical order.
  const char* ordered[] = {"example.",         "a.example.",      "yljkjljk.a.example.",
                           "Z.a.example.",     "zABC.a.EXAMPLE.", "z.example.",
                           "\\001.z.example.", "*.z.example.",    "\\200.z.example."};
  for (std::size_t i = 0; i < std::size(ordered); ++i) {
    for (std::size_t j = 0; j < std::size(ordered); ++j) {
      int c = canonical_compare(parse(ordered[i]), parse(ordered[j]));
      int want = i < j ? -1 : (i == j ? 0 : 1);
      EXPECT_EQ((c > 0) - (c < 0), want) << ordered[i] << " vs " << ordered[j];
    }
  }
}

TEST(Name, LabelsAndAppend) {
  Name n = parse("a.b.c.");
  EXPECT_EQ(to_text(n.view().parent()), "b.c.");
  EXPECT_EQ(to_text(n.view().strip_labels(3)), ".");
  EXPECT_EQ(n.view().first_label(), "a");
  Name m = parse("x.");
  ASSERT_TRUE(m.append(parse("y.z.")));
  EXPECT_EQ(to_text(m), "x.y.z.");
  ASSERT_TRUE(m.prepend_label("w"));
  EXPECT_EQ(to_text(m), "w.x.y.z.");
}

}  // namespace
}  // namespace zoned::wire
