// LOC (RFC 1876): geographic location, printed as dnspython prints it.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace zoned::wire {

class TextIn;

// d1 [m1 [s1]] {N|S} d2 [m2 [s2]] {E|W} alt[m] [siz[m] [hp[m] [vp[m]]]]
bool parse_loc(TextIn& in);
// Version 0 must be 16 octets with in-range coordinates and sizes; other versions have an
// unknown layout and are accepted as opaque data (as BIND does).
bool loc_is_valid(std::span<const std::uint8_t> rdata);
// "52 22 23.000 N 4 53 32.000 E -2.00m", the sizes added when not all default. False when
// the text could not reproduce the wire (another version, a zero mantissa with an exponent).
bool append_loc(std::span<const std::uint8_t> rdata, std::string& out);

}  // namespace zoned::wire
