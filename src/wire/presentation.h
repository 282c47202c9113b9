// Presentation-format primitives shared by the RDATA parsers and printers: decimal numbers,
// <character-string>s (RFC 1035 §5.1 escapes) and IP addresses. Locale-free, no allocation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace zoned::wire {

enum class NumberStatus : std::uint8_t { kOk, kSyntax, kRange };

// Plain decimal digits only (no sign, no spaces), at most `max`.
NumberStatus parse_decimal(std::string_view text, std::uint64_t max, std::uint64_t& out);

enum class UnescapeStatus : std::uint8_t { kOk, kBadEscape, kTooLong };

// Resolves the \X and \DDD escapes of a token into at most `capacity` octets at `out`;
// `length` receives the octet count.
UnescapeStatus unescape_text(std::string_view text, std::uint8_t* out, std::size_t capacity,
                             std::size_t& length);

// Yields the octets of a token one at a time with its escapes resolved, for values that are
// split or decoded further after unescaping (SVCB value lists).
class Unescaper {
 public:
  explicit Unescaper(std::string_view text) : text_(text) {}
  // False at the end of the text or on a malformed escape (then bad() is true).
  bool next(std::uint8_t& octet);
  bool bad() const { return bad_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  bool bad_ = false;
};

// Appends octets as the inside of a quoted string: '"' and '\' as \" and \\, octets outside
// printable ASCII as \DDD, everything else as is (BIND's and dnspython's form).
void append_escaped(std::span<const std::uint8_t> text, std::string& out);
// The same between double quotes.
void append_quoted(std::span<const std::uint8_t> text, std::string& out);

void append_decimal(std::uint64_t value, std::string& out);
// "1.50", "-0.07": a fixed-point value in hundredths, as printf's "%0.2f" prints it.
void append_hundredths(std::int64_t value, std::string& out);

// Dotted quad of exactly four decimal octets without leading zeros ("1.2.3.4").
bool parse_ipv4(std::string_view text, std::uint8_t out[4]);
bool parse_ipv6(std::string_view text, std::uint8_t out[16]);
void append_ipv4(const std::uint8_t address[4], std::string& out);
// RFC 5952 form (inet_ntop), e.g. "2001:db8::1", "::ffff:192.0.2.1".
void append_ipv6(const std::uint8_t address[16], std::string& out);

// ASCII case-insensitive equality.
bool iequals(std::string_view a, std::string_view b);

inline std::uint16_t read_u16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>(p[0] << 8 | p[1]);
}
inline std::uint32_t read_u32(const std::uint8_t* p) {
  return static_cast<std::uint32_t>(p[0]) << 24 | static_cast<std::uint32_t>(p[1]) << 16 |
         static_cast<std::uint32_t>(p[2]) << 8 | p[3];
}

}  // namespace zoned::wire
