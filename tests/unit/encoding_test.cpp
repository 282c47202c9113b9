#include "wire/encoding.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace zoned::wire {
namespace {

std::span<const std::uint8_t> bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

struct Decoded {
  bool ok = false;
  std::string data;
  bool overflow = false;
};

// Feeds `pieces` one after another, as RDATA tokens arrive.
template <typename Decoder>
Decoded decode(std::initializer_list<std::string_view> pieces, std::size_t capacity = 64) {
  std::vector<std::uint8_t> buf(capacity);
  ByteSink sink{buf.data(), buf.size()};
  Decoder d;
  Decoded r;
  r.ok = true;
  for (std::string_view p : pieces)
    r.ok = r.ok && d.feed(p, sink);
  r.ok = r.ok && d.finish();
  r.data.assign(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(sink.size));
  r.overflow = sink.overflow;
  return r;
}

Decoded base32(std::string_view text, std::size_t capacity = 64) {
  std::vector<std::uint8_t> buf(capacity);
  ByteSink sink{buf.data(), buf.size()};
  Decoded r;
  r.ok = decode_base32hex(text, sink);
  r.data.assign(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(sink.size));
  r.overflow = sink.overflow;
  return r;
}

// RFC 4648 §10 test vectors.
const char* const kPlain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
const char* const kBase64[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
const char* const kBase32Hex[] = {"", "co", "cpng", "cpnmu", "cpnmuog", "cpnmuoj1", "cpnmuoj1e8"};

TEST(Encoding, Base64Rfc4648Vectors) {
  for (int i = 0; i < 7; ++i) {
    std::string text;
    append_base64(bytes(kPlain[i]), text);
    EXPECT_EQ(text, kBase64[i]);
    Decoded d = decode<Base64Decoder>({kBase64[i]});
    EXPECT_TRUE(d.ok) << kBase64[i];
    EXPECT_EQ(d.data, kPlain[i]);
  }
}

TEST(Encoding, Base64SplitAnywhere) {
  std::string_view text = "Zm9vYmFyZm9vYg==";
  for (std::size_t cut = 0; cut <= text.size(); ++cut) {
    Decoded d = decode<Base64Decoder>({text.substr(0, cut), text.substr(cut)});
    EXPECT_TRUE(d.ok) << cut;
    EXPECT_EQ(d.data, "foobarfoob");
  }
}

TEST(Encoding, Base64Rejects) {
  EXPECT_FALSE(decode<Base64Decoder>({"Zg="}).ok);  // incomplete quantum
  EXPECT_FALSE(decode<Base64Decoder>({"Zm9"}).ok);
  EXPECT_FALSE(decode<Base64Decoder>({"Z==="}).ok);  // too much padding
  EXPECT_FALSE(decode<Base64Decoder>({"===="}).ok);
  EXPECT_FALSE(decode<Base64Decoder>({"Zg=a"}).ok);          // data inside padding
  EXPECT_FALSE(decode<Base64Decoder>({"Zg==", "Zg=="}).ok);  // data after padding
  EXPECT_FALSE(decode<Base64Decoder>({"Zm9v!"}).ok);
  EXPECT_FALSE(decode<Base64Decoder>({"Zm-_"}).ok);  // base64url is another alphabet
  EXPECT_TRUE(decode<Base64Decoder>({"Zh=="}).ok);   // stray low bits are ignored
}

TEST(Encoding, HexAcrossTokens) {
  Decoded d = decode<HexDecoder>({"0A0", "b", "Cd"});
  EXPECT_TRUE(d.ok);
  EXPECT_EQ(d.data, "\x0a\x0b\xcd");
  EXPECT_FALSE(decode<HexDecoder>({"0A0"}).ok);  // odd digit count
  EXPECT_FALSE(decode<HexDecoder>({"0g"}).ok);
  EXPECT_TRUE(decode<HexDecoder>({""}).ok);
  std::string upper, lower;
  append_hex_upper(bytes("\x01\xab\xff"), upper);
  append_hex_lower(bytes("\x01\xab\xff"), lower);
  EXPECT_EQ(upper, "01ABFF");
  EXPECT_EQ(lower, "01abff");
  EXPECT_EQ(hex_digit_value('F'), 15);
  EXPECT_EQ(hex_digit_value('g'), -1);
}

TEST(Encoding, Base32HexRfc4648Vectors) {
  for (int i = 0; i < 7; ++i) {
    std::string text;
    append_base32hex(bytes(kPlain[i]), text);
    EXPECT_EQ(text, kBase32Hex[i]);
    Decoded d = base32(kBase32Hex[i]);
    EXPECT_TRUE(d.ok) << kBase32Hex[i];
    EXPECT_EQ(d.data, kPlain[i]);
  }
  EXPECT_EQ(base32("CPNMUOJ1E8").data, "foobar");  // either case
}

TEST(Encoding, Base32HexRejects) {
  EXPECT_FALSE(base32("c").ok);  // 1, 3 or 6 characters (mod 8) hold no whole octet
  EXPECT_FALSE(base32("cpn").ok);
  EXPECT_FALSE(base32("cpnmuo").ok);
  EXPECT_FALSE(base32("cw").ok);        // W is past the base32hex alphabet
  EXPECT_FALSE(base32("co======").ok);  // no padding in NSEC3
}

TEST(Encoding, SinkOverflowIsReported) {
  Decoded d = decode<HexDecoder>({"010203"}, 2);
  EXPECT_TRUE(d.ok);
  EXPECT_TRUE(d.overflow);
  EXPECT_EQ(d.data, "\x01\x02");
  EXPECT_TRUE(decode<Base64Decoder>({"Zm9v"}, 2).overflow);
  EXPECT_TRUE(base32("cpnmuoj1e8", 5).overflow);
}

}  // namespace
}  // namespace zoned::wire
