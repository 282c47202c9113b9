// Binary-to-text encodings of RDATA presentation (RFC 4648): hex, base32hex without padding
// (NSEC3 hashed names) and base64 with padding. Decoders accept input split over several
// zone-file tokens and write into a caller-owned buffer; nothing allocates.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace zoned::wire {

// Bounded output of the decoders. A write past `capacity` is dropped and sets `overflow`,
// so a decoder's "bad input" and "no room" failures can be told apart.
struct ByteSink {
  std::uint8_t* data = nullptr;
  std::size_t capacity = 0;
  std::size_t size = 0;
  bool overflow = false;

  void put(std::uint8_t b) {
    if (size < capacity) {
      data[size++] = b;
    } else {
      overflow = true;
    }
  }
};

// Value of a hex digit (either case), or -1.
int hex_digit_value(char c);

// Hex digits, possibly split over several feed() calls ("0A0B 0C"): an odd digit is carried
// over to the next call.
class HexDecoder {
 public:
  // False on a character that is not a hex digit.
  bool feed(std::string_view text, ByteSink& out);
  // False when an odd number of digits was fed.
  bool finish() const { return !has_half_; }

 private:
  bool has_half_ = false;
  std::uint8_t half_ = 0;
};

// Base64 with "=" padding, possibly split over several feed() calls at any character.
class Base64Decoder {
 public:
  // False on a character outside the alphabet, misplaced padding, or data after padding.
  bool feed(std::string_view text, ByteSink& out);
  // False when the input stopped inside a 4-character quantum.
  bool finish() const { return count_ == 0; }

 private:
  std::uint32_t bits_ = 0;
  std::uint8_t count_ = 0;    // characters of the current quantum seen, padding included
  std::uint8_t padding_ = 0;  // "=" seen in the current quantum
  bool done_ = false;         // a padded quantum ended the data
};

// Base32hex (RFC 4648 §7) without padding, either case, as one token. False on a bad
// character or a length that cannot come from whole octets (1, 3 or 6 characters mod 8).
bool decode_base32hex(std::string_view text, ByteSink& out);

// Uppercase hex, as BIND prints DS digests, NSEC3 salts and "\#" data.
void append_hex_upper(std::span<const std::uint8_t> data, std::string& out);
// Lowercase hex (EUI-48/64, NSAP and ILNP locators are printed lowercase by BIND and dnspython).
void append_hex_lower(std::span<const std::uint8_t> data, std::string& out);
// Lowercase base32hex without padding, as dnspython prints NSEC3 next hashed owner names
// (and as RFC 5155's examples and NSEC3 owner names are written).
void append_base32hex(std::span<const std::uint8_t> data, std::string& out);
// Base64 with padding, unbroken.
void append_base64(std::span<const std::uint8_t> data, std::string& out);

}  // namespace zoned::wire
