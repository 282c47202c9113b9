#include "wire/encoding.h"

#include <array>

namespace zoned::wire {

namespace {

constexpr char kHexUpper[] = "0123456789ABCDEF";
constexpr char kHexLower[] = "0123456789abcdef";
constexpr char kBase32Hex[] = "0123456789abcdefghijklmnopqrstuv";
constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::int8_t kInvalid = -1;

constexpr std::array<std::int8_t, 256> make_base64_values() {
  std::array<std::int8_t, 256> v{};
  for (auto& x : v)
    x = kInvalid;
  for (int i = 0; i < 64; ++i)
    v[static_cast<unsigned char>(kBase64[i])] = static_cast<std::int8_t>(i);
  return v;
}
constexpr auto kBase64Values = make_base64_values();

constexpr std::array<std::int8_t, 256> make_base32hex_values() {
  std::array<std::int8_t, 256> v{};
  for (auto& x : v)
    x = kInvalid;
  for (int i = 0; i < 32; ++i) {
    char c = kBase32Hex[i];
    v[static_cast<unsigned char>(c)] = static_cast<std::int8_t>(i);
    if (c >= 'a' && c <= 'z') v[static_cast<unsigned char>(c - 32)] = static_cast<std::int8_t>(i);
  }
  return v;
}
constexpr auto kBase32HexValues = make_base32hex_values();

void append_hex(std::span<const std::uint8_t> data, const char* digits, std::string& out) {
  std::size_t at = out.size();
  out.resize(at + 2 * data.size());
  char* p = out.data() + at;
  for (std::uint8_t b : data) {
    *p++ = digits[b >> 4];
    *p++ = digits[b & 15];
  }
}

}  // namespace

int hex_digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool HexDecoder::feed(std::string_view text, ByteSink& out) {
  for (char c : text) {
    int v = hex_digit_value(c);
    if (v < 0) return false;
    if (has_half_) {
      out.put(static_cast<std::uint8_t>(half_ << 4 | v));
      has_half_ = false;
    } else {
      half_ = static_cast<std::uint8_t>(v);
      has_half_ = true;
    }
  }
  return true;
}

bool Base64Decoder::feed(std::string_view text, ByteSink& out) {
  for (char c : text) {
    if (done_) return false;
    if (c == '=') {
      // "xx==" and "xxx=" are the only padded quanta.
      if (count_ < 2) return false;
      ++padding_;
    } else {
      std::int8_t v = kBase64Values[static_cast<unsigned char>(c)];
      if (v == kInvalid || padding_ > 0) return false;
      bits_ = bits_ << 6 | static_cast<std::uint32_t>(v);
    }
    if (++count_ < 4) continue;
    bits_ <<= 6 * padding_;
    out.put(static_cast<std::uint8_t>(bits_ >> 16));
    if (padding_ < 2) out.put(static_cast<std::uint8_t>(bits_ >> 8));
    if (padding_ < 1) out.put(static_cast<std::uint8_t>(bits_));
    done_ = padding_ > 0;
    bits_ = 0;
    count_ = 0;
    padding_ = 0;
  }
  return true;
}

bool decode_base32hex(std::string_view text, ByteSink& out) {
  std::uint32_t bits = 0;
  unsigned nbits = 0;
  for (char c : text) {
    std::int8_t v = kBase32HexValues[static_cast<unsigned char>(c)];
    if (v == kInvalid) return false;
    bits = (bits << 5 | static_cast<std::uint32_t>(v)) & 0x1fff;
    nbits += 5;
    if (nbits >= 8) {
      nbits -= 8;
      out.put(static_cast<std::uint8_t>(bits >> nbits));
    }
  }
  // 5 or more bits left over means a character that carries no complete octet.
  return nbits < 5;
}

void append_hex_upper(std::span<const std::uint8_t> data, std::string& out) {
  append_hex(data, kHexUpper, out);
}

void append_hex_lower(std::span<const std::uint8_t> data, std::string& out) {
  append_hex(data, kHexLower, out);
}

void append_base32hex(std::span<const std::uint8_t> data, std::string& out) {
  std::uint32_t bits = 0;
  unsigned nbits = 0;
  for (std::uint8_t b : data) {
    bits = (bits << 8 | b) & 0xfff;
    nbits += 8;
    while (nbits >= 5) {
      nbits -= 5;
      out.push_back(kBase32Hex[(bits >> nbits) & 31]);
    }
  }
  if (nbits > 0) out.push_back(kBase32Hex[(bits << (5 - nbits)) & 31]);
}

void append_base64(std::span<const std::uint8_t> data, std::string& out) {
  std::size_t at = out.size();
  out.resize(at + (data.size() + 2) / 3 * 4);
  char* p = out.data() + at;
  std::size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    std::uint32_t v = static_cast<std::uint32_t>(data[i] << 16 | data[i + 1] << 8 | data[i + 2]);
    *p++ = kBase64[v >> 18];
    *p++ = kBase64[(v >> 12) & 63];
    *p++ = kBase64[(v >> 6) & 63];
    *p++ = kBase64[v & 63];
  }
  std::size_t rest = data.size() - i;
  if (rest == 0) return;
  std::uint32_t v = static_cast<std::uint32_t>(data[i] << 16);
  if (rest == 2) v |= static_cast<std::uint32_t>(data[i + 1] << 8);
  *p++ = kBase64[v >> 18];
  *p++ = kBase64[(v >> 12) & 63];
  *p++ = rest == 2 ? kBase64[(v >> 6) & 63] : '=';
  *p++ = '=';
}

}  // namespace zoned::wire
