#include "wire/apl.h"

#include "wire/presentation.h"
#include "wire/rdata_text_in.h"

namespace zoned::wire {

namespace {

constexpr std::uint16_t kIPv4Family = 1, kIPv6Family = 2;
constexpr std::uint8_t kNegation = 0x80;

struct Family {
  std::size_t octets;
  unsigned max_prefix;
};

bool known_family(std::uint16_t afi, Family& f) {
  if (afi == kIPv4Family) f = {4, 32};
  if (afi == kIPv6Family) f = {16, 128};
  return afi == kIPv4Family || afi == kIPv6Family;
}

bool parse_item(TextIn& in, std::string_view item) {
  auto bad = [&] { return in.fail("bad APL item " + quote_token(item)); };
  std::string_view text = item;
  bool negated = !text.empty() && text[0] == '!';
  if (negated) text.remove_prefix(1);
  std::size_t colon = text.find(':');
  std::size_t slash = text.rfind('/');
  if (colon == std::string_view::npos || slash == std::string_view::npos || slash < colon)
    return bad();
  std::uint64_t afi, prefix;
  if (parse_decimal(text.substr(0, colon), 65535, afi) != NumberStatus::kOk) return bad();
  Family family;
  if (!known_family(static_cast<std::uint16_t>(afi), family))
    return in.fail("APL address family must be 1 or 2");
  if (parse_decimal(text.substr(slash + 1), family.max_prefix, prefix) != NumberStatus::kOk)
    return in.fail("bad APL prefix length in " + quote_token(text));
  std::uint8_t address[16];
  std::string_view address_text = text.substr(colon + 1, slash - colon - 1);
  bool ok =
      afi == kIPv4Family ? parse_ipv4(address_text, address) : parse_ipv6(address_text, address);
  if (!ok) return bad();
  std::size_t length = family.octets;
  while (length > 0 && address[length - 1] == 0)
    --length;
  in.out.u16(static_cast<std::uint16_t>(afi));
  in.out.u8(static_cast<std::uint8_t>(prefix));
  in.out.u8(static_cast<std::uint8_t>(length | (negated ? kNegation : 0)));
  in.out.bytes(address, length);
  return true;
}

}  // namespace

bool parse_apl(TextIn& in) {
  while (in.has_more())
    if (!parse_item(in, in.take_any().text)) return false;
  return true;
}

bool apl_is_valid(std::span<const std::uint8_t> rdata) {
  std::size_t pos = 0;
  while (pos < rdata.size()) {
    if (rdata.size() - pos < 4) return false;
    std::uint16_t afi = read_u16(&rdata[pos]);
    unsigned prefix = rdata[pos + 2];
    std::size_t length = rdata[pos + 3] & ~kNegation;
    pos += 4;
    if (rdata.size() - pos < length) return false;
    Family family;
    if (known_family(afi, family) && (length > family.octets || prefix > family.max_prefix))
      return false;
    pos += length;
  }
  return true;
}

bool append_apl(std::span<const std::uint8_t> rdata, std::string& out) {
  for (std::size_t pos = 0; pos < rdata.size();) {
    std::uint16_t afi = read_u16(&rdata[pos]);
    std::size_t length = rdata[pos + 3] & ~kNegation;
    Family family;
    if (!known_family(afi, family)) return false;
    if (length > 0 && rdata[pos + 4 + length - 1] == 0) return false;
    if (pos > 0) out.push_back(' ');
    if (rdata[pos + 3] & kNegation) out.push_back('!');
    append_decimal(afi, out);
    out.push_back(':');
    std::uint8_t address[16] = {};
    for (std::size_t i = 0; i < length; ++i)
      address[i] = rdata[pos + 4 + i];
    if (afi == kIPv4Family) {
      append_ipv4(address, out);
    } else {
      append_ipv6(address, out);
    }
    out.push_back('/');
    append_decimal(rdata[pos + 2], out);
    pos += 4 + length;
  }
  return true;
}

}  // namespace zoned::wire
