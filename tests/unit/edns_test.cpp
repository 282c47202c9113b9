#include "wire/edns.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "wire/message_header.h"

namespace zoned::wire {
namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes option(std::uint16_t code, const Bytes& data) {
  Bytes b = {static_cast<std::uint8_t>(code >> 8), static_cast<std::uint8_t>(code),
             static_cast<std::uint8_t>(data.size() >> 8), static_cast<std::uint8_t>(data.size())};
  b.insert(b.end(), data.begin(), data.end());
  return b;
}

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts)
    out.insert(out.end(), p.begin(), p.end());
  return out;
}

TEST(Edns, ParsesTheFixedFields) {
  Edns e;
  // TTL: extended rcode 1 (BADVERS with header 0), version 0, DO set, one Z bit.
  ASSERT_EQ(parse_opt(4096, 0x01008001u, {}, e), EdnsError::kOk);
  EXPECT_EQ(e.udp_size, 4096);
  EXPECT_EQ(e.extended_rcode, 1);
  EXPECT_EQ(e.version, 0);
  EXPECT_TRUE(e.dnssec_ok());
  EXPECT_EQ(e.flags, 0x8001);
  EXPECT_EQ(combine_rcode(0, e.extended_rcode), Rcode::kBadVers);
  EXPECT_TRUE(e.options.empty());
  EXPECT_TRUE(e.cookie.empty());

  ASSERT_EQ(parse_opt(100, 0x00010000u, {}, e), EdnsError::kOk);
  EXPECT_EQ(e.version, 1);
  EXPECT_FALSE(e.dnssec_ok());
  EXPECT_EQ(e.udp_size, 100);
  EXPECT_EQ(e.effective_udp_size(), 512);  // RFC 6891 §6.2.3
}

TEST(Edns, WalksOptions) {
  Bytes rdata = concat({option(edns_option::NSID, {}), option(edns_option::PADDING, Bytes(5, 0)),
                        option(65001, {1, 2, 3})});
  Edns e;
  ASSERT_EQ(parse_opt(1232, 0, rdata, e), EdnsError::kOk);
  EdnsOptionIterator it(e.options);
  EdnsOptionView o;
  ASSERT_TRUE(it.next(o));
  EXPECT_EQ(o.code, edns_option::NSID);
  EXPECT_TRUE(o.data.empty());
  ASSERT_TRUE(it.next(o));
  EXPECT_EQ(o.code, edns_option::PADDING);
  EXPECT_EQ(o.data.size(), 5u);
  ASSERT_TRUE(it.next(o));
  EXPECT_EQ(o.code, 65001);
  EXPECT_EQ(o.data[2], 3);
  EXPECT_FALSE(it.next(o));

  ASSERT_TRUE(find_option(e.options, 65001, o));
  EXPECT_EQ(o.data.size(), 3u);
  EXPECT_FALSE(find_option(e.options, edns_option::EDE, o));
}

TEST(Edns, RejectsBrokenOptionFraming) {
  Edns e;
  EXPECT_EQ(parse_opt(1232, 0, Bytes{0, 10}, e), EdnsError::kBadOptionLength);  // half header
  EXPECT_EQ(parse_opt(1232, 0, Bytes{0, 3, 0, 4, 1, 2, 3}, e), EdnsError::kBadOptionLength);
  Bytes ok_then_short = concat({option(3, {1}), Bytes{0, 3, 0, 1}});
  EXPECT_EQ(parse_opt(1232, 0, ok_then_short, e), EdnsError::kBadOptionLength);
}

TEST(Edns, BoundsTheNumberOfOptions) {
  Bytes options;
  for (std::size_t i = 0; i < kMaxEdnsOptions; ++i) {
    const Bytes one = option(65001, {});
    options.insert(options.end(), one.begin(), one.end());
  }
  Edns e;
  EXPECT_EQ(parse_opt(1232, 0, options, e), EdnsError::kOk);
  const Bytes one_more = option(65001, {});
  options.insert(options.end(), one_more.begin(), one_more.end());
  EXPECT_EQ(parse_opt(1232, 0, options, e), EdnsError::kTooManyOptions);
}

TEST(Edns, CookieLengths) {
  // RFC 7873 §5.2.2: 8 (client only) or 16..40 octets; anything else is FORMERR.
  for (std::size_t n = 0; n <= 48; ++n) {
    Edns e;
    EdnsError r = parse_opt(1232, 0, option(edns_option::COOKIE, Bytes(n, 0xAB)), e);
    bool valid = n == 8 || (n >= 16 && n <= 40);
    EXPECT_EQ(r, valid ? EdnsError::kOk : EdnsError::kBadCookie) << n;
    if (valid) {
      EXPECT_EQ(e.cookie.size(), n);
    }
  }
}

TEST(Edns, WritesOptWithEdeAndCookie) {
  const std::uint8_t cookie[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  const EdnsOption opts[] = {
      {edns_option::COOKIE, cookie},
      ede_option(ede::kProhibited, "not for you"),
      ede_option(ede::kNotReady),
  };
  OptRecord opt;
  opt.udp_size = 1232;
  opt.extended_rcode = rcode_high_bits(Rcode::kBadCookie);
  opt.dnssec_ok = true;
  opt.options = opts;
  std::size_t size = opt_record_size(opt);
  EXPECT_EQ(size, 11u + (4 + 16) + (4 + 2 + 11) + (4 + 2));
  std::uint8_t buf[128];
  ASSERT_EQ(write_opt_record(opt, buf), size);
  EXPECT_EQ(write_opt_record(opt, std::span<std::uint8_t>(buf, size - 1)), 0u);

  // Root owner, type 41, class = UDP size, TTL, RDLENGTH.
  EXPECT_EQ(buf[0], 0);
  EXPECT_EQ(load_u16(buf + 1), 41);
  EXPECT_EQ(load_u16(buf + 3), 1232);
  EXPECT_EQ(load_u32(buf + 5), 0x01008000u);  // BADCOOKIE (23) >> 4 = 1, DO
  EXPECT_EQ(load_u16(buf + 9), size - 11);

  Edns e;
  ASSERT_EQ(parse_opt(load_u16(buf + 3), load_u32(buf + 5), {buf + 11, size - 11}, e),
            EdnsError::kOk);
  EXPECT_EQ(combine_rcode(rcode_low_bits(Rcode::kBadCookie), e.extended_rcode), Rcode::kBadCookie);
  EXPECT_EQ(e.cookie.size(), 16u);
  EdnsOptionIterator it(e.options);
  EdnsOptionView o;
  ASSERT_TRUE(it.next(o));
  ASSERT_TRUE(it.next(o));
  EXPECT_EQ(o.code, edns_option::EDE);
  ASSERT_EQ(o.data.size(), 13u);
  EXPECT_EQ(load_u16(o.data.data()), ede::kProhibited);
  EXPECT_EQ(std::string(o.data.begin() + 2, o.data.end()), "not for you");
  ASSERT_TRUE(it.next(o));
  EXPECT_EQ(o.data.size(), 2u);
  EXPECT_EQ(load_u16(o.data.data()), ede::kNotReady);
  EXPECT_FALSE(it.next(o));
}

TEST(Edns, EmptyOptRecord) {
  OptRecord opt;
  std::uint8_t buf[11];
  ASSERT_EQ(write_opt_record(opt, buf), 11u);
  const std::uint8_t want[11] = {0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(0, std::memcmp(buf, want, 11));
}

TEST(MessageHeader, RcodeSplitAndNames) {
  EXPECT_EQ(rcode_low_bits(Rcode::kBadVers), 0);
  EXPECT_EQ(rcode_high_bits(Rcode::kBadVers), 1);
  EXPECT_EQ(rcode_low_bits(Rcode::kBadCookie), 7);
  EXPECT_EQ(rcode_high_bits(Rcode::kBadCookie), 1);
  EXPECT_EQ(combine_rcode(3, 0), Rcode::kNxDomain);
  EXPECT_STREQ(to_string(Rcode::kBadVers), "BADVERS");
  EXPECT_STREQ(to_string(Rcode::kNxDomain), "NXDOMAIN");
  EXPECT_STREQ(to_string(static_cast<Rcode>(3000)), "RESERVED");
  EXPECT_STREQ(to_string(Opcode::kNotify), "NOTIFY");
  EXPECT_STREQ(to_string(static_cast<Opcode>(3)), "RESERVED");
}

TEST(MessageHeader, FlagsOpcodeRcodeRoundTrip) {
  Header h;
  h.id = 0xBEEF;
  h.set(flag::QR, true);
  h.set(flag::AA, true);
  h.set(flag::RD, true);
  h.set_opcode(Opcode::kUpdate);
  h.set_rcode(Rcode::kBadCookie);  // only the low 4 bits go to the header
  h.qdcount = 1;
  h.arcount = 2;
  std::uint8_t wire[kHeaderSize];
  h.write(wire);
  const std::uint8_t want[kHeaderSize] = {0xBE, 0xEF, 0xAD, 0x07, 0, 1, 0, 0, 0, 0, 0, 2};
  EXPECT_EQ(0, std::memcmp(wire, want, kHeaderSize));
  Header r = Header::read(wire);
  EXPECT_TRUE(r.has(flag::QR) && r.has(flag::AA) && r.has(flag::RD));
  EXPECT_FALSE(r.has(flag::TC) || r.has(flag::RA) || r.has(flag::AD) || r.has(flag::CD));
  EXPECT_EQ(r.opcode(), Opcode::kUpdate);
  EXPECT_EQ(r.rcode_bits(), 7);
  r.set(flag::AA, false);
  r.set_opcode(Opcode::kQuery);
  EXPECT_EQ(r.flags, 0x8107);
}

}  // namespace
}  // namespace zoned::wire
