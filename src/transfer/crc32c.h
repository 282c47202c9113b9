// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), as iSCSI and ext4 use it: the
// checksum of the IXFR journal's entries. Table-driven, eight octets at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace zoned::transfer {

// Continues a CRC over `data`: crc32c(b, crc32c(a)) == crc32c(a then b). Start with 0.
std::uint32_t crc32c(std::span<const std::uint8_t> data, std::uint32_t crc = 0);

}  // namespace zoned::transfer
