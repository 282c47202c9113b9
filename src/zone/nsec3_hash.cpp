#include "zone/nsec3_hash.h"

#include <cstring>

namespace zoned::zone {

namespace {

std::uint32_t rotl(std::uint32_t x, int n) {
  return (x << n) | (x >> (32 - n));
}

// FIPS 180-4 §6.1 over one 64-octet block.
void sha1_block(std::array<std::uint32_t, 5>& h, const std::uint8_t* block) {
  std::uint32_t w[80];
  for (int i = 0; i < 16; ++i) {
    w[i] = (std::uint32_t{block[4 * i]} << 24) | (std::uint32_t{block[4 * i + 1]} << 16) |
           (std::uint32_t{block[4 * i + 2]} << 8) | block[4 * i + 3];
  }
  for (int i = 16; i < 80; ++i)
    w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
  std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
  for (int i = 0; i < 80; ++i) {
    std::uint32_t f, k;
    if (i < 20) {
      f = (b & c) | (~b & d);
      k = 0x5A827999;
    } else if (i < 40) {
      f = b ^ c ^ d;
      k = 0x6ED9EBA1;
    } else if (i < 60) {
      f = (b & c) | (b & d) | (c & d);
      k = 0x8F1BBCDC;
    } else {
      f = b ^ c ^ d;
      k = 0xCA62C1D6;
    }
    std::uint32_t t = rotl(a, 5) + f + e + k + w[i];
    e = d;
    d = c;
    c = rotl(b, 30);
    b = a;
    a = t;
  }
  h[0] += a;
  h[1] += b;
  h[2] += c;
  h[3] += d;
  h[4] += e;
}

// Streaming SHA-1 over pieces, so name and salt need no joined copy.
class Sha1 {
 public:
  void update(std::span<const std::uint8_t> data) {
    for (std::uint8_t byte : data) {
      block_[fill_++] = byte;
      if (fill_ == 64) {
        sha1_block(h_, block_.data());
        fill_ = 0;
      }
    }
    length_ += data.size();
  }
  Sha1Digest finish() {
    const std::uint64_t bits = length_ * 8;
    const std::uint8_t one = 0x80, zero = 0;
    update({&one, 1});
    while (fill_ != 56)
      update({&zero, 1});
    std::uint8_t len[8];
    for (int i = 0; i < 8; ++i)
      len[i] = static_cast<std::uint8_t>(bits >> (56 - 8 * i));
    update(len);
    Sha1Digest out;
    for (int i = 0; i < 5; ++i) {
      out[4 * i] = static_cast<std::uint8_t>(h_[i] >> 24);
      out[4 * i + 1] = static_cast<std::uint8_t>(h_[i] >> 16);
      out[4 * i + 2] = static_cast<std::uint8_t>(h_[i] >> 8);
      out[4 * i + 3] = static_cast<std::uint8_t>(h_[i]);
    }
    return out;
  }

 private:
  std::array<std::uint32_t, 5> h_{0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
  std::array<std::uint8_t, 64> block_{};
  std::size_t fill_ = 0;
  std::uint64_t length_ = 0;
};

}  // namespace

Sha1Digest sha1(std::span<const std::uint8_t> data) {
  Sha1 s;
  s.update(data);
  return s.finish();
}

Sha1Digest nsec3_hash(wire::NameView name, std::span<const std::uint8_t> salt,
                      std::uint16_t iterations) {
  std::uint8_t lower[wire::kMaxNameLength];
  wire::to_lower(name, lower);
  Sha1 s;
  s.update({lower, name.size()});
  s.update(salt);
  Sha1Digest d = s.finish();
  for (std::uint16_t i = 0; i < iterations; ++i) {
    Sha1 again;
    again.update(d);
    again.update(salt);
    d = again.finish();
  }
  return d;
}

namespace {

int base32hex_value(std::uint8_t c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = wire::ascii_lower(c);
  if (c >= 'a' && c <= 'v') return c - 'a' + 10;
  return -1;
}

}  // namespace

std::size_t base32hex_decode(std::span<const std::uint8_t> text, std::span<std::uint8_t> out) {
  std::uint32_t acc = 0;
  int bits = 0;
  std::size_t n = 0;
  for (std::uint8_t c : text) {
    const int v = base32hex_value(c);
    if (v < 0) return 0;
    acc = (acc << 5) | static_cast<std::uint32_t>(v);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      if (n == out.size()) return 0;
      out[n++] = static_cast<std::uint8_t>(acc >> bits);
    }
  }
  // Leftover bits must be zero padding (RFC 4648 §3.5), fewer than one quantum.
  if ((acc & ((1u << bits) - 1)) != 0) return 0;
  return n;
}

}  // namespace zoned::zone
