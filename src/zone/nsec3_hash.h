// NSEC3 owner hashing (RFC 5155 §5): iterated, salted SHA-1 of the canonical (lowercased)
// wire name, and the base32hex form NSEC3 owner labels use. SHA-1 is computed here rather
// than through OpenSSL's EVP interface because EVP allocates a context per digest and the
// answer path must not allocate.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "wire/name.h"

namespace zoned::zone {

using Sha1Digest = std::array<std::uint8_t, 20>;

Sha1Digest sha1(std::span<const std::uint8_t> data);

// IH(salt, x, 0) = H(x || salt); IH(salt, x, k) = H(IH(salt, x, k-1) || salt).
Sha1Digest nsec3_hash(wire::NameView name, std::span<const std::uint8_t> salt,
                      std::uint16_t iterations);

// Decodes a base32hex label (RFC 4648 §7, either case, no padding) into `out`; returns the
// octets written, or 0 when `text` is not base32hex or does not fit.
std::size_t base32hex_decode(std::span<const std::uint8_t> text, std::span<std::uint8_t> out);

}  // namespace zoned::zone
