// The windowed RR type bitmap of NSEC, NSEC3 and CSYNC (RFC 4034 §4.1.2).
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace zoned::wire {

class TextIn;

// Reads all remaining tokens as type mnemonics ("A", "TYPE65280"); duplicates are fine.
bool parse_type_bitmap(TextIn& in);
// Windows in increasing order, 1..32 octets each, no trailing zero octet (as BIND checks).
bool type_bitmap_is_valid(std::span<const std::uint8_t> bitmap);
// "A NS RRSIG"; nothing for an empty bitmap. `bitmap` must be valid.
void append_type_bitmap(std::span<const std::uint8_t> bitmap, std::string& out);

}  // namespace zoned::wire
