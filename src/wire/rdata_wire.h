// Internal: walking uncompressed wire RDATA field by field, as the table describes it.
// Shared by validation, printing, canonicalization and the message reader.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "wire/rrtype_table.h"

namespace zoned::wire {

inline constexpr std::size_t kBadField = static_cast<std::size_t>(-1);

// Octets of the uncompressed name at rdata[pos], or 0 when it is malformed (label over 63
// octets, compression pointer, over 255 octets, or running past the end).
std::size_t name_length(std::span<const std::uint8_t> rdata, std::size_t pos);

// Where the field that starts at `pos` ends, after checking its structure; kBadField when
// it is malformed. Fields "to the end" end at rdata.size().
std::size_t field_end(const FieldSpec& field, std::span<const std::uint8_t> rdata, std::size_t pos);

}  // namespace zoned::wire
