#include "wire/type_bitmap.h"

#include <cstring>

#include "wire/rdata_text_in.h"
#include "wire/rrtype.h"

namespace zoned::wire {

bool parse_type_bitmap(TextIn& in) {
  // 8 KiB would cover every type; only the windows in use are ever cleared or written.
  std::uint8_t bits[256][32];
  std::uint8_t used[256] = {};  // octets in use per window, 0 for an unused window
  while (in.has_more()) {
    const TextToken& token = in.take_any();
    std::optional<std::uint16_t> type = type_from_text(token.text);
    if (!type) return in.fail("unknown RR type " + quote_token(token.text));
    unsigned window = *type >> 8;
    unsigned octet = (*type & 0xff) >> 3;
    if (used[window] == 0) std::memset(bits[window], 0, sizeof bits[window]);
    bits[window][octet] |= static_cast<std::uint8_t>(0x80 >> (*type & 7));
    if (used[window] < octet + 1) used[window] = static_cast<std::uint8_t>(octet + 1);
  }
  for (unsigned window = 0; window < 256; ++window) {
    if (used[window] == 0) continue;
    in.out.u8(static_cast<std::uint8_t>(window));
    in.out.u8(used[window]);
    in.out.bytes(bits[window], used[window]);
  }
  return true;
}

bool type_bitmap_is_valid(std::span<const std::uint8_t> bitmap) {
  int last_window = -1;
  std::size_t pos = 0;
  while (pos < bitmap.size()) {
    if (bitmap.size() - pos < 2) return false;
    int window = bitmap[pos];
    std::size_t length = bitmap[pos + 1];
    if (window <= last_window || length == 0 || length > 32) return false;
    pos += 2;
    if (bitmap.size() - pos < length || bitmap[pos + length - 1] == 0) return false;
    pos += length;
    last_window = window;
  }
  return true;
}

void append_type_bitmap(std::span<const std::uint8_t> bitmap, std::string& out) {
  bool first = true;
  for (std::size_t pos = 0; pos < bitmap.size(); pos += 2 + bitmap[pos + 1]) {
    unsigned window = bitmap[pos];
    for (unsigned octet = 0; octet < bitmap[pos + 1]; ++octet) {
      std::uint8_t bits = bitmap[pos + 2 + octet];
      for (unsigned bit = 0; bit < 8; ++bit) {
        if ((bits & (0x80 >> bit)) == 0) continue;
        if (!first) out.push_back(' ');
        first = false;
        out += type_to_text(static_cast<std::uint16_t>(window << 8 | octet << 3 | bit));
      }
    }
  }
}

}  // namespace zoned::wire
