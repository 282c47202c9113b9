// APL (RFC 3123): lists of address prefixes, "1:192.0.2.0/24 !2:2001:db8::/32".
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace zoned::wire {

class TextIn;

// All remaining tokens as items of address family 1 (IPv4) or 2 (IPv6).
bool parse_apl(TextIn& in);
// Item headers and lengths in bounds; families other than 1 and 2 are opaque but valid.
bool apl_is_valid(std::span<const std::uint8_t> rdata);
// False when the text could not reproduce the wire: another address family, or trailing
// zero octets in an address (RFC 3123 §4 tells senders to drop them).
bool append_apl(std::span<const std::uint8_t> rdata, std::string& out);

}  // namespace zoned::wire
