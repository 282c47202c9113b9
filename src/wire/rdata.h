// RDATA of every RR type: presentation <-> wire, validation, and where the names are.
// The per-type knowledge lives in one table (rrtype_table.cpp); nothing here does I/O.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "wire/name.h"

namespace zoned::wire {

// One presentation token of a record's RDATA, as the zone-file lexer saw it: the raw text
// with escapes still in it; `quoted` when it was written between double quotes (the quotes
// themselves are not part of `text`).
struct TextToken {
  std::string_view text;
  bool quoted = false;
};

struct RdataTextResult {
  bool ok = false;
  std::uint16_t length = 0;   // wire octets written, when ok
  std::size_t bad_token = 0;  // index of the offending token, when !ok; tokens.size() when
                              // a field is missing
  std::string error;          // what is wrong, when !ok (no allocation on success)
};

// Parses presentation RDATA of `type` (also the RFC 3597 "\# len hex" form, accepted for
// every type) into uncompressed wire form in `out`. Relative names are completed with
// `origin`. `out` must have room for 65535 octets.
RdataTextResult rdata_from_text(std::uint16_t type, std::span<const TextToken> tokens,
                                NameView origin, std::span<std::uint8_t> out);

// Appends the canonical presentation of uncompressed wire RDATA. Types without a
// presentation format, and RDATA that does not validate, are printed as "\# len hex".
void rdata_to_text(std::uint16_t type, std::span<const std::uint8_t> rdata, std::string& out);

// True when uncompressed wire RDATA is well formed for `type` (field lengths, embedded
// names, fixed sizes). Unknown types are always valid.
bool rdata_is_valid(std::uint16_t type, std::span<const std::uint8_t> rdata);

// Lowercases, in place, the embedded names that RFC 4034 §6.2 (as amended by RFC 6840
// §5.1) requires lowercased for the canonical form. `rdata` must be valid.
void rdata_canonicalize(std::uint16_t type, std::span<std::uint8_t> rdata);

// ----- where the names are -----

// A domain name embedded in RDATA.
struct RdataName {
  std::uint16_t offset = 0;   // in the uncompressed RDATA
  std::uint16_t length = 0;   // wire octets
  bool compressible = false;  // may be compressed when sent: RFC 1035 types only (RFC 3597 §4)
};

struct RdataNames {
  std::array<RdataName, 2> names;  // no type embeds more than two
  std::size_t count = 0;
};

// The embedded names of valid uncompressed RDATA, in order (NS target, MX exchange, both SOA
// names, SRV target, IPSECKEY gateway name, ...).
RdataNames rdata_names(std::uint16_t type, std::span<const std::uint8_t> rdata);

}  // namespace zoned::wire
