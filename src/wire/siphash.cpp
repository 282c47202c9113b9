#include "wire/siphash.h"

#include <cstddef>

namespace zoned::wire {

namespace {

// Octets are assembled one by one, so neither the host's byte order nor the alignment of
// the message matters.
std::uint64_t load_le64(const std::uint8_t* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i)
    v = (v << 8) | p[i];
  return v;
}

constexpr std::uint64_t rotl(std::uint64_t x, int b) {
  return (x << b) | (x >> (64 - b));
}

// The four words of the internal state and the paper's SipRound (its Figure 2.1): two
// add-rotate-xor half rounds.
struct SipState {
  std::uint64_t v0, v1, v2, v3;

  void round() {
    v0 += v1;
    v2 += v3;
    v1 = rotl(v1, 13);
    v3 = rotl(v3, 16);
    v1 ^= v0;
    v3 ^= v2;
    v0 = rotl(v0, 32);
    v2 += v1;
    v0 += v3;
    v1 = rotl(v1, 17);
    v3 = rotl(v3, 21);
    v1 ^= v2;
    v3 ^= v0;
    v2 = rotl(v2, 32);
  }

  // c = 2 compression rounds per message word.
  void compress(std::uint64_t m) {
    v3 ^= m;
    round();
    round();
    v0 ^= m;
  }
};

}  // namespace

std::uint64_t siphash24(const SipHashKey& key, std::span<const std::uint8_t> message) {
  const std::uint64_t k0 = load_le64(key.data());
  const std::uint64_t k1 = load_le64(key.data() + 8);
  // The initial constants spell "somepseudorandomlygeneratedbytes" in ASCII.
  SipState s{k0 ^ 0x736f6d6570736575ull, k1 ^ 0x646f72616e646f6dull, k0 ^ 0x6c7967656e657261ull,
             k1 ^ 0x7465646279746573ull};

  const std::size_t n = message.size();
  const std::size_t whole = n - n % 8;
  for (std::size_t i = 0; i < whole; i += 8)
    s.compress(load_le64(message.data() + i));

  // The last word: the 0..7 remaining octets in its low bytes, the length modulo 256 in
  // the top byte (so that messages differing only by trailing zeros differ).
  std::uint64_t last = static_cast<std::uint64_t>(n & 0xff) << 56;
  for (std::size_t i = whole; i < n; ++i)
    last |= static_cast<std::uint64_t>(message[i]) << (8 * (i - whole));
  s.compress(last);

  // Finalisation: d = 4 rounds.
  s.v2 ^= 0xff;
  s.round();
  s.round();
  s.round();
  s.round();
  return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

std::array<std::uint8_t, 8> siphash24_octets(const SipHashKey& key,
                                             std::span<const std::uint8_t> message) {
  std::uint64_t h = siphash24(key, message);
  std::array<std::uint8_t, 8> out;
  for (std::uint8_t& b : out) {
    b = static_cast<std::uint8_t>(h);
    h >>= 8;
  }
  return out;
}

}  // namespace zoned::wire
