// SipHash-2-4 (Aumasson and Bernstein, "SipHash: a fast short-input PRF", 2012): a keyed
// 64-bit PRF for short messages. RFC 9018 makes it the hash of interoperable DNS server
// cookies; written here from the paper's description, with a 128-bit key and 64-bit output.
//
// Byte order follows the paper and its reference code: the key is two little-endian 64-bit
// words, the message is read as little-endian words, and the result, when it is written out
// as octets (as a cookie's Hash field carries it), is written little-endian too.
#pragma once

#include <array>
#include <cstdint>
#include <span>

namespace zoned::wire {

using SipHashKey = std::array<std::uint8_t, 16>;

// SipHash-2-4 of `message` under `key`: the 64-bit value v0 ^ v1 ^ v2 ^ v3 of the paper.
// Nothing allocates; any length, any alignment.
std::uint64_t siphash24(const SipHashKey& key, std::span<const std::uint8_t> message);

// The same value as the 8 octets the reference implementation outputs (little-endian).
std::array<std::uint8_t, 8> siphash24_octets(const SipHashKey& key,
                                             std::span<const std::uint8_t> message);

}  // namespace zoned::wire
