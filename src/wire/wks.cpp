#include "wire/wks.h"

#include <cstring>

#include "wire/presentation.h"
#include "wire/rdata_text_in.h"

namespace zoned::wire {

namespace {
constexpr std::uint8_t kTcp = 6, kUdp = 17;
constexpr std::size_t kMaxBitmapOctets = 65536 / 8;
}  // namespace

bool parse_wks_protocol(TextIn& in, const FieldSpec& field) {
  const TextToken* token = in.take(field);
  if (token == nullptr) return false;
  std::uint64_t v;
  switch (parse_decimal(token->text, 255, v)) {
    case NumberStatus::kOk:
      in.out.u8(static_cast<std::uint8_t>(v));
      return true;
    case NumberStatus::kRange:
      return in.out_of_range(field);
    case NumberStatus::kSyntax:
      break;
  }
  if (iequals(token->text, "tcp")) {
    in.out.u8(kTcp);
  } else if (iequals(token->text, "udp")) {
    in.out.u8(kUdp);
  } else {
    return in.bad_value(field);
  }
  return true;
}

bool parse_wks_bitmap(TextIn& in) {
  std::size_t start = in.out.size();
  std::size_t used = 0;  // bitmap octets so far; the highest port decides the length
  while (in.has_more()) {
    const TextToken& token = in.take_any();
    std::uint64_t port;
    NumberStatus s = parse_decimal(token.text, 65535, port);
    if (s == NumberStatus::kSyntax) return in.fail("bad WKS port " + quote_token(token.text));
    if (s == NumberStatus::kRange) return in.fail("WKS port out of range");
    std::size_t octet = port / 8;
    if (octet >= used) {
      ByteSink grow = in.out.tail();
      if (octet - used + 1 > grow.capacity) return in.fail("RDATA longer than 65535 octets");
      std::memset(grow.data, 0, octet - used + 1);
      grow.size = octet - used + 1;
      in.out.commit(grow);
      used = octet + 1;
    }
    in.out.data()[start + octet] |= static_cast<std::uint8_t>(0x80 >> (port % 8));
  }
  return true;
}

bool append_wks_bitmap(std::span<const std::uint8_t> bitmap, std::string& out) {
  if (!bitmap.empty() && bitmap.back() == 0) return false;
  if (bitmap.size() > kMaxBitmapOctets) return false;  // bits for ports past 65535
  bool first = true;
  for (std::size_t octet = 0; octet < bitmap.size(); ++octet) {
    for (unsigned bit = 0; bit < 8; ++bit) {
      if ((bitmap[octet] & (0x80 >> bit)) == 0) continue;
      if (!first) out.push_back(' ');
      first = false;
      append_decimal(octet * 8 + bit, out);
    }
  }
  return true;
}

}  // namespace zoned::wire
